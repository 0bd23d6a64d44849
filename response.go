package errdex

import (
	"cmp"
	"slices"
	"strings"
)

// Response is an errmsg the API was seen to return for a code, as
// developers paste it: the text with its variable parts (hint, rid, the
// caller's IP, ids) written as placeholders such as {hint} and {ip}.
type Response struct {
	Errmsg string     `json:"errmsg"`
	Count  int        `json:"count"` // how many sightings
	Seen   []Sighting `json:"seen"`  // where, sorted by URL
	// Agreement is whether the errmsg states the documented meaning
	// (Same), plainly contradicts every documented wording (Different, for
	// a maintainer to review), or cannot be compared (Unknown).
	Agreement Verdict `json:"agreement"`
}

// Sighting is one place a response was seen.
type Sighting struct {
	URL    string `json:"url"`
	Rule   string `json:"rule"` // why it was admitted: marks or repos
	Source string `json:"source"`
	Line   int    `json:"line"`
}

// Placeholders are the names of the variable parts a response pattern may
// hold, written {name}. Text removes them.
var Placeholders = []string{"{hint}", "{rid}", "{ip}", "{url}", "{id}", "{n}"}

// Text is the response without its placeholders and the punctuation around
// them: what a reader who pastes the response typed, to search for.
func (r Response) Text() string { return ResponseText(r.Errmsg) }

// ResponseMarks start the part of a response the API appends to every
// message (a hint, a request id, the caller's IP, a help link): the marks
// of a real response, in lower case.
var ResponseMarks = []string{"hint: [", "hint:[", "hints: [", "hints:[", " rid:", "from ip:", "more info at", "request id", "more details at", "view more at"}

// ResponseText is the message of an errmsg pattern: the text before the
// first mark the API appends (hint: [, rid:, from ip:, more info at, …),
// without placeholders or the punctuation left at its end.
func ResponseText(errmsg string) string {
	s := errmsg
	low := strings.ToLower(s)
	cut := len(s)
	for _, m := range ResponseMarks {
		if i := strings.Index(low, m); i >= 0 && i < cut {
			cut = i
		}
	}
	s = s[:cut]
	for _, p := range Placeholders {
		s = strings.ReplaceAll(s, p, " ")
	}
	s = strings.Join(strings.Fields(s), " ")
	return strings.TrimRight(s, " ,;:.，；：。")
}

// responses groups the sightings of one code into responses, the most
// often seen first, then by text.
func responses(es []Entry) []Response {
	by := map[string]*Response{}
	var order []string
	for _, e := range es {
		msg := e.EN + e.ZH // one of them is empty
		r, ok := by[msg]
		if !ok {
			r = &Response{Errmsg: msg}
			by[msg] = r
			order = append(order, msg)
		}
		r.Seen = append(r.Seen, Sighting{URL: e.SeenAt, Rule: e.Rule, Source: e.Source, Line: e.Line})
		r.Count++
	}
	out := make([]Response, 0, len(order))
	for _, m := range order {
		r := by[m]
		slices.SortFunc(r.Seen, func(a, b Sighting) int {
			return cmp.Or(cmp.Compare(a.URL, b.URL), cmp.Compare(a.Source, b.Source), cmp.Compare(a.Line, b.Line))
		})
		out = append(out, *r)
	}
	slices.SortStableFunc(out, func(a, b Response) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), cmp.Compare(a.Errmsg, b.Errmsg))
	})
	return out
}
