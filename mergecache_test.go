package errdex

import (
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
)

// cloneHarvests copies hs so that a test can change entries without
// changing hs.
func cloneHarvests(hs []Harvest) []Harvest {
	out := slices.Clone(hs)
	for i := range out {
		out[i].Entries = slices.Clone(out[i].Entries)
	}
	return out
}

// TestMergeCache merges, then merges changed harvests with the first
// merge's cache: the catalog is the one a merge without a cache makes,
// and the cache was used only where it holds.
func TestMergeCache(t *testing.T) {
	base := append(harvests(fixture...), syntheticHarvests(600)...)
	th := &Thesaurus{Groups: []TermGroup{{Terms: []string{"chatid", "会话ID"}}}}
	for _, tc := range []struct {
		name          string
		change        func([]Harvest) []Harvest
		before, after *Thesaurus
		hits          bool // whether the second merge took from the first
	}{
		{"nothing changed", func(hs []Harvest) []Harvest { return hs }, th, th, true},
		{"one text changed", func(hs []Harvest) []Harvest {
			e := &hs[len(hs)-1].Entries[0]
			e.ZH, e.EN = e.ZH+"，请重试", e.EN+" Try again."
			return hs
		}, th, th, true},
		{"an entry removed", func(hs []Harvest) []Harvest {
			hs[0].Entries = hs[0].Entries[1:]
			return hs
		}, th, th, true},
		{"every bilingual text changed: another lexicon", func(hs []Harvest) []Harvest {
			for i := range hs {
				for j := range hs[i].Entries {
					if e := &hs[i].Entries[j]; e.ZH != "" && e.EN != "" {
						e.ZH, e.EN = "不合法的"+e.ZH, "invalid "+e.EN
					}
				}
			}
			return hs
		}, th, th, true},
		{"thesaurus changed", func(hs []Harvest) []Harvest { return hs }, th,
			&Thesaurus{Groups: []TermGroup{{Terms: []string{"chatid", "群聊ID"}}}}, false},
		{"thesaurus removed", func(hs []Harvest) []Harvest { return hs }, th, nil, false},
		{"same terms, other notes and lines", func(hs []Harvest) []Harvest { return hs }, th,
			&Thesaurus{Groups: []TermGroup{{Terms: []string{"chatid", "会话ID"}, Note: "n", Line: 3}}}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cache := NewMergeCache()
			Merge(cloneHarvests(base), WithThesaurus(tc.before), WithCache(cache))
			changed := tc.change(cloneHarvests(base))
			got := Merge(cloneHarvests(changed), WithThesaurus(tc.after), WithCache(cache))
			want := Merge(cloneHarvests(changed), WithThesaurus(tc.after))
			assert.Equal(t, want, got)
			assert.Equal(t, tc.hits, cache.hits > 0, "hits: %d", cache.hits)
			// And once more, from the second merge's cache.
			assert.Equal(t, want, Merge(cloneHarvests(changed), WithThesaurus(tc.after), WithCache(cache)))
			assert.Positive(t, cache.hits)
		})
	}
}

// TestMergeCacheLexicon: the verdicts of the last merge are taken only
// when the merge mines the same lexicon.
func TestMergeCacheLexicon(t *testing.T) {
	a := &lexicon{zh: map[string][]string{"menu": {"菜单"}}}
	for _, tc := range []struct {
		name string
		b    *lexicon
		same bool
	}{
		{"equal", &lexicon{zh: map[string][]string{"menu": {"菜单"}}}, true},
		{"another bigram", &lexicon{zh: map[string][]string{"menu": {"按钮"}}}, false},
		{"another word", &lexicon{zh: map[string][]string{"button": {"菜单"}}}, false},
		{"none", nil, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.same, sameLexicon(a, tc.b))
			prev := &comparer{lex: a, verdicts: map[[2]Text]Verdict{{}: Same}}
			c := &comparer{prev: prev}
			c.withLexicon(tc.b)
			assert.Equal(t, tc.same, prev.verdicts != nil)
		})
	}
}

// TestMineLexiconIncremental mines a lexicon from the counts of the texts
// before: lexicon and counts are what mining the texts afresh gives.
func TestMineLexiconIncremental(t *testing.T) {
	var base []Text
	for _, h := range syntheticHarvests(800) {
		for _, e := range h.Entries {
			base = append(base, TextOf(e))
		}
	}
	for _, tc := range []struct {
		name   string
		change func([]Text) []Text
	}{
		{"same texts", func(ts []Text) []Text { return ts }},
		{"one text changed", func(ts []Text) []Text {
			for i := range ts {
				if ts[i].ZH != "" && ts[i].EN != "" {
					ts[i].EN += " edited"
					break
				}
			}
			return ts
		}},
		{"half the texts gone", func(ts []Text) []Text { return ts[:len(ts)/2] }},
		{"texts added", func(ts []Text) []Text {
			return append(ts, Text{ZH: "不合法的菜单按钮类型", EN: "invalid menu button type"}, Text{ZH: "菜单按钮数量超过限制", EN: "too many menu buttons"})
		}},
		{"none left", func([]Text) []Text { return nil }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			after := tc.change(slices.Clone(base))
			fresh := newComparer(nil, nil)
			want := mineLexicon(after, fresh)

			first := newComparer(nil, nil)
			mineLexicon(base, first)
			next := newComparer(nil, nil)
			next.prev = first
			got := mineLexicon(after, next)
			assert.Equal(t, want, got)
			assert.Equal(t, fresh.counts, next.counts)
		})
	}
}
