package load

import (
	"errors"
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

// Read loads the content tree fsys and merges it. Errors name the file
// (and line, where there is one) inside fsys.
func Read(fsys fs.FS) (*Content, error) {
	m, err := scrape.LoadManifest(fsys, scrape.ManifestFile)
	if err != nil {
		return nil, err
	}
	c := &Content{Manifest: m}
	if c.Harvests, err = scrape.All(fsys, m); err != nil {
		return nil, err
	}
	if ok, err := exists(fsys, scrape.GlossaryFile); err != nil {
		return nil, err
	} else if ok {
		g, err := scrape.LoadGlossary(fsys, scrape.GlossaryFile)
		if err != nil {
			return nil, err
		}
		for i := range c.Harvests {
			c.Harvests[i] = g.CleanHarvest(c.Harvests[i])
		}
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
	c.Catalog = errdex.Merge(c.Harvests, errdex.WithThesaurus(c.Thesaurus), errdex.WithReviews(c.Reviews))
	c.Catalog.ScopeNames = m.ScopeNames
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
	return false, err
}
