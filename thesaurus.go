package errdex

import (
	"regexp"
	"slices"
	"sort"
	"strings"
)

// Thesaurus lists groups of terms that mean the same thing in this domain,
// across languages and eras: chatid / 会话ID, 群主 / 会话管理员,
// custom service / 客服. It is data (content/thesaurus.toml); Merge applies
// it through WithThesaurus, so that wordings which differ only by such terms
// state the same meaning.
type Thesaurus struct {
	Groups []TermGroup
}

// TermGroup is one group of equivalent terms.
type TermGroup struct {
	Terms []string // the terms, in any language; matched after the measure's normalization
	Note  string   // why the terms are equivalent
	Line  int      // the group's line in the thesaurus file, 0 when not from a file
}

// conceptBase is the first rune used for concept tokens: thesaurus group g
// is written as the rune conceptBase+g in prepared text. The Yi syllables
// are letters, so the measure's tokenizers keep them, and no source uses
// them.
const conceptBase = 0xA000

// maxGroups is how many groups fit in the concept range (Yi syllables).
const maxGroups = 0x48C

// thesaurusIndex is a Thesaurus compiled for the measure.
type thesaurusIndex struct {
	zh *strings.Replacer // folded Chinese (and folded identifiers) -> concept rune
	en *regexp.Regexp    // whole English terms, after enCanonical's separators
	// enTerm maps a matched English term to its concept token.
	enTerm map[string]string
}

func isConcept(r rune) bool { return r >= conceptBase && r < conceptBase+maxGroups }

// compile prepares the thesaurus for the measure. Terms are folded the way
// the measure folds text, so a term matches wherever the measure would see
// it; longer terms win over the terms they contain.
func (t *Thesaurus) compile() *thesaurusIndex {
	if t == nil || len(t.Groups) == 0 {
		return nil
	}
	idx := &thesaurusIndex{enTerm: map[string]string{}}
	type pair struct{ from, to string }
	var zh []pair
	var en []string
	for g, grp := range t.Groups {
		if g >= maxGroups {
			break
		}
		tok := string(rune(conceptBase + g))
		for _, term := range grp.Terms {
			if k := zhKey(term); k != "" {
				zh = append(zh, pair{k, tok})
			}
			if w := enTermKey(term); w != "" && isASCII(w) {
				if _, ok := idx.enTerm[w]; !ok {
					idx.enTerm[w] = tok
					en = append(en, w)
				}
			}
		}
	}
	// Longer first, so that a term is found before the terms it contains;
	// then by text, so that the order does not depend on the file's.
	sort.SliceStable(zh, func(i, j int) bool {
		if len(zh[i].from) != len(zh[j].from) {
			return len(zh[i].from) > len(zh[j].from)
		}
		return zh[i].from < zh[j].from
	})
	var args []string
	seen := map[string]bool{}
	for _, p := range zh {
		if !seen[p.from] {
			seen[p.from] = true
			args = append(args, p.from, p.to)
		}
	}
	idx.zh = strings.NewReplacer(args...)
	if len(en) > 0 {
		sort.Slice(en, func(i, j int) bool {
			if len(en[i]) != len(en[j]) {
				return len(en[i]) > len(en[j])
			}
			return en[i] < en[j]
		})
		quoted := make([]string, len(en))
		for i, w := range en {
			quoted[i] = regexp.QuoteMeta(w)
		}
		idx.en = regexp.MustCompile(`(?:^|\b)(?:` + strings.Join(quoted, "|") + `)(?:\b|$)`)
	}
	return idx
}

// zhKey folds a Chinese term or clause the way the measure compares
// Chinese: normalized, a standalone "ID" dropped, only letters and digits,
// 的 and 了 removed.
func zhKey(s string) string {
	s = standaloneID.ReplaceAllString(normalize(s), "$1 $2")
	return zhDrop.Replace(foldRunes(s))
}

// enTermKey writes an English term as enCanonical writes text before its
// phrases apply: normalized, separators as spaces, single spaces.
func enTermKey(s string) string {
	s = normalize(s)
	s = SpaceRun.ReplaceAllString(enSeparators.Replace(s), " ")
	return strings.TrimSpace(s)
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// applyZH rewrites folded Chinese with the thesaurus.
func (x *thesaurusIndex) applyZH(s string) string {
	if x == nil || x.zh == nil {
		return s
	}
	return x.zh.Replace(s)
}

// applyEN rewrites English (as enCanonical prepares it) with the thesaurus.
func (x *thesaurusIndex) applyEN(s string) string {
	if x == nil || x.en == nil {
		return s
	}
	return x.en.ReplaceAllStringFunc(s, func(m string) string { return " " + x.enTerm[m] + " " })
}

// Unused returns the groups of the thesaurus that change no wording of the
// catalog's codes: an entry no text uses any more, which its maintainer
// should remove or fix. A group is used when at least one of its terms is
// found in some wording or observed response, as the measure normalizes
// text.
func (t *Thesaurus) Unused(c *Catalog) []TermGroup {
	if t == nil {
		return nil
	}
	var zh, en strings.Builder
	add := func(texts ...string) {
		for _, s := range texts {
			zh.WriteString(zhKey(s))
			zh.WriteString("\x00")
			en.WriteString(" ")
			en.WriteString(enTermKey(s))
			en.WriteString(" \x00")
		}
	}
	for _, code := range c.Codes {
		for _, m := range code.Meanings {
			for _, w := range m.Wordings {
				add(w.ZH, w.EN)
			}
		}
		// What the APIs return is compared with the wordings too, so a
		// group may join an errmsg's term with the page's.
		for _, r := range code.Responses {
			add(r.Text())
		}
	}
	zs, es := zh.String(), en.String()
	var out []TermGroup
	for _, g := range t.Groups {
		used := 0
		for _, term := range g.Terms {
			k := zhKey(term)
			w := enTermKey(term)
			if (k != "" && strings.Contains(zs, k)) ||
				(w != "" && isASCII(w) && regexp.MustCompile(`\b`+regexp.QuoteMeta(w)+`\b`).MatchString(es)) {
				used++
			}
		}
		// A group joins terms: it does its work only when two of them are in use.
		if used < 2 {
			out = append(out, g)
		}
	}
	return slices.Clip(out)
}
