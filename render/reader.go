package render

import (
	"fmt"
	"html/template"
	"strings"
	"unicode"
	"unicode/utf8"

	"errdex"
	"errdex/i18n"
)

// What a code page offers the reader besides the sources' texts: the next
// steps, the report link, plain words for conflicts and for sources. All
// of it comes from the catalog and the manifest (the platform table's
// lookup and anchor templates, the sources' url and kind, [site] report).

// nextStep is one link of a code page's "What to do next".
type nextStep struct {
	Text i18n.Text // what the link opens
	URL  string
	Note i18n.Text // a short remark after the link, empty for none
	// Quote is what a sibling platform's page says to do, for a step that
	// links to one; "" otherwise.
	Quote string
	// Copy is true when the link opens a third party's copy of a page.
	Copy bool
	// Internal is true for a link to another page of the site (URL is
	// site-relative).
	Internal bool

	// What the page writes, made in Go once the page is known (link):
	// fewer calls for the template to make per step (issue #14).
	Href     string            // the link from the page
	Lang     template.HTMLAttr // lang="…" when the text reads the same in both languages, else ""
	TextHTML template.HTML     // Text in both languages
	NoteHTML template.HTML     // Note in both languages, "" for none
}

// link fills what the page at url writes for each step.
func (b *builder) link(steps []nextStep, url string) {
	from := &page{URL: url, b: b}
	for i := range steps {
		st := &steps[i]
		st.Href = st.URL
		if st.Internal {
			st.Href = from.Rel(st.URL)
		}
		if st.Text.EN == st.Text.ZH {
			st.Lang = srcLang(st.Text.EN)
		}
		h := textHTML(st.Text)
		st.TextHTML = both(h.EN, h.ZH)
		if st.Note.EN != "" {
			n := textHTML(st.Note)
			st.NoteHTML = both(n.EN, n.ZH)
		}
	}
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
		out = append(out, nextStep{Text: mustText("next.official_anchor", "platform", b.pname(c.Platform), "code", c.Code), URL: u, Note: mustText("next.official_anchor_note")})
	}
	if u := info.LookupURL(c.Code); u != "" {
		out = append(out, nextStep{Text: mustText("next.lookup", "code", c.Code, "platform", b.pname(c.Platform)), URL: u})
	}
	seen := map[string]bool{}
	for _, m := range c.Meanings {
		for _, r := range m.Sources {
			s, ok := b.cat.Source(r.Source)
			if !ok || s.URL == "" || seen[s.URL] {
				continue
			}
			seen[s.URL] = true
			st := nextStep{Text: same(s.Title), URL: s.URL, Copy: !s.Official()}
			// The page's own platform: WeChat's page lists some WeCom codes.
			if s.Official() {
				st.Note = mustText("next.official_page", "platform", b.pname(s.Platform))
			} else {
				st.Note = mustText("next.copy_page", "platform", b.pname(s.Platform))
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
			st := nextStep{Text: mustText("next.sibling", "platform", b.pname(y.Platform), "code", y.Code), URL: y.URL(), Internal: true}
			switch {
			case m.Fix != "":
				st.Note = mustText("next.sibling_fix", "platform", b.pname(y.Platform))
				st.Quote = m.Fix
			case m.Troubleshooting != "":
				st.Note = mustText("next.sibling_troubleshooting", "platform", b.pname(y.Platform))
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
func (b *builder) conflictWords(c *errdex.Code, k errdex.ConflictKind) i18n.Text {
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
	name := b.pname(c.Platform)
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
		return mustText("conflict.scopes", "platform", name, "scopes", strings.Join(scopes, "; "))
	case errdex.ConflictRows:
		if len(srcs) == 1 {
			return mustText("conflict.rows_one", "page", srcs[0].Title)
		}
		return mustText("conflict.rows")
	case errdex.ConflictSources:
		var en, zh []string
		for _, s := range srcs {
			n := pageName(s, srcs)
			en, zh = append(en, n.EN), append(zh, n.ZH)
		}
		switch len(en) {
		case 0:
			return mustText("conflict.sources_none")
		case 1:
			return mustText("conflict.sources_one", "page", i18n.Text{EN: en[0], ZH: zh[0]})
		}
		t := mustText("conflict.sources",
			"pages", i18n.Text{EN: strings.Join(en[:len(en)-1], ", "), ZH: strings.Join(zh[:len(zh)-1], "、")},
			"last", i18n.Text{EN: en[len(en)-1], ZH: zh[len(zh)-1]})
		t.EN = upperFirst(t.EN)
		return t
	}
	return kindDescribe(k)
}

// pageName names source s among others in plain words: "the 2023 page"
// and "the older page" for two snapshots of one page, else its title.
func pageName(s errdex.SourceInfo, others []errdex.SourceInfo) i18n.Text {
	for _, o := range others {
		if o.ID == s.ID {
			continue
		}
		if s.Supersedes == o.ID || o.Supersedes == s.ID {
			newer := s.Supersedes == o.ID
			switch {
			case newer && len(s.Retrieved) >= 4:
				return mustText("srcname.year", "year", s.Retrieved[:4])
			case newer:
				return mustText("srcname.newer")
			case len(s.Retrieved) >= 4:
				return mustText("srcname.older_year", "year", s.Retrieved[:4])
			}
			return mustText("srcname.older")
		}
	}
	return same("“" + s.Title + "”")
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
	Text i18n.Text
}

// kindWords are the conflict kinds' short plain names, for badges and the
// conflicts page (i18n: kind.<kind>.name).
func kindWords(k errdex.ConflictKind) i18n.Text {
	if t, ok := i18n.Lookup("kind." + string(k) + ".name"); ok {
		return t
	}
	return same(string(k))
}

// kindDescribe is conflict kind k in a sentence (i18n:
// kind.<kind>.describe; the English is errdex.ConflictKind.Describe).
func kindDescribe(k errdex.ConflictKind) i18n.Text {
	if t, ok := i18n.Lookup("kind." + string(k) + ".describe"); ok {
		return t
	}
	return same(k.Describe())
}

// pname is platform p's name in both languages.
func (b *builder) pname(p errdex.Platform) i18n.Text {
	info := b.cat.PlatformTable().Info(p)
	return i18n.Text{EN: info.Name, ZH: info.NameZH}
}
