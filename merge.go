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
	same func(a, b Text) bool
}

// WithMatcher replaces the test that decides whether two texts state the
// same meaning (SameMeaning by default). The matcher should be symmetric;
// Merge calls it on every pair of entries of a code.
func WithMatcher(same func(a, b Text) bool) MergeOption {
	return func(m *merger) { m.same = same }
}

// Merge builds the canonical catalog from the harvests of every source. The
// result does not depend on the order of the harvests or of their entries:
// entries are put in a canonical order first (see entryOrder), and the
// meanings of a code are the connected groups of its entries under the
// matcher, which do not depend on any order.
func Merge(harvests []Harvest, opts ...MergeOption) *Catalog {
	m := merger{same: newComparer().same}
	for _, o := range opts {
		o(&m)
	}
	cat := &Catalog{byKey: map[Key]*Code{}}
	var entries []Entry
	for _, h := range harvests {
		cat.Sources = append(cat.Sources, SourceInfo{
			Source: h.Source, Rows: h.Rows, Entries: len(h.Entries),
			Sections: h.Sections, Attached: h.Attached,
			Skipped: sortedSkips(h.Skipped), Orphans: sortedSkips(h.Orphans),
			Repairs: sortedSkips(h.Repairs),
		})
		entries = append(entries, h.Entries...)
	}
	sort.SliceStable(cat.Sources, func(i, j int) bool { return cat.Sources[i].ID < cat.Sources[j].ID })
	newEntryOrder(harvests).sort(entries)

	groups := map[Key][]Entry{}
	for _, e := range entries {
		groups[e.Key()] = append(groups[e.Key()], e)
	}
	for k, es := range groups {
		c := &Code{Platform: k.Platform, Code: k.Code}
		c.Meanings = m.cluster(es)
		c.Conflicts = conflicts(c.Meanings)
		cat.Codes = append(cat.Codes, c)
		cat.byKey[k] = c
	}
	sort.Slice(cat.Codes, func(i, j int) bool {
		a, b := cat.Codes[i], cat.Codes[j]
		if a.Platform != b.Platform {
			return platformRank(a.Platform) < platformRank(b.Platform)
		}
		return CodeLess(a.Code, b.Code)
	})
	cat.linkElsewhere(m.same)
	cat.Changes = changes(cat.Sources, groups, m.same)
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
// meanings: two entries share a meaning when a chain of entries links them,
// each stating the same thing as the next. Meanings are numbered in the
// order of their first entry and take their text from it, filling what it
// lacks from the later ones.
func (m merger) cluster(es []Entry) []Meaning {
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
	texts := make([]Text, len(es))
	for i, e := range es {
		texts[i] = TextOf(e)
	}
	for i := range es {
		for j := i + 1; j < len(es); j++ {
			ri, rj := find(i), find(j)
			if ri == rj {
				continue
			}
			if texts[i] == texts[j] || m.same(texts[i], texts[j]) {
				// The root is always the earlier entry.
				parent[max(ri, rj)] = min(ri, rj)
			}
		}
	}
	var out []Meaning
	index := map[int]int{} // root entry -> meaning
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
		fillMeaning(mm, e)
		addWording(mm, e)
	}
	return out
}

// fillMeaning takes from e what the meaning lacks so far.
func fillMeaning(m *Meaning, e Entry) {
	if m.ZH == "" {
		m.ZH = e.ZH
	}
	if m.EN == "" {
		m.EN = e.EN
	}
	if m.Fix == "" {
		m.Fix = e.Fix
	}
	if m.Troubleshooting == "" {
		m.Troubleshooting = e.Troubleshooting
	}
}

func addWording(m *Meaning, e Entry) {
	for i := range m.Wordings {
		w := &m.Wordings[i]
		if w.ZH == e.ZH && w.EN == e.EN && w.Fix == e.Fix && w.Troubleshooting == e.Troubleshooting &&
			w.Scope == e.Scope && w.ScopeLabel == e.ScopeLabel {
			w.Sources = append(w.Sources, e.Ref())
			return
		}
	}
	m.Wordings = append(m.Wordings, Wording{
		ZH: e.ZH, EN: e.EN, Fix: e.Fix, Troubleshooting: e.Troubleshooting,
		Scope: e.Scope, ScopeLabel: e.ScopeLabel, Sources: []SourceRef{e.Ref()},
	})
}

// conflicts compares every pair of source rows from different meanings:
// rows in different scopes make a scopes conflict, rows of one source in
// one scope a rows conflict, rows of two sources in one scope a sources
// conflict.
func conflicts(ms []Meaning) []ConflictKind {
	found := map[ConflictKind]bool{}
	for i := range ms {
		for j := i + 1; j < len(ms); j++ {
			for _, a := range ms[i].Wordings {
				for _, b := range ms[j].Wordings {
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
	for _, k := range ConflictKinds {
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

// linkElsewhere records, on every code, the same number on other platforms.
// Agrees is true when some wording of the sibling states the same meaning as
// some wording of the code. It is false both when they differ and when they
// cannot be compared (one platform documents the number in Chinese only,
// the other in English only); Agreement tells the two apart.
func (c *Catalog) linkElsewhere(same func(a, b Text) bool) {
	for _, x := range c.Codes {
		x.Elsewhere = nil
		for _, y := range c.ByNumber(x.Code) {
			if y == x {
				continue
			}
			x.Elsewhere = append(x.Elsewhere, Sibling{
				Platform: y.Platform, URL: y.URL(), Title: y.Title(),
				Agrees: anyWording(x, y, same), Agreement: Agreement(x, y),
			})
		}
	}
}

// anyWording reports whether some wording of x and some wording of y are
// the same by same.
func anyWording(x, y *Code, same func(a, b Text) bool) bool {
	for _, a := range x.Meanings {
		for _, wa := range a.Wordings {
			for _, b := range y.Meanings {
				for _, wb := range b.Wordings {
					if same(textOfWording(wa), textOfWording(wb)) {
						return true
					}
				}
			}
		}
	}
	return false
}

// Agreement says whether two codes, typically the same number on two
// platforms, agree by the default measure: Same when some wording of one
// states the same meaning as some wording of the other, Different when some
// wordings share a language but none agrees, and Unknown when no wording of
// one shares a language with a wording of the other (WeCom documents 40017
// in Chinese only, DingTalk in English only).
func Agreement(x, y *Code) Verdict {
	v := Unknown
	for _, a := range x.Meanings {
		for _, wa := range a.Wordings {
			for _, b := range y.Meanings {
				for _, wb := range b.Wordings {
					switch Compare(textOfWording(wa), textOfWording(wb)) {
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

func contains(s []string, v string) bool {
	return slices.Contains(s, v)
}
