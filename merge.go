package errdex

import (
	"cmp"
	"fmt"
	"slices"
	"sort"
)

// MergeOption configures Merge.
type MergeOption func(*merger)

type merger struct {
	verdict func(a, b Text) Verdict // nil: the default measure
	// agreeAll decides, for a code reviewed as different, which wordings
	// still share a meaning: the same in every language both have.
	agreeAll  func(a, b Text) bool
	thesaurus *Thesaurus
	reviews   map[Key]Review
	platforms PlatformTable // WithPlatforms; nil for the default
	cache     *MergeCache   // WithCache; nil for none
}

// WithMatcher replaces the test that decides whether two texts state the
// same meaning (the default measure, see Compare). The matcher should be
// symmetric; Merge calls it on every pair of entries of a code. A matcher
// has no Unknown: texts it does not find the same are different.
func WithMatcher(same func(a, b Text) bool) MergeOption {
	return func(m *merger) {
		m.verdict = func(a, b Text) Verdict {
			if same(a, b) {
				return Same
			}
			return Different
		}
	}
}

// WithThesaurus makes the default measure treat the terms of each group of
// t as one term (see Thesaurus).
func WithThesaurus(t *Thesaurus) MergeOption {
	return func(m *merger) { m.thesaurus = t }
}

// WithReviews applies maintainers' verdicts (see Review): a review whose
// fingerprint still matches the code's wordings overrides the measure's
// flag; one that does not is reported as stale on the code and not applied.
func WithReviews(rs []Review) MergeOption {
	return func(m *merger) {
		m.reviews = map[Key]Review{}
		for _, r := range rs {
			m.reviews[Key{r.Platform, r.Code}] = r
		}
	}
}

// Merge builds the canonical catalog from the harvests of every source. The
// result does not depend on the order of the harvests or of their entries:
// entries are put in a canonical order first (see entryOrder), and the
// meanings of a code are built from that order alone (see cluster).
//
// The default measure is Compare, with the thesaurus given by
// WithThesaurus and a lexicon mined from every bilingual entry of the
// harvests (see docs/similarity.md).
func Merge(harvests []Harvest, opts ...MergeOption) *Catalog {
	var m merger
	for _, o := range opts {
		o(&m)
	}
	cat := &Catalog{byKey: map[Key]*Code{}, Platforms: m.platforms}
	var entries []Entry
	for _, h := range harvests {
		cat.Sources = append(cat.Sources, SourceInfo{
			Source: h.Source, Rows: h.Rows, Entries: len(h.Entries),
			Sections: h.Sections, Attached: h.Attached,
			Skipped: sortedSkips(h.Skipped), Orphans: sortedSkips(h.Orphans),
			Repairs: sortedSkips(h.Repairs), Observed: observed(h.Entries),
		})
		entries = append(entries, h.Entries...)
	}
	// Sightings of API responses are not documentation: they join their
	// code as responses, after the meanings are made.
	var seen []Entry
	entries = slices.DeleteFunc(entries, func(e Entry) bool {
		if e.SeenAt != "" {
			seen = append(seen, e)
			return true
		}
		return false
	})
	if m.verdict == nil {
		th := m.thesaurus.compile()
		texts := make([]Text, len(entries))
		for i, e := range entries {
			texts[i] = TextOf(e)
		}
		cmp := m.cache.comparer(m.thesaurus, th)
		cmp.withLexicon(mineLexicon(texts, cmp)) // the texts it prepares stay prepared for the merge
		m.verdict, m.agreeAll = cmp.compare, cmp.agreeAll
		defer m.cache.keep(cmp)
	}
	if m.agreeAll == nil {
		m.agreeAll = func(a, b Text) bool { return Fold(a.ZH) == Fold(b.ZH) && Fold(a.EN) == Fold(b.EN) }
	}
	sort.SliceStable(cat.Sources, func(i, j int) bool { return cat.Sources[i].ID < cat.Sources[j].ID })
	order := newEntryOrder(harvests)
	order.sort(entries)

	groups := map[Key][]Entry{}
	for _, e := range entries {
		groups[e.Key()] = append(groups[e.Key()], e)
	}
	for k, es := range groups {
		c := &Code{Platform: k.Platform, Code: k.Code}
		rev, applied := review(m.reviews, k, es)
		c.Review = rev
		c.Meanings = m.cluster(es, order.superseded, !(applied && rev.Verdict == Different))
		c.Detected = m.conflicts(c.Meanings, true)
		c.Conflicts = c.Detected
		if applied {
			switch rev.Verdict {
			case Same:
				c.Meanings = joinMeanings(c.Meanings)
				c.Conflicts = nil
			case Different:
				c.Conflicts = m.conflicts(c.Meanings, false)
				// The measure finds every wording the same: a review
				// cannot split them, so it no longer fits the data.
				rev.Stale = len(c.Meanings) < 2
			}
		}
		cat.Codes = append(cat.Codes, c)
		cat.byKey[k] = c
	}
	cat.sortCodes()
	cat.attachResponses(seen, m.verdict)
	cat.linkElsewhere(m.verdict)
	cat.Changes = cat.changes(groups, m.verdict)
	return cat
}

func sortedSkips(s []Skip) []Skip {
	out := append([]Skip(nil), s...)
	slices.SortStableFunc(out, func(a, b Skip) int {
		return cmp.Or(cmp.Compare(a.Line, b.Line), cmp.Compare(a.Reason, b.Reason))
	})
	return out
}

// entryOrder puts entries in a canonical order: general scope first, then
// by scope; within a scope the platform's own sources before sources of
// another platform (a WeChat page's rows for WeCom), current snapshots
// before the ones they supersede; then by source and line, and by content
// when all of those are equal, so that the order is total and the input
// order never shows through. The first entry of a meaning gives its text.
type entryOrder struct {
	platform   map[string]Platform // source ID -> the source's platform
	superseded map[string]bool     // source IDs another source supersedes
}

func newEntryOrder(hs []Harvest) entryOrder {
	o := entryOrder{platform: map[string]Platform{}, superseded: map[string]bool{}}
	for _, h := range hs {
		if p, ok := o.platform[h.Source.ID]; !ok || h.Source.Platform < p {
			o.platform[h.Source.ID] = h.Source.Platform
		}
		if h.Source.Supersedes != "" && h.Source.Supersedes != h.Source.ID {
			o.superseded[h.Source.Supersedes] = true
		}
	}
	return o
}

func (o entryOrder) sort(es []Entry) { slices.SortStableFunc(es, o.compare) }

func (o entryOrder) compare(a, b Entry) int {
	if a.Scope != b.Scope {
		if a.Scope == "" || b.Scope == "" {
			if a.Scope == "" {
				return -1
			}
			return 1
		}
		return cmp.Compare(a.Scope, b.Scope)
	}
	foreign := func(e Entry) bool { return o.platform[e.Source] != e.Platform }
	return cmp.Or(
		compareBool(foreign(a), foreign(b)),
		compareBool(o.superseded[a.Source], o.superseded[b.Source]),
		cmp.Compare(a.Source, b.Source),
		cmp.Compare(a.Line, b.Line),
		cmp.Compare(a.Platform, b.Platform),
		cmp.Compare(a.Code, b.Code),
		cmp.Compare(a.ScopeLabel, b.ScopeLabel),
		cmp.Compare(a.ZH, b.ZH),
		cmp.Compare(a.EN, b.EN),
		cmp.Compare(a.Fix, b.Fix),
		cmp.Compare(a.Troubleshooting, b.Troubleshooting),
		cmp.Compare(a.TroubleshootingLine, b.TroubleshootingLine),
		compareBool(a.HelpRef, b.HelpRef),
		cmp.Compare(a.Raw, b.Raw),
	)
}

func compareBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}

// cluster groups the entries of one code, in canonical order, into distinct
// meanings, in two steps. First, two entries share a meaning when a chain
// of entries links them, each the same as the next by the measure. Then
// the groups are joined, in the order of their first entries, to the first
// earlier group none of whose entries the measure finds different from
// theirs: wordings the measure can neither match nor tell apart (a terse
// errmsg beside a long description) are one meaning, not a conflict.
// Meanings are numbered in the order of their first entry and take their
// text from it, filling what it lacks from the later ones; a superseded
// snapshot fills nothing in a meaning a current source states. Without
// join (a maintainer reviewed the code as different), wordings share a
// meaning only when they agree in every language both have.
func (m merger) cluster(es []Entry, superseded map[string]bool, join bool) []Meaning {
	parent := make([]int, len(es))
	for i := range parent {
		parent[i] = i
	}
	find := func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	union := func(a, b int) {
		ra, rb := find(a), find(b)
		if ra != rb {
			// The root is always the earlier entry.
			parent[max(ra, rb)] = min(ra, rb)
		}
	}
	texts := make([]Text, len(es))
	for i, e := range es {
		texts[i] = TextOf(e)
	}
	verdict := make([][]Verdict, len(es))
	for i := range es {
		verdict[i] = make([]Verdict, len(es))
		for j := range i {
			v := Same
			switch {
			case !join && !m.agreeAll(texts[j], texts[i]):
				// Reviewed as different: only wordings that agree in every
				// language they share are one meaning.
				v = Different
			case texts[i] != texts[j]:
				v = m.verdict(texts[j], texts[i])
			}
			verdict[i][j], verdict[j][i] = v, v
			if v == Same {
				union(i, j)
			}
		}
	}
	// Groups in the order of their first entry.
	var roots []int
	members := map[int][]int{}
	for i := range es {
		r := find(i)
		if len(members[r]) == 0 {
			roots = append(roots, r)
		}
		members[r] = append(members[r], i)
	}
	apart := func(a, b int) bool {
		for _, i := range members[a] {
			for _, j := range members[b] {
				if verdict[i][j] == Different {
					return true
				}
			}
		}
		return false
	}
	var kept []int
	for _, r := range roots {
		joined := false
		for _, k := range kept {
			if !join {
				break
			}
			if !apart(k, r) {
				members[k] = append(members[k], members[r]...)
				for _, i := range members[r] {
					parent[i] = k
				}
				joined = true
				break
			}
		}
		if !joined {
			kept = append(kept, r)
		}
	}
	var out []Meaning
	index := map[int]int{} // root entry -> meaning
	current := map[int]bool{}
	for i, e := range es {
		r := find(i)
		idx, ok := index[r]
		if !ok {
			out = append(out, Meaning{
				ID: fmt.Sprintf("m%d", len(out)+1), ZH: e.ZH, EN: e.EN,
				Fix: e.Fix, Troubleshooting: e.Troubleshooting, Scope: e.Scope,
			})
			idx = len(out) - 1
			index[r] = idx
		}
		mm := &out[idx]
		mm.Sources = append(mm.Sources, e.Ref())
		if e.ScopeLabel != "" && !contains(mm.ScopeLabels, e.ScopeLabel) {
			mm.ScopeLabels = append(mm.ScopeLabels, e.ScopeLabel)
		}
		if !contains(mm.Scopes, e.Scope) {
			mm.Scopes = append(mm.Scopes, e.Scope)
		}
		if !superseded[e.Source] {
			current[idx] = true
			fillMeaning(mm, e)
		} else if !current[idx] {
			fillMeaning(mm, e)
		}
		addWording(mm, e, superseded[e.Source])
	}
	return out
}

// fillMeaning takes from e what the meaning lacks so far.
func fillMeaning(m *Meaning, e Entry) { fillText(m, e.ZH, e.EN, e.Fix, e.Troubleshooting) }

// fillText sets each of the meaning's texts that is empty.
func fillText(m *Meaning, zh, en, fix, troubleshooting string) {
	for _, f := range []struct {
		to   *string
		from string
	}{{&m.ZH, zh}, {&m.EN, en}, {&m.Fix, fix}, {&m.Troubleshooting, troubleshooting}} {
		if *f.to == "" {
			*f.to = f.from
		}
	}
}

func addWording(m *Meaning, e Entry, superseded bool) {
	for i := range m.Wordings {
		w := &m.Wordings[i]
		if w.ZH == e.ZH && w.EN == e.EN && w.Fix == e.Fix && w.Troubleshooting == e.Troubleshooting &&
			w.Scope == e.Scope && w.ScopeLabel == e.ScopeLabel && w.Corrected == e.Corrected {
			w.Sources = append(w.Sources, e.Ref())
			w.Superseded = w.Superseded && superseded
			return
		}
	}
	m.Wordings = append(m.Wordings, Wording{
		ZH: e.ZH, EN: e.EN, Fix: e.Fix, Troubleshooting: e.Troubleshooting,
		Scope: e.Scope, ScopeLabel: e.ScopeLabel, Sources: []SourceRef{e.Ref()},
		Superseded: superseded, Corrected: e.Corrected,
	})
}

// conflicts compares every pair of source rows from different meanings:
// rows in different scopes make a scopes conflict, rows of one source in
// one scope a rows conflict, rows of two sources in one scope a sources
// conflict. With measured, only pairs of wordings the measure finds
// different count, so that a kind names where the disagreement is.
func (m merger) conflicts(ms []Meaning, measured bool) []ConflictKind {
	found := map[ConflictKind]bool{}
	for i := range ms {
		for j := i + 1; j < len(ms); j++ {
			for _, a := range ms[i].Wordings {
				for _, b := range ms[j].Wordings {
					if measured && m.verdict(textOfWording(a), textOfWording(b)) != Different {
						continue
					}
					for _, ra := range a.Sources {
						for _, rb := range b.Sources {
							found[kindOf(a.Scope, ra, b.Scope, rb)] = true
						}
					}
				}
			}
		}
	}
	var out []ConflictKind
	for _, k := range conflictKinds {
		if found[k] {
			out = append(out, k)
		}
	}
	return out
}

func kindOf(sa string, ra SourceRef, sb string, rb SourceRef) ConflictKind {
	switch {
	case sa != sb:
		return ConflictScopes
	case ra.Source == rb.Source:
		return ConflictRows
	default:
		return ConflictSources
	}
}

// linkElsewhere records, on every code, the same number on other platforms,
// with the merge's measure: Agreement is Same when some wording of the
// sibling states the same meaning as some wording of the code, Different
// when some pair differs and none is the same, and Unknown otherwise.
func (c *Catalog) linkElsewhere(verdict func(a, b Text) Verdict) {
	for _, x := range c.Codes {
		x.Elsewhere = nil
		for _, y := range c.ByNumber(x.Code) {
			if y == x {
				continue
			}
			v, via := siblingVerdict(x, y, verdict)
			x.Elsewhere = append(x.Elsewhere, Sibling{
				Platform: y.Platform, URL: y.URL(), Title: y.Title(),
				Agrees: v == Same, Agreement: v, Via: via,
			})
		}
	}
}

// Agreement says whether two codes, typically the same number on two
// platforms, agree by the default measure without a thesaurus: Same when
// some wording of one states the same meaning as some wording of the other,
// Different when some wordings differ and none agrees, and Unknown when the
// measure can tell neither (WeCom documents 40017 in Chinese only, DingTalk
// in English only). The catalog's siblings use the merge's measure.
// When the documentation cannot be compared, the codes' observed API
// responses may show they agree (see Sibling.Via).
func Agreement(x, y *Code) Verdict {
	v, _ := siblingVerdict(x, y, Compare)
	return v
}

// siblingVerdict is the agreement of x and y by their documentation, else
// Same through their observed responses (via ViaResponses), else Unknown.
func siblingVerdict(x, y *Code, verdict func(a, b Text) Verdict) (Verdict, string) {
	v := agreement(x, y, verdict)
	if v == Unknown && bridge(x, y, verdict) {
		return Same, ViaResponses
	}
	return v, ""
}

func agreement(x, y *Code, verdict func(a, b Text) Verdict) Verdict {
	v := Unknown
	for _, a := range x.Meanings {
		for _, wa := range a.Wordings {
			for _, b := range y.Meanings {
				for _, wb := range b.Wordings {
					switch verdict(textOfWording(wa), textOfWording(wb)) {
					case Same:
						return Same
					case Different:
						v = Different
					}
				}
			}
		}
	}
	return v
}

// ViaResponses is Sibling.Via when the two codes were found to agree
// through what the APIs return: their documentation shares no language.
const ViaResponses = "responses"

// bridge reports whether the observed API responses show that x and y
// mean the same where their documentation cannot be compared (WeCom
// documents in Chinese only, DingTalk in English only): an errmsg of one
// states the same meaning as a wording or an errmsg of the other. A
// response counts only as a wording of its code: when the code has one
// meaning and the response does not contradict it. A bridge can only tell
// Same; it never makes a difference, which needs the documentation.
func bridge(x, y *Code, verdict func(a, b Text) Verdict) bool {
	tx, ty := observedTexts(x), observedTexts(y)
	if len(tx) == 0 && len(ty) == 0 {
		return false
	}
	agree := func(as, bs []Text) bool {
		for _, a := range as {
			for _, b := range bs {
				if verdict(a, b) == Same {
					return true
				}
			}
		}
		return false
	}
	// x's errmsgs against y's wordings and errmsgs, then y's errmsgs
	// against x's wordings.
	return agree(tx, append(documentedTexts(y), ty...)) || agree(documentedTexts(x), ty)
}

// observedTexts are the comparable texts of the responses that stand for
// c's one meaning.
func observedTexts(c *Code) []Text {
	if len(c.Meanings) != 1 {
		return nil
	}
	var ts []Text
	for _, r := range c.Responses {
		if r.Agreement != Different {
			ts = append(ts, responseTextOf(r))
		}
	}
	return ts
}

// documentedTexts are the texts of every wording of c.
func documentedTexts(c *Code) []Text {
	var ts []Text
	for _, m := range c.Meanings {
		for _, w := range m.Wordings {
			ts = append(ts, textOfWording(w))
		}
	}
	return ts
}

func contains(s []string, v string) bool {
	return slices.Contains(s, v)
}

// attachResponses adds the sightings of API responses to their codes,
// each response with its agreement with the code's documented wordings.
// A sighting of a code no page documents is recorded on its source as
// unattached: errdex shows responses beside documentation only.
func (c *Catalog) attachResponses(seen []Entry, verdict func(a, b Text) Verdict) {
	by := map[Key][]Entry{}
	for _, e := range seen {
		by[e.Key()] = append(by[e.Key()], e)
	}
	unattached := map[string][]Skip{}
	for k, es := range by {
		code := c.byKey[k]
		if code == nil {
			for _, e := range es {
				unattached[e.Source] = append(unattached[e.Source], Skip{Line: e.Line,
					Reason: "no page documents " + string(k.Platform) + " " + k.Code + ": the response is kept in the source, not shown"})
			}
			continue
		}
		code.Responses = responses(es)
		for i := range code.Responses {
			r := &code.Responses[i]
			t := responseTextOf(*r)
			r.Agreement = Unknown
			for _, m := range code.Meanings {
				for _, w := range m.Wordings {
					switch verdict(t, textOfWording(w)) {
					case Same:
						r.Agreement = Same
					case Different:
						if r.Agreement == Unknown {
							r.Agreement = Different
						}
					}
				}
			}
		}
	}
	for i := range c.Sources {
		c.Sources[i].Unattached = sortedSkips(unattached[c.Sources[i].ID])
	}
}

// responseTextOf is the comparable text of a response: Chinese or English
// by its characters.
func responseTextOf(r Response) Text {
	t := r.Text()
	if HasHan(t) {
		return Text{ZH: t}
	}
	return Text{EN: t}
}

// observed reports whether every entry is a sighting of an API response
// (and there is one at least).
func observed(es []Entry) bool {
	for _, e := range es {
		if e.SeenAt == "" {
			return false
		}
	}
	return len(es) > 0
}
