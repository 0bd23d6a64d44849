package errdex

// Platform names one of the API platforms errdex documents: its id, as in
// URLs. Which platforms there are, and their names, is data: the
// manifest's platform table (PlatformTable, Catalog.Platforms).
type Platform string

// The platforms of the built-in table, DefaultPlatforms.
const (
	WeCom    Platform = "wecom"
	DingTalk Platform = "dingtalk"
	WeChat   Platform = "wechat"
)

// Valid reports whether p is one of the built-in platforms.
//
// Deprecated: use PlatformTable.Lookup on the catalog's table.
func (p Platform) Valid() bool {
	_, ok := DefaultPlatforms().Lookup(p)
	return ok
}

// Name is the platform's English display name in the built-in table, the
// id for any other platform.
//
// Deprecated: use PlatformTable.Info on the catalog's table.
func (p Platform) Name() string { return DefaultPlatforms().Info(p).Name }

// NameZH is the platform's Chinese display name in the built-in table, the
// id for any other platform.
//
// Deprecated: use PlatformTable.Info on the catalog's table.
func (p Platform) NameZH() string { return DefaultPlatforms().Info(p).NameZH }

// ParsePlatform turns a manifest value into one of the built-in platforms,
// or explains what is allowed.
//
// Deprecated: use PlatformTable.Parse on the manifest's table.
func ParsePlatform(s string) (Platform, error) { return DefaultPlatforms().Parse(s) }

// Source describes one snapshot of an error-code page, as listed in the manifest.
type Source struct {
	ID        string   // stable identifier, e.g. "wecom-global-2023"
	Platform  Platform // the platform the page belongs to
	Title     string   // human title of the page
	URL       string   // origin URL of the live page
	Retrieved string   // retrieval date, YYYY-MM-DD, or "" when unknown
	Format    string   // adapter name: markdown, tsv, dingtalk, pipe, html
	Path      string   // snapshot path relative to the content directory
	// Supersedes is the ID of an older snapshot of the same page, "" when none.
	Supersedes   string
	ExpectedRows int // the manifest's independent count of candidate rows (rows = …), 0 when not known
	Sections     int // independent count of troubleshooting sections, 0 when none
	// Glossary is the path, relative to the content directory, of the
	// glossary that cleans the source's English texts; "" for none.
	Glossary string
	// Kind says what the snapshot is a capture of: KindOfficial (also when
	// "") for the platform's own page, KindCopy for a third party's copy.
	Kind string
	// Columns is the source's column override: a table header word (as
	// written in the snapshot) → the role of its column (code, zh, en,
	// message, fix, note, scope, ignore, …; see package scrape), for a
	// header the scrape vocabulary does not know or reads otherwise. Nil
	// for none.
	Columns map[string]string

	// Scopes maps a section or scope label found in the snapshot to the
	// platform and scope its rows belong to. The label "" is the default.
	Scopes map[string]ScopeTarget
}

// The kinds of source (Source.Kind).
const (
	KindOfficial = "official" // the platform's own page
	KindCopy     = "copy"     // a third party's copy of the platform's page
)

// Official reports whether the source is a capture of the platform's own
// page rather than a third party's copy.
func (s Source) Official() bool { return s.Kind != KindCopy }

// ScopeTarget is where rows carrying one label belong.
type ScopeTarget struct {
	Platform Platform // platform of the rows; the source's when empty
	Scope    string   // canonical scope id within that platform, "" for general
}

// Resolve maps a raw scope label to a platform and scope. Unknown labels
// fall back to the default mapping (label ""), then to the source's platform
// with the general scope; ok is false in that last case.
func (s Source) Resolve(label string) (p Platform, scope string, ok bool) {
	t, ok := s.Scopes[label]
	if !ok {
		t = s.Scopes[""]
	}
	p = t.Platform
	if p == "" {
		p = s.Platform
	}
	return p, t.Scope, ok || label == ""
}
