package errdex

import "slices"

// ConflictKind names one way the sources of a (platform, code) disagree.
type ConflictKind string

// The conflict kinds errdex flags.
const (
	// ConflictSources: two sources, or two snapshots of one page, give
	// different meanings for the same scope.
	ConflictSources ConflictKind = "sources"
	// ConflictScopes: the platform uses the number for different things in
	// different products or scopes.
	ConflictScopes ConflictKind = "scopes"
	// ConflictRows: one source lists the code twice, in one scope, with
	// different meanings.
	ConflictRows ConflictKind = "rows"
)

// conflictKinds is every kind in sorted order.
var conflictKinds = []ConflictKind{ConflictRows, ConflictScopes, ConflictSources}

// ConflictKinds lists every kind in sorted order (a copy: the list is the
// package's).
func ConflictKinds() []ConflictKind { return slices.Clone(conflictKinds) }

// Describe is a one-line explanation of the kind for readers.
func (k ConflictKind) Describe() string {
	switch k {
	case ConflictSources:
		return "Sources disagree: two pages or snapshots give different meanings in the same scope."
	case ConflictScopes:
		return "Scopes differ: the platform uses this number for different things in different products."
	case ConflictRows:
		return "Rows disagree: one source lists this code twice with different meanings."
	}
	return string(k)
}
