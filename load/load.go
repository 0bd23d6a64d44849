package load

import (
	"errors"
	"fmt"
	"io/fs"

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
	m, err := scrape.LoadManifest(fsys, scrape.ManifestFile)
	if err != nil {
		return nil, err
	}
	c := &Content{Manifest: m}
	if c.Harvests, err = scrape.All(fsys, m); err != nil {
		return nil, err
	}
	// A glossary cleans the sources that name it (glossary = "…").
	glossaries := map[string]*scrape.Glossary{}
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
		c.Harvests[i] = g.CleanHarvest(h)
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
	c.Catalog = errdex.Merge(c.Harvests, errdex.WithThesaurus(c.Thesaurus), errdex.WithReviews(c.Reviews), errdex.WithPlatforms(m.Platforms))
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
