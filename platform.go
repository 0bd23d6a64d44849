package errdex

import (
	"fmt"
	"math"
	"net/url"
	"regexp"
	"strconv"
	"strings"
)

// PlatformInfo is one row of the platform table: what the site needs to
// know of a platform besides its codes. The manifest's [[platform]] tables
// give it (content/pages/adding-a-source.md).
type PlatformInfo struct {
	ID     Platform // URL segment and id, e.g. "wecom"
	Name   string   // English display name, e.g. "WeCom"
	NameZH string   // Chinese display name, e.g. "企业微信"
	// Words are further search words that filter by the platform, e.g.
	// "企微". The id, the Chinese name and the lower-cased English name
	// always do (when each is a single word).
	Words []string
	// Color and ColorDark are the badge backgrounds ("#rrggbb") of the
	// light and the dark colour scheme; the badge text is BadgeText and
	// BadgeTextDark on them.
	Color, ColorDark string
	// Lookup is the URL template of the platform's own error-code lookup,
	// "{code}" standing for the code, e.g.
	// "https://open.work.weixin.qq.com/devtool/query?e={code}"; "" for none.
	Lookup string
	// Anchor is the URL template of a code's own place on the platform's
	// official page, used for codes with a troubleshooting section, e.g.
	// "https://developer.work.weixin.qq.com/document/path/90313#错误码：{code}";
	// "" for none.
	Anchor string
}

// LookupURL is the platform's lookup URL for code, "" when it has none.
func (p PlatformInfo) LookupURL(code string) string { return fillCode(p.Lookup, code) }

// AnchorURL is the URL of code's place on the platform's official page,
// "" when the platform has no anchor template.
func (p PlatformInfo) AnchorURL(code string) string { return fillCode(p.Anchor, code) }

// fillCode puts code, query-escaped, in place of "{code}" in template t.
func fillCode(t, code string) string {
	if t == "" {
		return ""
	}
	return strings.ReplaceAll(t, "{code}", url.QueryEscape(code))
}

// ValidURLTemplate checks a URL template of the manifest: an absolute
// http or https URL that holds every one of the placeholders needs
// ("{code}"). "" is valid: the link is left out.
func ValidURLTemplate(t string, needs ...string) error {
	if t == "" {
		return nil
	}
	u, err := url.Parse(t)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("%q is not an absolute http(s) URL", t)
	}
	for _, n := range needs {
		if !strings.Contains(t, n) {
			return fmt.Errorf("%q lacks %s", t, n)
		}
	}
	return nil
}

// PlatformTable is the platforms a catalog documents, in the order codes
// are sorted and platforms are shown.
type PlatformTable []PlatformInfo

// BadgeText and BadgeTextDark are the text colours of a platform badge in
// the light and the dark scheme (static/style.css, .badge); a platform's
// colours must reach a contrast of MinContrast with them.
const (
	BadgeText     = "#ffffff"
	BadgeTextDark = "#0d1016"
	MinContrast   = 4.5 // WCAG 2 AA for normal text
)

// DefaultPlatforms is the table a manifest without [[platform]] tables
// gets: DingTalk, WeChat and WeCom, in that order.
func DefaultPlatforms() PlatformTable {
	return PlatformTable{
		{ID: DingTalk, Name: "DingTalk", NameZH: "钉钉", Color: "#0868c2", ColorDark: "#5cb6ff"},
		{ID: WeChat, Name: "WeChat", NameZH: "微信", Words: []string{"公众号", "小程序"}, Color: "#0b7a35", ColorDark: "#4fd17c"},
		{ID: WeCom, Name: "WeCom", NameZH: "企业微信", Words: []string{"企微"}, Color: "#1a66c9", ColorDark: "#6ea8ff"},
	}
}

// IDs lists the platform ids in table order.
func (t PlatformTable) IDs() []Platform {
	out := make([]Platform, len(t))
	for i, p := range t {
		out[i] = p.ID
	}
	return out
}

// Index is p's position in the table, len(t) when it is not in it.
func (t PlatformTable) Index(p Platform) int {
	for i, q := range t {
		if q.ID == p {
			return i
		}
	}
	return len(t)
}

// Lookup returns p's row, or false.
func (t PlatformTable) Lookup(p Platform) (PlatformInfo, bool) {
	if i := t.Index(p); i < len(t) {
		return t[i], true
	}
	return PlatformInfo{}, false
}

// Info returns p's row; for a platform not in the table, a row whose names
// are the id.
func (t PlatformTable) Info(p Platform) PlatformInfo {
	if info, ok := t.Lookup(p); ok {
		return info
	}
	return PlatformInfo{ID: p, Name: string(p), NameZH: string(p)}
}

// Parse turns a manifest value into one of the table's platforms, or
// explains what is allowed.
func (t PlatformTable) Parse(s string) (Platform, error) {
	p := Platform(strings.ToLower(strings.TrimSpace(s)))
	if _, ok := t.Lookup(p); !ok {
		ids := make([]string, len(t))
		for i, q := range t {
			ids[i] = string(q.ID)
		}
		return "", fmt.Errorf("unknown platform %q: use one of %s, or add a [[platform]]", s, strings.Join(ids, ", "))
	}
	return p, nil
}

var (
	platformIDPattern = regexp.MustCompile(`^[a-z][a-z0-9-]*$`)
	colorPattern      = regexp.MustCompile(`^#[0-9a-fA-F]{6}$`)
)

// reservedIDs are the first URL segments the site uses for its own pages.
var reservedIDs = map[string]bool{
	"assets": true, "code": true, "conflicts": true, "changes": true, "data": true,
	"search": true, "search-index": true, "sources": true,
}

// Validate checks the table: at least one platform; ids of lower-case
// letters, digits and dashes, distinct and not a path the site uses
// itself; both names given; colours "#rrggbb" with a contrast of at least
// MinContrast to the badge text. It does not check the search words (the
// search package does).
func (t PlatformTable) Validate() error {
	if len(t) == 0 {
		return fmt.Errorf("no platforms")
	}
	seen := map[Platform]bool{}
	for _, p := range t {
		if !platformIDPattern.MatchString(string(p.ID)) {
			return fmt.Errorf("platform id %q: use lower-case letters, digits and dashes, starting with a letter", p.ID)
		}
		if reservedIDs[string(p.ID)] {
			return fmt.Errorf("platform id %q: the site uses /%s/ for its own pages", p.ID, p.ID)
		}
		if seen[p.ID] {
			return fmt.Errorf("platform %q is listed twice", p.ID)
		}
		seen[p.ID] = true
		if strings.TrimSpace(p.Name) == "" || strings.TrimSpace(p.NameZH) == "" {
			return fmt.Errorf("platform %q: give both name and name_zh", p.ID)
		}
		for _, c := range []struct{ key, bg, fg string }{{"color", p.Color, BadgeText}, {"color_dark", p.ColorDark, BadgeTextDark}} {
			if !colorPattern.MatchString(c.bg) {
				return fmt.Errorf("platform %q: %s %q: write it as #rrggbb", p.ID, c.key, c.bg)
			}
			if r := Contrast(c.bg, c.fg); r < MinContrast {
				return fmt.Errorf("platform %q: %s %s has a contrast of %.2f with the badge text %s, under %.1f: make it %s", p.ID, c.key, c.bg, r, c.fg, MinContrast, map[bool]string{true: "darker", false: "lighter"}[c.fg == BadgeText])
			}
		}
		if err := ValidURLTemplate(p.Lookup, "{code}"); err != nil {
			return fmt.Errorf("platform %q: lookup: %w", p.ID, err)
		}
		if err := ValidURLTemplate(p.Anchor, "{code}"); err != nil {
			return fmt.Errorf("platform %q: anchor: %w", p.ID, err)
		}
	}
	return nil
}

// Contrast is the WCAG 2 contrast ratio of two "#rrggbb" colours, from 1
// to 21; 0 when either is not such a colour.
func Contrast(a, b string) float64 {
	la, oka := luminance(a)
	lb, okb := luminance(b)
	if !oka || !okb {
		return 0
	}
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

// luminance is the WCAG relative luminance of "#rrggbb".
func luminance(c string) (float64, bool) {
	if !colorPattern.MatchString(c) {
		return 0, false
	}
	var ch [3]float64
	for i := range ch {
		v, _ := strconv.ParseUint(c[1+2*i:3+2*i], 16, 8)
		s := float64(v) / 255
		if s <= 0.04045 {
			ch[i] = s / 12.92
		} else {
			ch[i] = math.Pow((s+0.055)/1.055, 2.4)
		}
	}
	return 0.2126*ch[0] + 0.7152*ch[1] + 0.0722*ch[2], true
}

// WithPlatforms merges with the platform table t (the manifest's): codes
// are sorted, and a number's codes on several platforms listed, in t's
// order; the catalog's Platforms is t. Without it, DefaultPlatforms.
func WithPlatforms(t PlatformTable) MergeOption {
	return func(m *merger) { m.platforms = t }
}
