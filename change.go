package errdex

import (
	"cmp"
	"slices"
)

// ChangeKind says how a code differs between two snapshots of one page.
type ChangeKind string

// The kinds of change between snapshots.
const (
	ChangeAdded    ChangeKind = "added"    // in the newer snapshot only
	ChangeRemoved  ChangeKind = "removed"  // in the older snapshot only
	ChangeReworded ChangeKind = "reworded" // same meaning, other words
	ChangeMeaning  ChangeKind = "changed"  // different meaning
	ChangeFix      ChangeKind = "fix"      // same message, another fix (Old and New are the fixes)
)

// changeKinds is every kind of change, in the order reports show them:
// what a reader must know first.
var changeKinds = []ChangeKind{ChangeMeaning, ChangeFix, ChangeReworded, ChangeAdded, ChangeRemoved}

// ChangeKinds lists every kind of change, in the order reports show them
// (a copy: the list is the package's).
func ChangeKinds() []ChangeKind { return slices.Clone(changeKinds) }

// Change is one code's difference between an older and a newer snapshot.
type Change struct {
	Platform Platform   `json:"platform"`
	Code     string     `json:"code"`
	Kind     ChangeKind `json:"kind"`
	From     SourceRef  `json:"from"` // the older snapshot's row; Line 0 when added
	To       SourceRef  `json:"to"`   // the newer snapshot's row; Line 0 when removed
	Old      string     `json:"old"`
	New      string     `json:"new"`
}

// changes compares every source with the one it supersedes. The entries of
// every group are in canonical order (see entryOrder).
func (c *Catalog) changes(groups map[Key][]Entry, verdict func(a, b Text) Verdict) []Change {
	sources := c.Sources
	var out []Change
	for _, newer := range sources {
		if newer.Supersedes == "" || newer.Supersedes == newer.ID {
			continue
		}
		for k, es := range groups {
			var o, n []Entry
			for _, e := range es {
				switch e.Source {
				case newer.Supersedes:
					o = append(o, e)
				case newer.ID:
					n = append(n, e)
				}
			}
			out = append(out, diffCode(k, newer.Supersedes, newer.ID, o, n, verdict)...)
		}
	}
	slices.SortFunc(out, func(a, b Change) int {
		if a.Platform != b.Platform {
			return cmp.Compare(c.platformRank(a.Platform), c.platformRank(b.Platform))
		}
		if a.Code != b.Code {
			if CodeLess(a.Code, b.Code) {
				return -1
			}
			return 1
		}
		return cmp.Or(
			cmp.Compare(a.From.Source, b.From.Source), cmp.Compare(a.To.Source, b.To.Source),
			cmp.Compare(a.From.Line, b.From.Line), cmp.Compare(a.To.Line, b.To.Line),
			cmp.Compare(a.Kind, b.Kind), cmp.Compare(a.Old, b.Old), cmp.Compare(a.New, b.New),
		)
	})
	return out
}

// diffCode pairs the older snapshot's rows o of one code with the newer
// snapshot's rows n, within one scope: first rows whose text is equal after
// Fold (no change), then rows that state the same meaning (reworded), then
// the rest in order (changed). Rows left over were removed or added. Rows
// paired as unchanged or reworded whose fixes differ after Fold are a fix
// change too (40026: the newer page dropped the fix).
func diffCode(k Key, from, to string, o, n []Entry, verdict func(a, b Text) Verdict) []Change {
	base := Change{Platform: k.Platform, Code: k.Code, From: SourceRef{Source: from}, To: SourceRef{Source: to}}
	usedO, usedN := make([]bool, len(o)), make([]bool, len(n))
	var out []Change
	pair := func(match func(a, b Entry) bool, kind ChangeKind) {
		for i, a := range o {
			if usedO[i] {
				continue
			}
			for j, b := range n {
				if usedN[j] || a.Scope != b.Scope || !match(a, b) {
					continue
				}
				usedO[i], usedN[j] = true, true
				if kind != ChangeMeaning && Fold(a.Fix) != Fold(b.Fix) {
					c := base
					c.Kind, c.From.Line, c.To.Line, c.Old, c.New = ChangeFix, a.Line, b.Line, a.Fix, b.Fix
					out = append(out, c)
				}
				if kind != "" {
					c := base
					c.Kind, c.From.Line, c.To.Line, c.Old, c.New = kind, a.Line, b.Line, display(a), display(b)
					out = append(out, c)
				}
				break
			}
		}
	}
	pair(func(a, b Entry) bool { return Fold(a.ZH) == Fold(b.ZH) && Fold(a.EN) == Fold(b.EN) }, "")
	pair(func(a, b Entry) bool { return verdict(TextOf(a), TextOf(b)) == Same }, ChangeReworded)
	pair(func(a, b Entry) bool { return true }, ChangeMeaning)
	for i, a := range o {
		if !usedO[i] {
			c := base
			c.Kind, c.From.Line, c.Old = ChangeRemoved, a.Line, display(a)
			out = append(out, c)
		}
	}
	for j, b := range n {
		if !usedN[j] {
			c := base
			c.Kind, c.To.Line, c.New = ChangeAdded, b.Line, display(b)
			out = append(out, c)
		}
	}
	return out
}

func display(e Entry) string {
	if e.ZH != "" {
		return e.ZH
	}
	return e.EN
}
