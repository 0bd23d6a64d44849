package scrape

import (
	"bufio"
	"fmt"
	"io"
	"net/url"
	"strings"

	"errdex"
)

// The responses adapter reads observed API responses: what the APIs were
// seen to return, gathered from public material (content/api-responses.tsv).
//
// Rules:
//   - Lines starting with # are comments; blank lines are skipped. The
//     first other line is the header: platform, code, errmsg, rule, url
//     (any order; every column is required, no other is allowed).
//   - Every other line is a candidate row, one sighting: it ends as an
//     entry (with SeenAt, so Merge shows it as a response, not a wording)
//     or a skip with its reason.
//   - platform is a platform id of the manifest's table; the row's, not
//     the source's (one file holds all three platforms). code follows the
//     one rule for codes (errdex.ValidCode, checked for every adapter).
//   - errmsg is the response's text with its variable parts written as
//     placeholders ({hint}, {rid}, {ip}, {url}, {id}, {n}); Chinese text
//     goes to ZH, other text to EN.
//   - rule says why the row was admitted: marks (the string carries the
//     marks of a real response: "hint: [", "rid:", "from ip:", "more info
//     at", "request id") or repos (two repositories of different owners
//     show the same string for the same code, one row each). A marks row
//     whose text carries no mark, or a repos row whose (platform, code,
//     errmsg) is not seen under two owners, is skipped: the rule is
//     checked, not trusted.
//   - url is where the response was seen: an http(s) URL.

// responseColumns are the header words of the responses format.
var responseColumns = []string{"platform", "code", "errmsg", "rule", "url"}

type responseRow struct {
	line                      int
	platform, code, msg, rule string
	url, raw                  string
}

func parseResponses(r io.Reader, src errdex.Source) (errdex.Harvest, error) {
	hv := newHarvester(src)
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 16*1024*1024)
	var col map[string]int
	var rows []responseRow
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimSpace(text) == "" || strings.HasPrefix(strings.TrimSpace(text), "#") {
			continue
		}
		cells := strings.Split(text, "\t")
		if col == nil {
			c, err := responseHeader(cells)
			if err != nil {
				return hv.harvest(), errdex.ErrorAt(snapshotName(src), line, err)
			}
			col = c
			continue
		}
		if len(cells) != len(col) {
			hv.skip(line, "%d cells, the header has %d: a tab inside a field cannot be placed", len(cells), len(col))
			continue
		}
		get := func(name string) string { return strings.TrimSpace(cells[col[name]]) }
		rows = append(rows, responseRow{line: line, platform: get("platform"), code: get("code"),
			msg: get("errmsg"), rule: get("rule"), url: get("url"), raw: text})
	}
	if err := sc.Err(); err != nil {
		return hv.harvest(), srcErrorf(src, line+1, "%w", err)
	}
	if col == nil {
		return hv.harvest(), srcErrorf(src, 0, "no header line: the first line that is not a comment names the columns %s",
			strings.Join(responseColumns, ", "))
	}
	owners := responseOwners(rows)
	for _, rr := range rows {
		if why := rr.check(owners); why != "" {
			hv.skip(rr.line, "%s", why)
			continue
		}
		e := errdex.Entry{
			Source: src.ID, Line: rr.line, Platform: errdex.Platform(rr.platform), Code: rr.code,
			SeenAt: rr.url, Rule: rr.rule, Raw: rr.raw,
		}
		if errdex.HasHan(rr.msg) {
			e.ZH = rr.msg
		} else {
			e.EN = rr.msg
		}
		hv.add(e)
	}
	return hv.harvest(), nil
}

func responseHeader(cells []string) (map[string]int, error) {
	col := map[string]int{}
	for i, c := range cells {
		c = strings.ToLower(strings.TrimSpace(c))
		known := false
		for _, w := range responseColumns {
			known = known || c == w
		}
		if !known {
			return nil, fmt.Errorf("header column %q: the columns are %s", c, strings.Join(responseColumns, ", "))
		}
		if _, dup := col[c]; dup {
			return nil, fmt.Errorf("header column %q twice", c)
		}
		col[c] = i
	}
	for _, w := range responseColumns {
		if _, ok := col[w]; !ok {
			return nil, fmt.Errorf("header has no %q column: the columns are %s", w, strings.Join(responseColumns, ", "))
		}
	}
	return col, nil
}

// responseOwners maps each (platform, code, errmsg) to the distinct owners
// (the first path segment of a github.com URL, else the host) of its rows.
func responseOwners(rows []responseRow) map[string]map[string]bool {
	out := map[string]map[string]bool{}
	for _, r := range rows {
		k := r.platform + "\x00" + r.code + "\x00" + r.msg
		if out[k] == nil {
			out[k] = map[string]bool{}
		}
		if o := urlOwner(r.url); o != "" {
			out[k][o] = true
		}
	}
	return out
}

func urlOwner(s string) string {
	u, err := url.Parse(s)
	if err != nil || u.Host == "" {
		return ""
	}
	host := strings.ToLower(u.Host)
	if host == "github.com" || host == "gitee.com" {
		parts := strings.Split(strings.Trim(u.Path, "/"), "/")
		if len(parts) > 0 && parts[0] != "" {
			return host + "/" + strings.ToLower(parts[0])
		}
	}
	return host
}

// check returns why the row cannot be an entry, "" when it can.
func (r responseRow) check(owners map[string]map[string]bool) string {
	switch {
	case r.platform == "":
		return "no platform"
	case r.msg == "":
		return "no errmsg"
	case !strings.HasPrefix(r.url, "https://") && !strings.HasPrefix(r.url, "http://"):
		return fmt.Sprintf("url %q: give the http(s) address where the response was seen", r.url)
	}
	switch r.rule {
	case "marks":
		low := strings.ToLower(r.msg)
		for _, m := range append(errdex.ResponseMarks, "rid: {rid}") {
			if strings.Contains(low, m) {
				return ""
			}
		}
		return "rule marks, but the errmsg carries none of the marks of a real response (hint: [, rid:, from ip:, more info at, request id)"
	case "repos":
		if n := len(owners[r.platform+"\x00"+r.code+"\x00"+r.msg]); n < 2 {
			return fmt.Sprintf("rule repos, but the same errmsg for %s %s is seen under %d owner(s), not two", r.platform, r.code, n)
		}
		return ""
	}
	return fmt.Sprintf("rule %q: write marks or repos", r.rule)
}
