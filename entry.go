package errdex

import (
	"fmt"
	"unicode"
)

// Entry is one row of one source: what that source says a code means.
type Entry struct {
	Source     string   // Source.ID
	Line       int      // 1-based line of the row in the snapshot
	Platform   Platform // platform after scope mapping
	Code       string   // the code as written, e.g. "40014", "-1", "-40400x"
	Scope      string   // canonical scope id, "" for general
	ScopeLabel string   // the label as written in the snapshot, "" when none

	ZH  string // Chinese message, normalized
	EN  string // English message, normalized
	Fix string // what to do, normalized; "" when the source gives none

	// Troubleshooting is the Markdown of the source's troubleshooting
	// section for this code, "" when it has none.
	Troubleshooting string
	// TroubleshootingLine is the line the troubleshooting section starts on.
	TroubleshootingLine int
	// HelpRef is set when the fix cell only said "see help" (查看帮助): the
	// answer is the troubleshooting section.
	HelpRef bool

	Raw string // the row as it stands in the snapshot

	// Corrected is the reason of the erratum applied to the row, "" when
	// the row is as captured (Raw keeps the capture either way).
	Corrected string

	// SeenAt is set on a sighting of what the API returned (a row of an
	// observed-responses source): the public URL where the response was
	// seen. Such an entry is not documentation: Merge shows it as a
	// Response of its code, never as a wording.
	SeenAt string
	// Rule is why a sighting was admitted (marks, repos), "" for other rows.
	Rule string
}

// Ref is the entry's provenance.
func (e Entry) Ref() SourceRef { return SourceRef{Source: e.Source, Line: e.Line} }

// Key is the (platform, code) the entry documents.
func (e Entry) Key() Key { return Key{Platform: e.Platform, Code: e.Code} }

// Skip records a candidate row that did not become an entry, and why.
type Skip struct {
	Line   int    `json:"line"`
	Reason string `json:"reason"`
}

// Harvest is everything scraping one source produced: every candidate row
// ends either as an entry or as a skip.
type Harvest struct {
	Source   Source
	Rows     int // candidate rows the adapter saw
	Sections int // troubleshooting sections the adapter saw
	Attached int // troubleshooting sections attached to at least one entry
	Entries  []Entry
	Skipped  []Skip // candidate rows that did not become entries
	Orphans  []Skip // troubleshooting sections attached to no entry
	// Repairs records what scraping changed in the snapshot to read it (an
	// encoding converted, control characters stripped, nesting flattened,
	// an oversized cell noted, an erratum applied), each at its line.
	Repairs []Skip
}

// Unaccounted returns the difference between the candidate rows and the
// entries plus skips, and a description of what does not add up, or "".
func (h Harvest) Unaccounted() (int, string) {
	rows := len(h.Skipped)
	got := len(h.Entries) + rows
	want := h.Rows
	if h.Source.ExpectedRows > 0 {
		want = h.Source.ExpectedRows
	}
	var msg string
	switch {
	case got != want:
		msg = fmt.Sprintf("%d candidate rows, %d entries + %d skipped", want, len(h.Entries), rows)
	case h.Rows != want:
		msg = fmt.Sprintf("manifest counts %d rows, adapter saw %d", want, h.Rows)
	case h.Source.Sections > 0 && h.Sections != h.Source.Sections:
		msg = fmt.Sprintf("manifest counts %d troubleshooting sections, adapter saw %d", h.Source.Sections, h.Sections)
	case h.Attached+len(h.Orphans) != h.Sections:
		msg = fmt.Sprintf("%d troubleshooting sections, %d attached + %d orphaned", h.Sections, h.Attached, len(h.Orphans))
	}
	if msg == "" {
		return 0, ""
	}
	return want - got, msg
}

// HasHan reports whether s holds a Han (Chinese) character: the one test
// errdex uses to tell Chinese text from other text. (The search tokenizer
// has its own, narrower rule for what makes a token, mirrored in the
// browser: search.isHan.)
func HasHan(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}
