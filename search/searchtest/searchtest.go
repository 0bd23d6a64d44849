package searchtest

import (
	"fmt"
	"os"
	"strconv"
	"strings"
)

// Case is one line of the query cases.
type Case struct {
	Line  int    // line in the file, from 1
	Query string // what is typed
	// Parse is what the query rules read, as search.Query.String writes
	// it ("" for nothing: "-" in the file).
	Parse string
	// First is the results the search must show first, as
	// "platform/code", in order; nil when the case checks none ("-" in the
	// file); empty, not nil, when it must find nothing ("none").
	First []string
	Note  string // what the case is about
	// Last is the platform the reader last used, ranked first
	// (search.LastUsed, the script's localStorage): the optional fifth
	// field; "" for none.
	Last string
}

// CheckFirst reports whether the results (as "platform/code") start with c.First.
func (c Case) CheckFirst(results []string) bool {
	if c.First == nil {
		return true
	}
	if len(c.First) == 0 {
		return len(results) == 0
	}
	if len(results) < len(c.First) {
		return false
	}
	for i, f := range c.First {
		if results[i] != f {
			return false
		}
	}
	return true
}

// Load reads the query cases at path: one case a line, four or five fields
// separated by tabs (query, parse, first results, note, and the platform
// last used); lines that start with "#" and empty lines are comments.
func Load(path string) ([]Case, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var out []Case
	for i, line := range strings.Split(strings.TrimSuffix(string(data), "\n"), "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 4 && len(f) != 5 {
			return nil, fmt.Errorf("%s:%d: %d fields: want query, parse, first results, note and optionally the platform last used, separated by tabs", path, i+1, len(f))
		}
		c := Case{Line: i + 1, Query: f[0], Parse: f[1], Note: f[3]}
		if len(f) == 5 {
			if f[4] == "" {
				return nil, fmt.Errorf("%s:%d: an empty fifth field: name the platform last used, or leave the field out", path, i+1)
			}
			c.Last = f[4]
		}
		if c.Parse == "-" {
			c.Parse = ""
		}
		switch f[2] {
		case "-":
		case "none":
			c.First = []string{}
		default:
			c.First = strings.Split(f[2], ",")
		}
		out = append(out, c)
	}
	return out, nil
}

// TopCase is a query whose page must be among the first results: a real
// errmsg, pasted without its code (testdata/errmsg-queries.tsv).
type TopCase struct {
	Line   int
	Query  string
	Want   string // "platform/code"
	Within int    // how many of the first results may hold it
	Note   string
}

// Found reports whether results (as "platform/code") hold c.Want among
// their first c.Within.
func (c TopCase) Found(results []string) bool {
	for i, r := range results {
		if i >= c.Within {
			break
		}
		if r == c.Want {
			return true
		}
	}
	return false
}

// LoadTop reads the cases at path: one a line, four fields separated by
// tabs (query, want, within, note); lines that start with "#" and empty
// lines are comments.
func LoadTop(path string) ([]TopCase, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var out []TopCase
	for i, line := range strings.Split(strings.TrimSuffix(string(data), "\n"), "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 4 {
			return nil, fmt.Errorf("%s:%d: %d fields: want query, want, within, note, separated by tabs", path, i+1, len(f))
		}
		n, err := strconv.Atoi(f[2])
		if err != nil || n < 1 {
			return nil, fmt.Errorf("%s:%d: within %q: write how many first results may hold the page", path, i+1, f[2])
		}
		out = append(out, TopCase{Line: i + 1, Query: f[0], Want: f[1], Within: n, Note: f[3]})
	}
	return out, nil
}
