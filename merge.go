package errdex

import (
	"fmt"
	"sort"
)

// MergeOption configures Merge.
type MergeOption func(*merger)

type merger struct {
	same func(a, b Text) bool
}

// WithMatcher replaces the test that decides whether two texts state the
// same meaning (SameMeaning by default).
func WithMatcher(same func(a, b Text) bool) MergeOption {
	return func(m *merger) { m.same = same }
}

// Merge builds the canonical catalog from the harvests of every source. The
// result does not depend on the order of the harvests or of their entries.
func Merge(harvests []Harvest, opts ...MergeOption) *Catalog {
	m := merger{same: SameMeaning}
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
		})
		entries = append(entries, h.Entries...)
	}
	sort.Slice(cat.Sources, func(i, j int) bool { return cat.Sources[i].ID < cat.Sources[j].ID })
	sortEntries(entries)

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
	sort.SliceStable(out, func(i, j int) bool { return out[i].Line < out[j].Line })
	return out
}

// sortEntries puts entries in a canonical order: general scope first, then
// by scope, source and line.
func sortEntries(es []Entry) {
	sort.SliceStable(es, func(i, j int) bool {
		a, b := es[i], es[j]
		if a.Scope != b.Scope {
			if a.Scope == "" || b.Scope == "" {
				return a.Scope == ""
			}
			return a.Scope < b.Scope
		}
		if a.Source != b.Source {
			return a.Source < b.Source
		}
		return a.Line < b.Line
	})
}

// cluster groups the entries of one code into distinct meanings. An entry
// joins the first meaning any of whose wordings states the same thing.
func (m merger) cluster(es []Entry) []Meaning {
	var out []Meaning
	var texts [][]Text
	for _, e := range es {
		t := TextOf(e)
		idx := -1
		for i := range out {
			for _, u := range texts[i] {
				if m.same(t, u) {
					idx = i
					break
				}
			}
			if idx >= 0 {
				break
			}
		}
		if idx < 0 {
			out = append(out, Meaning{
				ID: fmt.Sprintf("m%d", len(out)+1), ZH: e.ZH, EN: e.EN,
				Fix: e.Fix, Troubleshooting: e.Troubleshooting, Scope: e.Scope,
			})
			texts = append(texts, nil)
			idx = len(out) - 1
		}
		mm := &out[idx]
		texts[idx] = append(texts[idx], t)
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

// conflicts compares every pair of wordings from different meanings.
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
func (c *Catalog) linkElsewhere(same func(a, b Text) bool) {
	for _, x := range c.Codes {
		x.Elsewhere = nil
		for _, y := range c.ByNumber(x.Code) {
			if y == x {
				continue
			}
			x.Elsewhere = append(x.Elsewhere, Sibling{
				Platform: y.Platform, URL: y.URL(), Title: y.Title(),
				Agrees: meaningsAgree(x, y, same),
			})
		}
	}
}

func meaningsAgree(x, y *Code, same func(a, b Text) bool) bool {
	for _, a := range x.Meanings {
		for _, b := range y.Meanings {
			if same(textOfMeaning(a), textOfMeaning(b)) {
				return true
			}
		}
	}
	return false
}

func contains(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}
