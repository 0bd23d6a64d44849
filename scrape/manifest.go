package scrape

import (
	"errors"
	"fmt"
	"io/fs"
	"regexp"
	"sort"
	"strings"

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

	lines map[string]int // source id → line of its [[source]] table
}

// SourceLine returns the line of the manifest's [[source]] table of the
// source id, 0 when not known.
func (m *Manifest) SourceLine(id string) int { return m.lines[id] }

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
	Columns    map[string]string        `toml:"columns"`
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
// are *errdex.Error naming the file, the line where it is known (the
// [[source]] or [[platform]] table at fault, a syntax error's line), and
// what to change.
func LoadManifest(fsys fs.FS, name string) (*Manifest, error) {
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, errdex.ErrorAt(name, 0, pathErr(err))
	}
	var mf manifestFile
	md, err := decodeTOML(name, data, &mf, "each source is a [[source]] table")
	if err != nil {
		return nil, err
	}
	if un := md.Undecoded(); len(un) > 0 {
		return nil, errdex.Errorf(name, 0, "unknown key %q: check its spelling against content/pages/adding-a-source.md", un[0].String())
	}
	m := &Manifest{Platforms: errdex.DefaultPlatforms(), ScopeNames: map[errdex.Platform]map[string]string{}, lines: map[string]int{}}
	platformLines, sourceLines := TableLines(data, "platform"), TableLines(data, "source")
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
		// The first table whose prefix fails is the one at fault.
		line := 0
		for i := range mf.Platform {
			if m.Platforms[:i+1].Validate() != nil {
				line = lineOf(platformLines, i)
				break
			}
		}
		return nil, errdex.Errorf(name, line, "[[platform]]: %w", err)
	}
	if _, err := search.NewRules(m.Platforms); err != nil {
		return nil, errdex.Errorf(name, 0, "[[platform]]: %w", err)
	}
	if err := errdex.ValidURLTemplate(mf.Site.Report); err != nil {
		return nil, errdex.Errorf(name, 0, "[site] report: %w", err)
	}
	m.Site = errdex.SiteInfo{Report: mf.Site.Report}
	for p, names := range mf.Scopes {
		pl, err := m.Platforms.Parse(p)
		if err != nil {
			return nil, errdex.Errorf(name, 0, "[scopes.%s]: %w", p, err)
		}
		m.ScopeNames[pl] = names
	}
	seen := map[string]bool{}
	for i, s := range mf.Source {
		line := lineOf(sourceLines, i)
		where := fmt.Sprintf("[[source]] #%d (id %q)", i+1, s.ID)
		src, err := s.toSource(m.Platforms)
		if err != nil {
			return nil, errdex.Errorf(name, line, "%s: %w", where, err)
		}
		if seen[src.ID] {
			return nil, errdex.Errorf(name, line, "%s: duplicate id: give each source its own id", where)
		}
		seen[src.ID] = true
		m.lines[src.ID] = line
		m.Sources = append(m.Sources, src)
	}
	for _, s := range m.Sources {
		if s.Supersedes != "" && !seen[s.Supersedes] {
			return nil, errdex.Errorf(name, m.lines[s.ID], "source %q supersedes %q, which the manifest does not list", s.ID, s.Supersedes)
		}
	}
	if len(m.Sources) == 0 {
		return nil, errdex.Errorf(name, 0, "no [[source]] entries: add one per snapshot")
	}
	sort.Slice(m.Sources, func(i, j int) bool { return m.Sources[i].ID < m.Sources[j].ID })
	return m, nil
}

// decodeTOML decodes the TOML file name into v. Errors are *errdex.Error: a
// syntax error at its line; any other error ends with hint, which says what
// the file holds.
func decodeTOML(name string, data []byte, v any, hint string) (toml.MetaData, error) {
	md, err := toml.Decode(string(data), v)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return md, errdex.Errorf(name, pe.Position.Line, "%s", pe.Message)
		}
		return md, errdex.Errorf(name, 0, "%w: %s", err, hint)
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
	words := make([]string, 0, len(s.Columns))
	for word := range s.Columns {
		words = append(words, word)
	}
	sort.Strings(words)
	seen := map[string]string{}
	for _, word := range words {
		role := s.Columns[word]
		if _, ok := parseRole(role); !ok || headerKey(word) == "" {
			return errdex.Source{}, fmt.Errorf("columns: %q = %q: name a header word and one of the roles %s", word, role, strings.Join(ColumnRoles(), ", "))
		}
		if prev, dup := seen[headerKey(word)]; dup {
			return errdex.Source{}, fmt.Errorf("columns: %q and %q name the same header: keep one", prev, word)
		}
		seen[headerKey(word)] = word
	}
	src := errdex.Source{
		ID: s.ID, Platform: p, Title: s.Title, URL: s.URL, Retrieved: s.Retrieved,
		Format: s.Format, Path: s.Path, ExpectedRows: s.Rows, Sections: s.Sections,
		Supersedes: s.Supersedes, Glossary: s.Glossary, Kind: s.Kind, Columns: s.Columns, Scopes: map[string]errdex.ScopeTarget{},
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
