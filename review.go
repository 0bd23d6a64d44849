package errdex

import (
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strings"
)

// Review is a maintainer's verdict on whether the wordings of one code
// state one meaning or several, read from content/reviews.toml. It
// overrides the measure while the code's wordings are the ones the
// maintainer read: Wordings is their Fingerprint at the time, and a review
// whose fingerprint no longer matches is stale, reported and not applied.
type Review struct {
	Platform Platform
	Code     string
	Verdict  Verdict // Same or Different
	Note     string  // one line: why
	Date     string  // YYYY-MM-DD
	Wordings string  // the Fingerprint of the wordings reviewed
	File     string  // where the review is written, for reports
	Line     int
}

// CodeReview is a review as a code carries it.
type CodeReview struct {
	Verdict Verdict `json:"verdict"`
	Note    string  `json:"note"`
	Date    string  `json:"date"`
	// Stale is true when the wordings changed since the review: the review
	// is not applied, and the flag is the measure's.
	Stale bool `json:"stale"`
	// Wordings is the fingerprint the review was made for.
	Wordings string `json:"wordings"`
}

// Fingerprint identifies the texts of a code's wordings: a short hash of
// their distinct Chinese and English messages, folded (see Fold) and
// sorted, so that formatting and order do not change it and a changed
// message does.
func (c *Code) Fingerprint() string {
	var ts []Text
	for _, m := range c.Meanings {
		for _, w := range m.Wordings {
			ts = append(ts, textOfWording(w))
		}
	}
	return fingerprint(ts)
}

func fingerprint(texts []Text) string {
	var ts []string
	for _, t := range texts {
		ts = append(ts, Fold(t.ZH)+"\x1f"+Fold(t.EN))
	}
	slices.Sort(ts)
	ts = slices.Compact(ts)
	sum := sha256.Sum256([]byte(strings.Join(ts, "\x1e")))
	return hex.EncodeToString(sum[:6])
}

// Flag says where a code's flag comes from: "reviewed" when a maintainer's
// review decided it, "detected" when the measure did, "" when the code is
// not flagged and no review applies.
func (c *Code) Flag() string {
	switch {
	case c.Review != nil && !c.Review.Stale:
		return "reviewed"
	case len(c.Conflicts) > 0:
		return "detected"
	}
	return ""
}

// review finds the review of k among rs and says how it applies to the
// entries es of the code: the review as the code carries it (nil when
// none), and whether it is applied.
func review(rs map[Key]Review, k Key, es []Entry) (*CodeReview, bool) {
	r, ok := rs[k]
	if !ok {
		return nil, false
	}
	texts := make([]Text, len(es))
	for i, e := range es {
		texts[i] = TextOf(e)
	}
	cr := &CodeReview{Verdict: r.Verdict, Note: r.Note, Date: r.Date, Wordings: r.Wordings}
	cr.Stale = r.Wordings != fingerprint(texts)
	return cr, !cr.Stale
}

// UnmatchedReviews returns the reviews of codes the catalog does not hold.
func (c *Catalog) UnmatchedReviews(rs []Review) []Review {
	var out []Review
	for _, r := range rs {
		if c.Lookup(r.Platform, r.Code) == nil {
			out = append(out, r)
		}
	}
	return out
}

// joinMeanings makes one meaning of ms: the first's text, filled from the
// others, with every wording, scope and source.
func joinMeanings(ms []Meaning) []Meaning {
	if len(ms) < 2 {
		return ms
	}
	out := ms[0]
	out.Wordings = slices.Clone(out.Wordings)
	out.Sources = slices.Clone(out.Sources)
	out.ScopeLabels = slices.Clone(out.ScopeLabels)
	out.Scopes = slices.Clone(out.Scopes)
	for _, m := range ms[1:] {
		fillText(&out, m.ZH, m.EN, m.Fix, m.Troubleshooting)
		out.Sources = append(out.Sources, m.Sources...)
		out.Wordings = append(out.Wordings, m.Wordings...)
		for _, l := range m.ScopeLabels {
			if !slices.Contains(out.ScopeLabels, l) {
				out.ScopeLabels = append(out.ScopeLabels, l)
			}
		}
		for _, s := range m.Scopes {
			if !slices.Contains(out.Scopes, s) {
				out.Scopes = append(out.Scopes, s)
			}
		}
	}
	return []Meaning{out}
}
