package errdex

import (
	"cmp"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// Key identifies one code on one platform.
type Key struct {
	Platform Platform
	Code     string
}

// SourceRef points at the row of a source that states something.
type SourceRef struct {
	Source string `json:"source"`
	Line   int    `json:"line"`
}

// Wording is one way a meaning is put, with the sources that put it so.
type Wording struct {
	ZH              string      `json:"zh"`
	EN              string      `json:"en"`
	Fix             string      `json:"fix"`
	Troubleshooting string      `json:"troubleshooting"`
	Scope           string      `json:"scope"`
	ScopeLabel      string      `json:"scope_label"`
	Sources         []SourceRef `json:"sources"`
	// Superseded is true when every source of the wording is a snapshot a
	// newer one supersedes: history, not the current text.
	Superseded bool `json:"superseded"`
	// Corrected is the reason of the erratum that corrected the wording
	// from its capture, "" when it is as captured.
	Corrected string `json:"corrected"`
}

// Meaning is one distinct thing a code means on a platform. Its text and
// Scope are those of its first wording, filled in from later ones where
// empty; Wordings keeps every variant, each with its own scope and sources.
type Meaning struct {
	ID              string      // anchor id, stable within the code: "m1", "m2", …
	ZH              string      // Chinese text
	EN              string      // English text
	Fix             string      // what to do
	Troubleshooting string      // Markdown troubleshooting section
	Scope           string      // canonical scope id, "" for general
	ScopeLabels     []string    // labels the sources used for that scope
	Scopes          []string    // every scope the meaning is stated in, Scope first
	Sources         []SourceRef // every source row that states it
	Wordings        []Wording   // every distinct wording, sources included
}

// Code is everything known about one (platform, code).
type Code struct {
	Platform  Platform
	Code      string
	Meanings  []Meaning
	Conflicts []ConflictKind // sorted, distinct; after the review, if any
	Elsewhere []Sibling      // the same number on other platforms
	// Detected is what the measure flagged, before any review.
	Detected []ConflictKind
	// Review is the maintainers' verdict on the code, nil when none.
	Review *CodeReview
	// Responses are the errmsgs the API was seen to return for the code.
	Responses []Response
}

// Key returns the code's (platform, code).
func (c *Code) Key() Key { return Key{Platform: c.Platform, Code: c.Code} }

// URL is the code page's path relative to the site root, e.g. "wecom/40014/".
func (c *Code) URL() string { return CodeURL(c.Platform, c.Code) }

// Conflict is the conflict kinds as errdex.json writes them: sorted and
// comma-separated, "" when there is none.
func (c *Code) Conflict() string { return JoinKinds(c.Conflicts) }

// JoinKinds writes conflict kinds as errdex.json does: comma-separated.
func JoinKinds(ks []ConflictKind) string {
	s := make([]string, len(ks))
	for i, k := range ks {
		s[i] = string(k)
	}
	return strings.Join(s, ",")
}

// Title is the code's headline meaning: the first meaning's Chinese text,
// else its English text.
func (c *Code) Title() string {
	for _, m := range c.Meanings {
		if m.ZH != "" {
			return m.ZH
		}
	}
	for _, m := range c.Meanings {
		if m.EN != "" {
			return m.EN
		}
	}
	return ""
}

// Sibling is the same number on another platform.
type Sibling struct {
	Platform Platform `json:"platform"`
	URL      string   `json:"url"`
	Title    string   `json:"title"`
	Agrees   bool     `json:"agrees"` // whether some meaning matches one of this code's
	// Agreement is "same", "different", or "unknown" when the two platforms
	// document the number in different languages and cannot be compared.
	Agreement Verdict `json:"agreement"`
	// Via is ViaResponses when the agreement was found through what the
	// APIs return rather than in the documentation; "" otherwise.
	Via string `json:"via,omitempty"`
}

// SiteInfo is the site-wide settings of the manifest's [site] table.
type SiteInfo struct {
	// Report is the URL template of the link to report a problem with a
	// code page, "{title}" and "{url}" standing for the code's title and
	// address (query-escaped), e.g.
	// "https://github.com/OWNER/REPO/issues/new?title={title}&body={url}";
	// "" leaves the link out.
	Report string
}

// ReportURL is the link to report a problem with the page at pageURL
// titled title, "" when no report template is set.
func (s SiteInfo) ReportURL(title, pageURL string) string {
	if s.Report == "" {
		return ""
	}
	return strings.NewReplacer("{title}", url.QueryEscape(title), "{url}", url.QueryEscape(pageURL)).Replace(s.Report)
}

// CodeURL is the path of a code page relative to the site root.
func CodeURL(p Platform, code string) string { return string(p) + "/" + code + "/" }

// NumberURL is the path of the page for a number across platforms.
func NumberURL(code string) string { return "code/" + code + "/" }

// SourceInfo is a source as the catalog reports it: its manifest entry and
// the reconciliation of its rows.
type SourceInfo struct {
	Source
	Rows     int
	Entries  int
	Sections int
	Attached int
	Skipped  []Skip
	Orphans  []Skip
	Repairs  []Skip // bounded repairs made to the snapshot's text (errata, cleanups)
	// Unattached lists sightings of API responses for codes no page
	// documents: kept in the source, not shown.
	Unattached []Skip
	// Observed is true for a source of observed API responses (every
	// entry a sighting): no snapshot of a documentation page.
	Observed bool
}

// Catalog is the canonical model: every code of every platform, merged
// from every source.
type Catalog struct {
	Sources []SourceInfo // sorted by ID
	Codes   []*Code      // sorted by platform, then number
	Changes []Change     // differences between snapshots of one page

	// ScopeNames gives each platform's scope ids a display name.
	ScopeNames map[Platform]map[string]string
	// Platforms is the platform table the catalog was merged with (see
	// WithPlatforms); nil means DefaultPlatforms.
	Platforms PlatformTable
	// Site is the manifest's site-wide settings.
	Site SiteInfo

	byKey map[Key]*Code
}

// ScopeName is the display name of a platform's scope, the id itself when
// the manifest names none, and "General" for the general scope.
func (c *Catalog) ScopeName(p Platform, scope string) string {
	if n := c.ScopeNames[p][scope]; n != "" {
		return n
	}
	if scope == "" {
		return "General"
	}
	return scope
}

// PlatformTable returns the catalog's platforms: Platforms, or
// DefaultPlatforms when it is nil.
func (c *Catalog) PlatformTable() PlatformTable {
	if c.Platforms == nil {
		return DefaultPlatforms()
	}
	return c.Platforms
}

// Lookup returns the code for (platform, code), or nil.
func (c *Catalog) Lookup(p Platform, code string) *Code { return c.byKey[Key{p, code}] }

// Source returns the source with the given id, or false.
func (c *Catalog) Source(id string) (SourceInfo, bool) {
	i := sort.Search(len(c.Sources), func(i int) bool { return c.Sources[i].ID >= id })
	if i < len(c.Sources) && c.Sources[i].ID == id {
		return c.Sources[i], true
	}
	return SourceInfo{}, false
}

// ByNumber returns every platform's code with the given number, in platform order.
func (c *Catalog) ByNumber(code string) []*Code {
	var out []*Code
	for _, p := range c.PlatformTable().IDs() {
		if x := c.Lookup(p, code); x != nil {
			out = append(out, x)
		}
	}
	return out
}

// Numbers returns every distinct code string in the catalog, in code order.
func (c *Catalog) Numbers() []string {
	seen := map[string]bool{}
	var nums []number
	for _, x := range c.Codes {
		if !seen[x.Code] {
			seen[x.Code] = true
			nums = append(nums, number{codeNumber(x.Code), x.Code})
		}
	}
	slices.SortFunc(nums, compareNumbers)
	out := make([]string, len(nums))
	for i, n := range nums {
		out[i] = n.s
	}
	return out
}

// number is a code string with its number (codeNumber), read once for a
// sort.
type number struct {
	n int64
	s string
}

// compareNumbers orders numbers as CodeLess orders their strings.
func compareNumbers(a, b number) int {
	return cmp.Or(cmp.Compare(a.n, b.n), strings.Compare(a.s, b.s))
}

// CodeLess orders code strings by their number, pattern codes such as
// "-40400x" by the number with x read as 0, ties by the string.
func CodeLess(a, b string) bool {
	na, nb := codeNumber(a), codeNumber(b)
	if na != nb {
		return na < nb
	}
	return a < b
}

func codeNumber(s string) int64 {
	if strings.ContainsAny(s, "xX") {
		// Only an x (or X) becomes a digit: whatever else lowercasing
		// changes is not a digit either way.
		s = strings.ReplaceAll(strings.ReplaceAll(s, "x", "0"), "X", "0")
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return 1 << 62
	}
	return n
}

// sortCodes puts the codes in catalog order: by platform in the table's
// order, then as CodeLess orders them.
func (c *Catalog) sortCodes() {
	type keyed struct {
		rank int
		num  number
		c    *Code
	}
	ks := make([]keyed, len(c.Codes))
	for i, x := range c.Codes {
		ks[i] = keyed{c.platformRank(x.Platform), number{codeNumber(x.Code), x.Code}, x}
	}
	slices.SortFunc(ks, func(a, b keyed) int {
		return cmp.Or(cmp.Compare(a.rank, b.rank), compareNumbers(a.num, b.num), cmp.Compare(a.c.Platform, b.c.Platform))
	})
	for i, k := range ks {
		c.Codes[i] = k.c
	}
}

// platformRank orders platforms as the catalog's table lists them.
func (c *Catalog) platformRank(p Platform) int { return c.PlatformTable().Index(p) }
