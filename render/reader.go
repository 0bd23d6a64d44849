package render

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"errdex"
)

// What a code page offers the reader besides the sources' texts: the next
// steps, the report link, plain words for conflicts and for sources. All
// of it comes from the catalog and the manifest (the platform table's
// lookup and anchor templates, the sources' url and kind, [site] report).

// nextStep is one link of a code page's "What to do next".
type nextStep struct {
	Text string // what the link opens
	URL  string
	Note string // a short remark after the link, "" for none
	// Quote is what a sibling platform's page says to do, for a step that
	// links to one; "" otherwise.
	Quote string
	// Copy is true when the link opens a third party's copy of a page.
	Copy bool
	// Internal is true for a link to another page of the site (URL is
	// site-relative).
	Internal bool
}

// nextSteps lists what the reader of code c can do next: the code's place
// on the platform's official page (where the code has troubleshooting),
// the platform's own lookup, the pages the code's sources capture, and
// the fix a sibling platform gives where the meanings agree.
func (b *builder) nextSteps(c *errdex.Code) []nextStep {
	var out []nextStep
	info := b.cat.PlatformTable().Info(c.Platform)
	hasTS := false
	for _, m := range c.Meanings {
		if m.Troubleshooting != "" {
			hasTS = true
		}
	}
	if u := info.AnchorURL(c.Code); u != "" && hasTS {
		out = append(out, nextStep{Text: fmt.Sprintf("%s %s on the official page", info.Name, c.Code), URL: u, Note: "its troubleshooting section"})
	}
	if u := info.LookupURL(c.Code); u != "" {
		out = append(out, nextStep{Text: fmt.Sprintf("Look %s up in %s's own error-code tool", c.Code, info.Name), URL: u})
	}
	seen := map[string]bool{}
	for _, m := range c.Meanings {
		for _, r := range m.Sources {
			s, ok := b.cat.Source(r.Source)
			if !ok || s.URL == "" || seen[s.URL] {
				continue
			}
			seen[s.URL] = true
			st := nextStep{Text: s.Title, URL: s.URL, Copy: !s.Official()}
			// The page's own platform: WeChat's page lists some WeCom codes.
			if s.Official() {
				st.Note = fmt.Sprintf("%s's official error-code page", b.name(s.Platform))
			} else {
				st.Note = fmt.Sprintf("a third-party copy of %s's error-code page", b.name(s.Platform))
			}
			out = append(out, st)
		}
	}
	for _, sib := range c.Elsewhere {
		if sib.Agreement != errdex.Same {
			continue
		}
		y := b.cat.Lookup(sib.Platform, c.Code)
		if y == nil {
			continue
		}
		for _, m := range y.Meanings {
			st := nextStep{Text: fmt.Sprintf("%s %s", b.name(y.Platform), y.Code), URL: y.URL(), Internal: true}
			switch {
			case m.Fix != "":
				st.Note = fmt.Sprintf("same meaning; the %s page says:", b.name(y.Platform))
				st.Quote = m.Fix
			case m.Troubleshooting != "":
				st.Note = fmt.Sprintf("same meaning; the %s page has troubleshooting steps", b.name(y.Platform))
			default:
				continue
			}
			out = append(out, st)
			break
		}
	}
	return out
}

// reportURL is the link to report a problem with code c's page, "" when
// the manifest sets no [site] report.
func (b *builder) reportURL(c *errdex.Code) string {
	title := fmt.Sprintf("%s %s: %s", b.name(c.Platform), c.Code, c.Title())
	return b.cat.Site.ReportURL(title, b.absOrRel(c.URL()))
}

// conflictWords says, in a reader's words, how code c's sources disagree
// in kind k: "The 2023 page and the older page disagree".
func (b *builder) conflictWords(c *errdex.Code, k errdex.ConflictKind) string {
	var srcs []errdex.SourceInfo
	seen := map[string]bool{}
	for _, m := range c.Meanings {
		for _, r := range m.Sources {
			if s, ok := b.cat.Source(r.Source); ok && !seen[s.ID] {
				seen[s.ID] = true
				srcs = append(srcs, s)
			}
		}
	}
	name := b.name(c.Platform)
	switch k {
	case errdex.ConflictScopes:
		var scopes []string
		done := map[string]bool{}
		for _, m := range c.Meanings {
			for _, sc := range m.Scopes {
				if !done[sc] {
					done[sc] = true
					scopes = append(scopes, b.cat.ScopeName(c.Platform, sc))
				}
			}
		}
		return fmt.Sprintf("%s uses this number for different things in different products (%s).", name, strings.Join(scopes, "; "))
	case errdex.ConflictRows:
		if len(srcs) == 1 {
			return fmt.Sprintf("One page (%s) lists this code twice with different meanings.", srcs[0].Title)
		}
		return "One page lists this code twice with different meanings."
	case errdex.ConflictSources:
		var names []string
		for _, s := range srcs {
			names = append(names, pageName(s, srcs))
		}
		switch len(names) {
		case 0:
			return "Two pages disagree."
		case 1:
			return "Two snapshots of " + names[0] + " disagree."
		}
		return upperFirst(strings.Join(names[:len(names)-1], ", ")+" and "+names[len(names)-1]) + " disagree."
	}
	return k.Describe()
}

// pageName names source s among others in plain words: "the 2023 page"
// and "the older page" for two snapshots of one page, else its title.
func pageName(s errdex.SourceInfo, others []errdex.SourceInfo) string {
	for _, o := range others {
		if o.ID == s.ID {
			continue
		}
		if s.Supersedes == o.ID || o.Supersedes == s.ID {
			newer := s.Supersedes == o.ID
			switch {
			case newer && len(s.Retrieved) >= 4:
				return "the " + s.Retrieved[:4] + " page"
			case newer:
				return "the newer page"
			case len(s.Retrieved) >= 4:
				return "the older page (" + s.Retrieved[:4] + ")"
			}
			return "the older page"
		}
	}
	return "“" + s.Title + "”"
}

// upperFirst capitalizes the first letter of s; a first rune that is no
// letter ("“") is kept as it is.
func upperFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}

// conflictLine is one conflict kind of a code in plain words, with the
// kind's id for the link to the conflicts page.
type conflictLine struct {
	Kind errdex.ConflictKind
	Text string
}

// kindWords are the conflict kinds' short plain names, for badges and the
// conflicts page.
func kindWords(k errdex.ConflictKind) string {
	switch k {
	case errdex.ConflictSources:
		return "Pages disagree"
	case errdex.ConflictScopes:
		return "Different in different products"
	case errdex.ConflictRows:
		return "Listed twice"
	}
	return string(k)
}
