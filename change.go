package errdex

import "sort"

// ChangeKind says how a code differs between two snapshots of one page.
type ChangeKind string

// The kinds of change between snapshots.
const (
	ChangeAdded    ChangeKind = "added"    // in the newer snapshot only
	ChangeRemoved  ChangeKind = "removed"  // in the older snapshot only
	ChangeReworded ChangeKind = "reworded" // same meaning, other words
	ChangeMeaning  ChangeKind = "changed"  // different meaning
)

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

// changes compares every source with the one it supersedes.
func changes(sources []SourceInfo, groups map[Key][]Entry, same func(a, b Text) bool) []Change {
	var out []Change
	for _, newer := range sources {
		if newer.Supersedes == "" {
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
			out = append(out, diffCode(k, newer.Supersedes, newer.ID, o, n, same)...)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Platform != b.Platform {
			return platformRank(a.Platform) < platformRank(b.Platform)
		}
		if a.Code != b.Code {
			return CodeLess(a.Code, b.Code)
		}
		if a.From != b.From {
			return a.From.Line < b.From.Line
		}
		return a.To.Line < b.To.Line
	})
	return out
}

func diffCode(k Key, from, to string, o, n []Entry, same func(a, b Text) bool) []Change {
	c := Change{Platform: k.Platform, Code: k.Code, From: SourceRef{Source: from}, To: SourceRef{Source: to}}
	switch {
	case len(o) == 0 && len(n) == 0:
		return nil
	case len(o) == 0:
		c.Kind, c.To.Line, c.New = ChangeAdded, n[0].Line, display(n[0])
		return []Change{c}
	case len(n) == 0:
		c.Kind, c.From.Line, c.Old = ChangeRemoved, o[0].Line, display(o[0])
		return []Change{c}
	}
	var out []Change
	for _, a := range o {
		best, kind := n[0], ChangeMeaning
		for _, b := range n {
			if Fold(a.ZH) == Fold(b.ZH) && Fold(a.EN) == Fold(b.EN) {
				best, kind = b, ""
				break
			}
			if kind == ChangeMeaning && same(TextOf(a), TextOf(b)) {
				best, kind = b, ChangeReworded
			}
		}
		if kind == "" {
			continue
		}
		x := c
		x.Kind, x.From.Line, x.To.Line, x.Old, x.New = kind, a.Line, best.Line, display(a), display(best)
		out = append(out, x)
	}
	return out
}

func display(e Entry) string {
	if e.ZH != "" {
		return e.ZH
	}
	return e.EN
}
