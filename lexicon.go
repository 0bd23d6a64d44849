package errdex

import (
	"maps"
	"slices"
	"sort"
	"strings"
)

// A lexicon pairs English words with the Chinese they translate, mined from
// the rows that give a message in both languages (the Official Accounts
// page pairs Chinese and English for ~600 rows, the open-platform page's
// 公共 and 通用 sections for ~1,400 more). It lets the measure compare a
// Chinese-only wording with an English-only one.
//
// The method is association by co-occurrence: each distinct bilingual
// message contributes its English content words (as the measure prepares
// them: canonical, stemmed, thesaurus concepts) and the character pairs
// (bigrams) of its prepared Chinese. A word w and a bigram z are paired when
// they occur together in at least minJoint messages and their Dice
// coefficient 2·n(w,z)/(n(w)+n(z)) is at least minDice; each word keeps its
// maxPerWord best bigrams. Counting does not depend on the order of the
// rows, so neither does the lexicon.
type lexicon struct {
	zh map[string][]string // English word -> Chinese bigrams
}

// The lexicon's thresholds; docs/similarity.md reports how they were chosen.
const (
	minJoint   = 3
	minDice    = 0.35
	maxPerWord = 3
)

// canonZH pairs the canonical words of the English phrase table with the
// canonical forms of the Chinese one: both tables are the measure's own.
var canonZH = map[string]string{
	"invalid": "无效", "noperm": "无权", "notexist": "不存在", "exist": "已存在",
	"expired": "过期", "exceed": "超限", "disabled": "禁用", "missing": "缺少",
}

// mineLexicon builds the lexicon from every bilingual text among texts,
// preparing them with c (which keeps them for the comparisons that follow;
// c may be nil). With a comparer of the merge before (c.prev, the same
// thesaurus), the counts are that merge's, less the texts gone and plus
// the new ones: sums do not depend on the order they are made in, so the
// lexicon is the one counting afresh gives.
func mineLexicon(texts []Text, c *comparer) *lexicon {
	cur := map[Text]lexTerms{}
	var prev *lexCounts
	if c != nil && c.prev != nil {
		prev = c.prev.counts
		c.prev.counts = nil // taken over
	}
	for _, t := range texts {
		if t.ZH == "" || t.EN == "" {
			continue
		}
		if _, ok := cur[t]; ok {
			continue
		}
		if prev != nil {
			if terms, ok := prev.texts[t]; ok {
				cur[t] = terms
				continue
			}
		}
		cur[t] = c.lexTerms(t)
	}
	counts := prev
	if counts == nil {
		counts = &lexCounts{nw: map[string]int{}, nz: map[string]int{}, joint: map[[2]string]int{}}
		for _, terms := range cur {
			counts.add(terms, 1)
		}
	} else {
		for t, terms := range counts.texts {
			if _, ok := cur[t]; !ok {
				counts.add(terms, -1)
			}
		}
		for t, terms := range cur {
			if _, ok := counts.texts[t]; !ok {
				counts.add(terms, 1)
			}
		}
	}
	counts.texts = cur
	if c != nil {
		c.counts = counts
	}
	nw, nz, joint := counts.nw, counts.nz, counts.joint
	type cand struct {
		z    string
		dice float64
	}
	byWord := map[string][]cand{}
	for k, n := range joint {
		if n < minJoint {
			continue
		}
		d := 2 * float64(n) / float64(nw[k[0]]+nz[k[1]])
		if d >= minDice {
			byWord[k[0]] = append(byWord[k[0]], cand{k[1], d})
		}
	}
	lex := &lexicon{zh: map[string][]string{}}
	for w, cs := range byWord {
		sort.Slice(cs, func(i, j int) bool {
			if cs[i].dice != cs[j].dice {
				return cs[i].dice > cs[j].dice
			}
			return cs[i].z < cs[j].z
		})
		for i := 0; i < len(cs) && i < maxPerWord; i++ {
			lex.zh[w] = append(lex.zh[w], cs[i].z)
		}
	}
	return lex
}

// lexTerms are what one bilingual text counts for in the lexicon: its
// English content words and its Chinese bigrams; none when either is
// empty.
type lexTerms struct {
	words, grams []string
}

// lexCounts are the lexicon's counts over a set of distinct bilingual
// texts: how many hold each word (nw) and each bigram (nz), and each
// pair of them (joint).
type lexCounts struct {
	texts map[Text]lexTerms
	nw    map[string]int
	nz    map[string]int
	joint map[[2]string]int
}

// add counts terms n times (n = -1 takes them out), dropping what comes
// to zero.
func (lc *lexCounts) add(terms lexTerms, n int) {
	if len(terms.words) == 0 || len(terms.grams) == 0 {
		return
	}
	bump := func(m map[string]int, k string) {
		if m[k] += n; m[k] == 0 {
			delete(m, k)
		}
	}
	for _, w := range terms.words {
		bump(lc.nw, w)
		for _, z := range terms.grams {
			k := [2]string{w, z}
			if lc.joint[k] += n; lc.joint[k] == 0 {
				delete(lc.joint, k)
			}
		}
	}
	for _, z := range terms.grams {
		bump(lc.nz, z)
	}
}

// lexTerms prepares the bilingual text t with c (nil for none) and
// returns what it counts for.
func (c *comparer) lexTerms(t Text) lexTerms {
	z := c.prepareZH(t.ZH)
	words := map[string]bool{}
	for _, w := range c.prepareEN(t.EN).whole {
		// A word the Chinese writes as it is (appid, access_token) is an
		// identifier: it is matched as written, never translated.
		if !enStop[w] && !isConceptWord(w) && !strings.Contains(string(z.whole), w) {
			words[w] = true
		}
	}
	grams := zhBigrams(z.whole)
	if len(words) == 0 || len(grams) == 0 {
		return lexTerms{}
	}
	return lexTerms{words: slices.Sorted(maps.Keys(words)), grams: slices.Sorted(maps.Keys(grams))}
}

// zhBigrams returns the character pairs of s that hold no concept token
// and no part of a predicate (无效, 缺少, …): the predicates pair with the
// English ones through canonZH, and would otherwise pair with every word
// that often comes with them.
func zhBigrams(s []rune) map[string]bool {
	units := make([]string, len(s))
	for i, r := range s {
		units[i] = string(r)
	}
	inPredicate := make([]bool, len(s))
	for i := range units {
		if n := predicateAt(units, i); n > 0 {
			for k := i; k < i+n; k++ {
				inPredicate[k] = true
			}
		}
	}
	out := map[string]bool{}
	for i := 0; i+1 < len(s); i++ {
		if isConcept(s[i]) || isConcept(s[i+1]) || inPredicate[i] || inPredicate[i+1] {
			continue
		}
		out[string(s[i:i+2])] = true
	}
	return out
}

func isConceptWord(w string) bool {
	rs := []rune(w)
	return len(rs) == 1 && isConcept(rs[0])
}

// tokens projects a prepared Chinese text onto English tokens: the concept
// tokens it holds, the Latin identifiers written in it (access_token,
// suitetoken), the canonical words whose Chinese form it holds, and the
// words of the lexicon whose Chinese it holds.
func (l *lexicon) tokens(z zhText) map[string]bool {
	out := map[string]bool{}
	if len(z.whole) == 0 {
		return out
	}
	s := string(z.whole)
	for _, r := range z.whole {
		if isConcept(r) {
			out[string(r)] = true
		}
	}
	for _, w := range latinRuns(z.whole) {
		out[stem(w)] = true
	}
	for w, c := range canonZH {
		if strings.Contains(s, c) {
			out[w] = true
		}
	}
	if l != nil {
		for w, zs := range l.zh {
			for _, g := range zs {
				if strings.Contains(s, g) {
					out[w] = true
					break
				}
			}
		}
	}
	return out
}

// latinRuns returns the runs of Latin letters and digits of three or more
// characters in s.
func latinRuns(s []rune) []string {
	var out []string
	start := -1
	flush := func(i int) {
		if start >= 0 && i-start >= 3 {
			out = append(out, string(s[start:i]))
		}
		start = -1
	}
	for i, r := range s {
		if r < 0x80 && (r >= 'a' && r <= 'z' || r >= '0' && r <= '9') {
			if start < 0 {
				start = i
			}
			continue
		}
		flush(i)
	}
	flush(len(s))
	return out
}

// enTokens returns the content words of a prepared English text.
func enTokens(e enText) map[string]bool {
	out := map[string]bool{}
	for _, w := range e.whole {
		if !enStop[w] {
			out[w] = true
		}
	}
	return out
}

// covers reports whether every content word of the English e is found in
// the Chinese z (through the tokens z projects to), e having two words at
// least. A compound written as one word in z (accesstoken) counts.
func (c *comparer) covers(e enText, z zhText) bool {
	if len(e.whole) == 0 || len(z.whole) == 0 {
		return false
	}
	ws := enTokens(e)
	if len(ws) < 2 {
		return false
	}
	zt := c.lex.tokens(z)
	s := string(z.whole)
	for w := range ws {
		if zt[w] || wordMatch(w, zt) || (!isConceptWord(w) && len(w) >= 3 && isASCII(w) && strings.Contains(s, w)) {
			continue
		}
		return false
	}
	return true
}

// apart reports whether two texts have nothing in common in any language:
// projected onto English tokens (their English words, and the tokens
// their Chinese projects to), the two sets share no word, and each has two
// at least. That is evidence of different meanings even when the texts
// share no language.
func (c *comparer) apart(ea, eb enText, za, zb zhText) bool {
	if len(za.whole) > 0 && len(zb.whole) > 0 && !disjoint(zhObject(zhUnits(za.whole)), zhObject(zhUnits(zb.whole))) {
		return false
	}
	ta, tb := enTokens(ea), enTokens(eb)
	for w := range c.lex.tokens(za) {
		ta[w] = true
	}
	for w := range c.lex.tokens(zb) {
		tb[w] = true
	}
	if len(ta) < 2 || len(tb) < 2 {
		return false
	}
	for w := range ta {
		if tb[w] || wordMatch(w, tb) {
			return false
		}
	}
	return true
}
