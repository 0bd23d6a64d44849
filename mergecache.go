package errdex

import (
	"maps"
	"slices"
)

// MergeCache keeps what one Merge learnt of the texts it compared for the
// next Merge given it (WithCache): each text as the measure prepares it,
// and the measure's verdict on each pair of texts it compared. A merge
// takes them only where they cannot differ from what it would compute:
// prepared texts when the thesaurus has the same terms, verdicts when,
// besides, the lexicon mined from the harvests is the same. The catalog a
// merge makes with a cache is the one it makes without. It keeps only
// what the last merge used; it is safe for one merge at a time
// (errdex serve merges again after each saved file).
type MergeCache struct {
	thesaurus *Thesaurus // the thesaurus of the last merge
	last      *comparer  // the last merge's comparer, nil before
	// hits counts, for tests, the texts and verdicts the last merge took
	// from the one before.
	hits int
}

// NewMergeCache returns an empty cache.
func NewMergeCache() *MergeCache { return &MergeCache{} }

// WithCache makes Merge take from c what the previous merge given c
// computed and still holds, and leave in c what it computed. It applies
// to the default measure only (not WithMatcher).
func WithCache(c *MergeCache) MergeOption {
	return func(m *merger) { m.cache = c }
}

// comparer returns the comparer of a merge with thesaurus t, compiled as
// th: new maps, falling back to the last merge's when t has the same
// terms.
func (mc *MergeCache) comparer(t *Thesaurus, th *thesaurusIndex) *comparer {
	c := newComparer(th, nil)
	c.verdicts = map[[2]Text]Verdict{}
	if mc == nil {
		return c
	}
	if mc.last != nil && sameTerms(mc.thesaurus, t) {
		c.prev = mc.last
	}
	mc.thesaurus, mc.last = t, nil
	return c
}

// withLexicon sets c's lexicon, once mined: the last merge's verdicts
// hold only when it mined the same.
func (c *comparer) withLexicon(lex *lexicon) {
	c.lex = lex
	if c.prev != nil && !sameLexicon(c.prev.lex, lex) {
		c.prev.verdicts = nil
	}
}

// keep records c, the comparer of the merge that just ended, for the next
// merge, which will not go further back.
func (mc *MergeCache) keep(c *comparer) {
	if mc == nil {
		return
	}
	mc.hits = c.hits
	c.prev = nil
	mc.last = c
}

// sameTerms reports whether two thesauri have the same groups of terms in
// the same order: what compile reads.
func sameTerms(a, b *Thesaurus) bool {
	var ga, gb []TermGroup
	if a != nil {
		ga = a.Groups
	}
	if b != nil {
		gb = b.Groups
	}
	return slices.EqualFunc(ga, gb, func(x, y TermGroup) bool { return slices.Equal(x.Terms, y.Terms) })
}

// sameLexicon reports whether two lexicons pair the same words with the
// same Chinese.
func sameLexicon(a, b *lexicon) bool {
	if a == nil || b == nil {
		return a == b
	}
	return maps.EqualFunc(a.zh, b.zh, slices.Equal)
}
