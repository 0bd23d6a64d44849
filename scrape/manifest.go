package scrape

import (
	"errors"
	"fmt"
	"io/fs"
	"regexp"
	"sort"

	"errdex"
	"errdex/search"

	"github.com/BurntSushi/toml"
)

// ManifestFile is the manifest's name inside the content directory.
const ManifestFile = "sources.toml"

// Manifest is the parsed content/sources.toml: the platforms, the sources
// and the display names of each platform's scopes.
type Manifest struct {
	// Platforms is the [[platform]] tables in file order, or
	// errdex.DefaultPlatforms when there are none.
	Platforms  errdex.PlatformTable
	Sources    []errdex.Source
	ScopeNames map[errdex.Platform]map[string]string
	// Site is the [site] table: site-wide settings.
	Site errdex.SiteInfo
}

type manifestFile struct {
	Site     manifestSite                 `toml:"site"`
	Platform []manifestPlatform           `toml:"platform"`
	Source   []manifestSource             `toml:"source"`
	Scopes   map[string]map[string]string `toml:"scopes"`
}

type manifestPlatform struct {
	ID        string   `toml:"id"`
	Name      string   `toml:"name"`
	NameZH    string   `toml:"name_zh"`
	Words     []string `toml:"words"`
	Color     string   `toml:"color"`
	ColorDark string   `toml:"color_dark"`
	Lookup    string   `toml:"lookup"`
	Anchor    string   `toml:"anchor"`
}

type manifestSite struct {
	Report string `toml:"report"`
}

type manifestSource struct {
	ID         string                   `toml:"id"`
	Platform   string                   `toml:"platform"`
	Title      string                   `toml:"title"`
	URL        string                   `toml:"url"`
	Retrieved  string                   `toml:"retrieved"`
	Format     string                   `toml:"format"`
	Path       string                   `toml:"path"`
	Rows       int                      `toml:"rows"`
	Sections   int                      `toml:"sections"`
	Supersedes string                   `toml:"supersedes"`
	Glossary   string                   `toml:"glossary"`
	Kind       string                   `toml:"kind"`
	Scopes     map[string]manifestScope `toml:"scopes"`
}

type manifestScope struct {
	Platform string `toml:"platform"`
	Scope    string `toml:"scope"`
}

var (
	idPattern   = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)
	datePattern = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
)

// LoadManifest reads and validates the manifest at name in fsys. Errors
// name the file, the line where the parser knows it, and what to change.
func LoadManifest(fsys fs.FS, name string) (*Manifest, error) {
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, pathErr(err))
	}
	var mf manifestFile
	md, err := decodeTOML(name, data, &mf, "each source is a [[source]] table")
	if err != nil {
		return nil, err
	}
	if un := md.Undecoded(); len(un) > 0 {
		return nil, fmt.Errorf("%s: unknown key %q: check its spelling against content/pages/adding-a-source.md", name, un[0].String())
	}
	m := &Manifest{Platforms: errdex.DefaultPlatforms(), ScopeNames: map[errdex.Platform]map[string]string{}}
	if len(mf.Platform) > 0 {
		m.Platforms = nil
		for _, p := range mf.Platform {
			m.Platforms = append(m.Platforms, errdex.PlatformInfo{
				ID: errdex.Platform(p.ID), Name: p.Name, NameZH: p.NameZH, Words: p.Words,
				Color: p.Color, ColorDark: p.ColorDark, Lookup: p.Lookup, Anchor: p.Anchor,
			})
		}
	}
	if err := m.Platforms.Validate(); err != nil {
		return nil, fmt.Errorf("%s: [[platform]]: %w", name, err)
	}
	if _, err := search.NewRules(m.Platforms); err != nil {
		return nil, fmt.Errorf("%s: [[platform]]: %w", name, err)
	}
	if err := errdex.ValidURLTemplate(mf.Site.Report); err != nil {
		return nil, fmt.Errorf("%s: [site] report: %w", name, err)
	}
	m.Site = errdex.SiteInfo{Report: mf.Site.Report}
	for p, names := range mf.Scopes {
		pl, err := m.Platforms.Parse(p)
		if err != nil {
			return nil, fmt.Errorf("%s: [scopes.%s]: %w", name, p, err)
		}
		m.ScopeNames[pl] = names
	}
	seen := map[string]bool{}
	for i, s := range mf.Source {
		where := fmt.Sprintf("%s: [[source]] #%d (id %q)", name, i+1, s.ID)
		src, err := s.toSource(m.Platforms)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", where, err)
		}
		if seen[src.ID] {
			return nil, fmt.Errorf("%s: duplicate id: give each source its own id", where)
		}
		seen[src.ID] = true
		m.Sources = append(m.Sources, src)
	}
	for _, s := range m.Sources {
		if s.Supersedes != "" && !seen[s.Supersedes] {
			return nil, fmt.Errorf("%s: source %q supersedes %q, which the manifest does not list", name, s.ID, s.Supersedes)
		}
	}
	if len(m.Sources) == 0 {
		return nil, fmt.Errorf("%s: no [[source]] entries: add one per snapshot", name)
	}
	sort.Slice(m.Sources, func(i, j int) bool { return m.Sources[i].ID < m.Sources[j].ID })
	return m, nil
}

// decodeTOML decodes the TOML file name into v. A syntax error names
// name:line; any other error ends with hint, which says what the file holds.
func decodeTOML(name string, data []byte, v any, hint string) (toml.MetaData, error) {
	md, err := toml.Decode(string(data), v)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return md, fmt.Errorf("%s:%d: %s", name, pe.Position.Line, pe.Message)
		}
		return md, fmt.Errorf("%s: %w: %s", name, err, hint)
	}
	return md, nil
}

func (s manifestSource) toSource(platforms errdex.PlatformTable) (errdex.Source, error) {
	if !idPattern.MatchString(s.ID) {
		return errdex.Source{}, fmt.Errorf("id %q: use lower-case letters, digits and dashes", s.ID)
	}
	p, err := platforms.Parse(s.Platform)
	if err != nil {
		return errdex.Source{}, err
	}
	if _, ok := adapters[s.Format]; !ok {
		return errdex.Source{}, fmt.Errorf("format %q: use one of %v", s.Format, Formats())
	}
	if s.Path == "" {
		return errdex.Source{}, fmt.Errorf("path is empty: give the snapshot's path inside the content directory")
	}
	if s.Retrieved != "" && !datePattern.MatchString(s.Retrieved) {
		return errdex.Source{}, fmt.Errorf("retrieved %q: write the date as YYYY-MM-DD, or leave it out when unknown", s.Retrieved)
	}
	if s.Kind != "" && s.Kind != errdex.KindOfficial && s.Kind != errdex.KindCopy {
		return errdex.Source{}, fmt.Errorf("kind %q: use %q for the platform's own page or %q for a third party's copy", s.Kind, errdex.KindOfficial, errdex.KindCopy)
	}
	src := errdex.Source{
		ID: s.ID, Platform: p, Title: s.Title, URL: s.URL, Retrieved: s.Retrieved,
		Format: s.Format, Path: s.Path, ExpectedRows: s.Rows, Sections: s.Sections,
		Supersedes: s.Supersedes, Glossary: s.Glossary, Kind: s.Kind, Scopes: map[string]errdex.ScopeTarget{},
	}
	for label, t := range s.Scopes {
		var tp errdex.Platform
		if t.Platform != "" {
			if tp, err = platforms.Parse(t.Platform); err != nil {
				return errdex.Source{}, fmt.Errorf("scope label %q: %w", label, err)
			}
		}
		src.Scopes[label] = errdex.ScopeTarget{Platform: tp, Scope: t.Scope}
	}
	return src, nil
}
