package errdex

import (
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"
)

// MaxCodeLen is the longest code string ValidCode accepts.
const MaxCodeLen = 64

var (
	// numericCode: an optional minus, digits, and optional trailing x for
	// pattern codes such as -40400x.
	numericCode = regexp.MustCompile(`^-?[0-9]+[xX]*$`)
	// stringCode: DingTalk's string codes, dot-separated words that each
	// start with an upper-case letter (Forbidden.AccessDenied, Throttling.Api).
	stringCode = regexp.MustCompile(`^[A-Z][A-Za-z0-9_]*(?:\.[A-Z][A-Za-z0-9_]*)*$`)
	// fileSuffix: a last word that would make the code's directory look
	// like a file of the site (index.html, data.json) to a server or to a
	// case-insensitive file system.
	fileSuffix = regexp.MustCompile(`(?i)\.(html?|json|js|css|xml|txt|svg|png|ico|zip|gz)$`)
)

// ValidCode reports why s cannot be an error code, or "" when it can. This
// is the one rule for codes: every code becomes a directory of the site
// (<platform>/<code>/), so a code is
//
//   - an optional minus, digits, and an optional trailing x as in -40400x; or
//   - a DingTalk string code: dot-separated words of letters, digits and
//     underscores, each starting with an upper-case letter
//     (Forbidden.AccessDenied.IpNotInWhiteList), whose last word is not a
//     file extension (Index.Html is not a code);
//
// and at most MaxCodeLen bytes long.
func ValidCode(s string) string {
	switch {
	case s == "":
		return "the code is empty"
	case len(s) > MaxCodeLen:
		return fmt.Sprintf("the code is %d bytes long, more than %d", len(s), MaxCodeLen)
	case numericCode.MatchString(s):
		return ""
	case stringCode.MatchString(s) && !fileSuffix.MatchString(s):
		return ""
	}
	return fmt.Sprintf("%q is not a code: a code is digits with an optional minus and trailing x (40014, -1, -40400x) or a DingTalk string code (Forbidden.AccessDenied)", s)
}

// Limits on what pages and the search index show of one text. The full
// text stays in data/errdex.json and in each code's index.json.
const (
	// MaxCellBytes caps one cell (a message, a fix) on pages and in search.
	MaxCellBytes = 4 << 10
	// MaxSectionBytes caps one troubleshooting section on pages and in search.
	MaxSectionBytes = 32 << 10
)

// TruncatedNote ends a text cut by Truncate.
const TruncatedNote = "… [truncated: the full text is in data/errdex.json]"

// Truncate returns s cut to at most max bytes at a rune boundary, followed
// by TruncatedNote, and whether it was cut. A text within max is returned
// as it is.
func Truncate(s string, max int) (string, bool) {
	if len(s) <= max {
		return s, false
	}
	cut := max
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return strings.TrimSpace(s[:cut]) + " " + TruncatedNote, true
}

// Capped returns a copy of the catalog for pages and the search index:
// every message and fix cut to MaxCellBytes, every troubleshooting section
// to MaxSectionBytes (Truncate). The catalog itself is not changed.
func (c *Catalog) Capped() *Catalog {
	out := *c
	out.Codes = make([]*Code, len(c.Codes))
	out.byKey = make(map[Key]*Code, len(c.Codes))
	cell := func(s string) string { s, _ = Truncate(s, MaxCellBytes); return s }
	section := func(s string) string { s, _ = Truncate(s, MaxSectionBytes); return s }
	for i, x := range c.Codes {
		y := *x
		y.Meanings = make([]Meaning, len(x.Meanings))
		for j, m := range x.Meanings {
			m.ZH, m.EN, m.Fix, m.Troubleshooting = cell(m.ZH), cell(m.EN), cell(m.Fix), section(m.Troubleshooting)
			ws := make([]Wording, len(m.Wordings))
			for k, w := range m.Wordings {
				w.ZH, w.EN, w.Fix, w.Troubleshooting = cell(w.ZH), cell(w.EN), cell(w.Fix), section(w.Troubleshooting)
				ws[k] = w
			}
			m.Wordings = ws
			y.Meanings[j] = m
		}
		y.Elsewhere = make([]Sibling, len(x.Elsewhere))
		for k, sib := range x.Elsewhere {
			sib.Title = cell(sib.Title)
			y.Elsewhere[k] = sib
		}
		if x.Elsewhere == nil {
			y.Elsewhere = nil
		}
		out.Codes[i] = &y
		out.byKey[y.Key()] = &y
	}
	return &out
}
