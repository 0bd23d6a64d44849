package load

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"slices"

	"errdex"
	"errdex/scrape"
)

// Content is a content tree, read and merged.
type Content struct {
	Manifest  *scrape.Manifest
	Harvests  []errdex.Harvest // one per source, after the glossary and the errata
	Thesaurus *errdex.Thesaurus
	Reviews   []errdex.Review
	Errata    []scrape.Erratum
	Catalog   *errdex.Catalog
}

// Read loads the content tree fsys and merges it. Every error is an
// *errdex.Error naming the file (and line, where there is one) inside fsys,
// once: a caller that knows the tree's directory names it with
// errdex.Error.In.
func Read(fsys fs.FS) (*Content, error) {
	return ReadCached(fsys, nil)
}

// Cache keeps the harvest of each source between reads of a content
// tree, under a digest of what the harvest is made from: the source's
// manifest entry, its snapshot's bytes and the platform table. A read
// with a cache scrapes only the sources whose digest changed (errdex
// serve, after one file was saved), and what the merge learnt of the
// texts it compared (errdex.MergeCache). It is safe for one read at a
// time.
type Cache struct {
	harvests map[string]errdex.Harvest // by digest
	// cleaned are the harvests a glossary cleaned, by the digest of the
	// harvest and of the glossary file.
	cleaned map[string]errdex.Harvest
	scraped int // sources scraped, for tests
	merge   *errdex.MergeCache
}

// NewCache returns an empty cache.
func NewCache() *Cache {
	return &Cache{harvests: map[string]errdex.Harvest{}, cleaned: map[string]errdex.Harvest{}, merge: errdex.NewMergeCache()}
}

// harvests scrapes the sources of m, taking from the cache (nil for none)
// every source whose digest it holds, and keeps only the current
// sources' harvests in it. With a cache it also returns each harvest's
// digest ("" when it has none).
func harvests(fsys fs.FS, m *scrape.Manifest, cache *Cache) ([]errdex.Harvest, []string, error) {
	if cache == nil {
		hs, err := scrape.All(fsys, m)
		return hs, nil, err
	}
	kept := map[string]errdex.Harvest{}
	var out []errdex.Harvest
	var keys []string
	for _, src := range m.Sources {
		key := ""
		if data, err := fs.ReadFile(fsys, src.Path); err == nil {
			h := sha256.New()
			fmt.Fprintf(h, "%#v\n%#v\n", src, m.Platforms)
			h.Write(data)
			key = hex.EncodeToString(h.Sum(nil))
		}
		hv, ok := cache.harvests[key]
		if !ok || key == "" {
			one := *m
			one.Sources = []errdex.Source{src}
			hs, err := scrape.All(fsys, &one)
			if err != nil {
				return nil, nil, err
			}
			hv = hs[0]
			cache.scraped++
		}
		if key != "" {
			kept[key] = hv
		}
		out = append(out, own(hv))
		keys = append(keys, key)
	}
	cache.harvests = kept
	return out, keys, nil
}

// own returns h with its own entries: the glossary and the errata change
// a harvest's entries and repairs, and the cache keeps its own.
func own(h errdex.Harvest) errdex.Harvest {
	h.Entries = slices.Clone(h.Entries)
	h.Skipped, h.Orphans, h.Repairs = slices.Clip(h.Skipped), slices.Clip(h.Orphans), slices.Clip(h.Repairs)
	return h
}

// clean is g.CleanHarvest(h), taken from the cache (nil for none) when
// it holds the harvest of digest key cleaned by the glossary file name.
func clean(fsys fs.FS, g *scrape.Glossary, name string, h errdex.Harvest, key string, cache *Cache, kept map[string]errdex.Harvest) errdex.Harvest {
	if cache == nil || key == "" {
		return g.CleanHarvest(h)
	}
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		return g.CleanHarvest(h)
	}
	sum := sha256.Sum256(append([]byte(key+"\x00"), data...))
	ck := hex.EncodeToString(sum[:])
	hv, ok := cache.cleaned[ck]
	if !ok {
		hv = g.CleanHarvest(h)
	}
	kept[ck] = hv
	return own(hv)
}

// ReadCached is Read, scraping only the sources whose harvest cache does
// not hold (nil: every source).
func ReadCached(fsys fs.FS, cache *Cache) (*Content, error) {
	m, err := scrape.LoadManifest(fsys, scrape.ManifestFile)
	if err != nil {
		return nil, err
	}
	c := &Content{Manifest: m}
	var keys []string
	if c.Harvests, keys, err = harvests(fsys, m, cache); err != nil {
		return nil, err
	}
	// A glossary cleans the sources that name it (glossary = "…").
	glossaries := map[string]*scrape.Glossary{}
	cleaned := map[string]errdex.Harvest{}
	for i, h := range c.Harvests {
		name := h.Source.Glossary
		if name == "" {
			continue
		}
		g, ok := glossaries[name]
		if !ok {
			if g, err = scrape.LoadGlossary(fsys, name); err != nil {
				return nil, within(name, err, fmt.Sprintf("the glossary of source %q", h.Source.ID))
			}
			glossaries[name] = g
		}
		key := ""
		if keys != nil {
			key = keys[i]
		}
		c.Harvests[i] = clean(fsys, g, name, h, key, cache, cleaned)
	}
	if cache != nil {
		cache.cleaned = cleaned
	}
	if ok, err := exists(fsys, scrape.ErrataFile); err != nil {
		return nil, err
	} else if ok {
		if c.Errata, err = scrape.LoadErrata(fsys, scrape.ErrataFile); err != nil {
			return nil, err
		}
		if err := scrape.ApplyErrata(c.Harvests, c.Errata); err != nil {
			return nil, err
		}
	}
	if ok, err := exists(fsys, scrape.ThesaurusFile); err != nil {
		return nil, err
	} else if ok {
		if c.Thesaurus, err = scrape.LoadThesaurus(fsys, scrape.ThesaurusFile); err != nil {
			return nil, err
		}
	}
	if ok, err := exists(fsys, scrape.ReviewsFile); err != nil {
		return nil, err
	} else if ok {
		if c.Reviews, err = scrape.LoadReviews(fsys, scrape.ReviewsFile); err != nil {
			return nil, err
		}
	}
	opts := []errdex.MergeOption{errdex.WithThesaurus(c.Thesaurus), errdex.WithReviews(c.Reviews), errdex.WithPlatforms(m.Platforms)}
	if cache != nil {
		opts = append(opts, errdex.WithCache(cache.merge))
	}
	c.Catalog = errdex.Merge(c.Harvests, opts...)
	c.Catalog.ScopeNames = m.ScopeNames
	c.Catalog.Site = m.Site
	return c, nil
}

// exists reports whether the optional file name is in fsys.
func exists(fsys fs.FS, name string) (bool, error) {
	_, err := fs.Stat(fsys, name)
	switch {
	case err == nil:
		return true, nil
	case errors.Is(err, fs.ErrNotExist):
		return false, nil
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	return false, errdex.ErrorAt(name, 0, err)
}

// within returns err, an error reading the file name, as an *errdex.Error
// whose message ends with what the file is, in parentheses.
func within(name string, err error, what string) error {
	var fe *errdex.Error
	if !errors.As(err, &fe) {
		fe = &errdex.Error{File: name, Err: err}
	}
	return &errdex.Error{File: fe.File, Line: fe.Line, Err: fmt.Errorf("%w (%s)", fe.Err, what)}
}
