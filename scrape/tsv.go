package scrape

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"errdex"
)

// The tsv adapter reads plain-text captures whose tables are tab-separated:
// a header row names the columns (错误码 / 错误说明 / 排查方法, or one of the
// WeChat variants), then one row per code. Text that is not a table (page
// navigation, section titles, notes) sits between the tables.
//
// Rules:
//   - A candidate row is a line whose first tab-separated cell is a code
//     (isCode). Every one ends as an entry or a skip.
//   - A header is a line with at least two cells whose first cell names the
//     code column (错误码, code, errcode, ...). Every other column must be a
//     known word (tsvColumns); an unknown or repeated column is an error, so a
//     new layout is noticed instead of mis-read.
//   - A table runs from its header to the first line that is neither a row
//     nor blank. Blank lines inside a table are tolerated: a row right after
//     one still belongs to the table. A row outside any table is skipped.
//   - The section label of a table is the nearest short title (see
//     tsvIsTitle) among the last two non-blank lines before its header since
//     the previous table; "" when neither is a title. This reaches over the
//     one description sentence under 通用错误码 but not over the intro of
//     the older WeCom capture, whose rows keep the label "".
//   - A row with fewer cells than its header is padded with empty cells. A
//     row with more cells (after dropping trailing empty ones) is skipped: a
//     tab inside a cell cannot be placed.
//   - Chinese and English are told apart by Han characters: a cell of an
//     English column holding Han text (微信小店 错误信息 "账号已注销") moves to
//     zh when the row has no zh cell text, and a cell of a Chinese column with
//     no Han text moves to en when the row has no en text. When both are
//     filled the cells stay where the header put them (47504 keeps zh
//     "activity_id").
//   - A row with no text at all (code only, or only placeholder cells) is
//     skipped: an entry with no message documents nothing.

// tsvRole is what one column of a table holds.
type tsvRole int

const (
	tsvCode tsvRole = iota
	tsvZH
	tsvEN
	tsvFix
)

// String names the role, for error messages.
func (r tsvRole) String() string {
	switch r {
	case tsvCode:
		return "code"
	case tsvZH:
		return "Chinese"
	case tsvEN:
		return "English"
	}
	return "fix"
}

// tsvCodeColumns are the words a header uses for the code column (lower case).
var tsvCodeColumns = map[string]bool{"错误码": true, "返回码": true, "错误代码": true, "code": true, "errcode": true}

// tsvColumns maps the other header words (lower case) to what the column
// holds. 错误信息 is the English errmsg in the WeChat tables that use it;
// 说明 is Chinese in every table, including errcode / errmsg / 说明.
var tsvColumns = map[string]tsvRole{
	"英文描述": tsvEN, "错误信息": tsvEN, "errmsg": tsvEN, "message": tsvEN,
	"中文描述": tsvZH, "错误说明": tsvZH, "含义": tsvZH, "说明": tsvZH, "描述": tsvZH, "desc": tsvZH,
	"排查方法": tsvFix, "解决方法": tsvFix, "解决方案": tsvFix, "处理方法": tsvFix,
}

// tsvHeader is one table header: where it is, its section label and the
// role of each column.
type tsvHeader struct {
	line  int
	label string
	roles []tsvRole
}

// tsvMaxLine is the longest line the line-based adapters accept.
const tsvMaxLine = 16 << 20

// tsvScanner returns a line scanner with room for long lines.
func tsvScanner(r io.Reader) *bufio.Scanner {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), tsvMaxLine)
	return sc
}

// tsvLine returns line n as read: without a trailing CR, and without the
// byte-order mark on line 1.
func tsvLine(sc *bufio.Scanner, n int) string {
	s := strings.TrimSuffix(sc.Text(), "\r")
	if n == 1 {
		s = strings.TrimPrefix(s, "\ufeff")
	}
	return s
}

// tsvCells splits a line at tabs, trims each cell and drops trailing empty
// cells beyond keep.
func tsvCells(line string, keep int) []string {
	cells := strings.Split(line, "\t")
	for i := range cells {
		cells[i] = strings.TrimSpace(cells[i])
	}
	for len(cells) > keep && cells[len(cells)-1] == "" {
		cells = cells[:len(cells)-1]
	}
	return cells
}

// tsvParseHeader reports whether cells form a header, and its column roles.
// An unknown or repeated column is an error.
func tsvParseHeader(cells []string) ([]tsvRole, bool, error) {
	if len(cells) < 2 || !tsvCodeColumns[strings.ToLower(clean(cells[0]))] {
		return nil, false, nil
	}
	roles := []tsvRole{tsvCode}
	seen := map[tsvRole]string{}
	for _, c := range cells[1:] {
		word := clean(c)
		role, ok := tsvColumns[strings.ToLower(word)]
		if !ok {
			return nil, true, fmt.Errorf("table header column %q is not known: map it in tsvColumns (scrape/tsv.go) to Chinese, English or fix", word)
		}
		if prev, dup := seen[role]; dup {
			return nil, true, fmt.Errorf("table header has two %s columns (%q and %q): the adapter keeps one of each", role, prev, word)
		}
		seen[role] = word
		roles = append(roles, role)
	}
	return roles, true, nil
}

// tsvTitleMaxRunes is the longest line taken as a section title.
const tsvTitleMaxRunes = 20

// tsvIsTitle reports whether a non-table line reads like a section title:
// short, no tab, no sentence punctuation, not a row.
func tsvIsTitle(s string) bool {
	s = strings.TrimSpace(s)
	if s == "" || strings.Contains(s, "\t") || utf8.RuneCountInString(s) > tsvTitleMaxRunes {
		return false
	}
	if strings.ContainsAny(s, "。，、：；！？,:;!?") || strings.HasSuffix(s, ".") {
		return false
	}
	return !isCode(s)
}

// tsvSwapLanguages moves a cell to the other language when its script says
// the header put it in the wrong one and the other language is empty.
func tsvSwapLanguages(zh, en string) (string, string) {
	zt, et := strings.TrimSpace(zh), strings.TrimSpace(en)
	switch {
	case zt == "" && et != "" && errdex.HasHan(et):
		return en, ""
	case et == "" && zt != "" && !errdex.HasHan(zt):
		return "", zh
	}
	return zh, en
}

// parseTSV reads a tab-separated capture; see the rules above.
func parseTSV(r io.Reader, src errdex.Source) (errdex.Harvest, error) {
	h := errdex.Harvest{Source: src}
	sc := tsvScanner(r)

	var (
		hdr     *tsvHeader // current table, nil outside a table
		recent  []string   // non-blank non-table lines since the last table, nearest first
		lastEnd int        // line of the last non-row line that ended a table
	)
	n := 0
	for sc.Scan() {
		n++
		line := tsvLine(sc, n)
		if strings.TrimSpace(line) == "" {
			continue // blank lines neither end a table nor count as titles
		}
		first := line
		if i := strings.IndexByte(line, '\t'); i >= 0 {
			first = line[:i]
		}
		code := strings.TrimSpace(first)

		if !isCode(code) {
			cells := tsvCells(line, 0)
			roles, isHeader, err := tsvParseHeader(cells)
			if err != nil {
				return h, errdex.ErrorAt(snapshotName(src), n, err)
			}
			if isHeader {
				label := ""
				for i, s := range recent {
					if i == 2 {
						break
					}
					if tsvIsTitle(s) {
						label = strings.TrimSpace(s)
						break
					}
				}
				hdr = &tsvHeader{line: n, label: label, roles: roles}
				recent = recent[:0]
				continue
			}
			if hdr != nil {
				hdr = nil
				lastEnd = n
			}
			recent = append([]string{line}, recent...)
			if len(recent) > 2 {
				recent = recent[:2]
			}
			continue
		}

		// A candidate row.
		h.Rows++
		recent = recent[:0]
		if hdr == nil {
			reason := "row outside a table: no header line above it"
			if lastEnd > 0 {
				reason = fmt.Sprintf("row outside a table: the table above ended at line %d", lastEnd)
			}
			h.Skipped = append(h.Skipped, errdex.Skip{Line: n, Reason: reason})
			continue
		}
		cells := tsvCells(line, len(hdr.roles))
		if len(cells) > len(hdr.roles) {
			h.Skipped = append(h.Skipped, errdex.Skip{Line: n, Reason: fmt.Sprintf(
				"row has %d cells, its header (line %d) has %d: a tab inside a cell cannot be placed", len(cells), hdr.line, len(hdr.roles))})
			continue
		}
		var zh, en, fix string
		for i, role := range hdr.roles {
			if i >= len(cells) {
				break // short row: missing cells are empty
			}
			switch role {
			case tsvZH:
				zh = cells[i]
			case tsvEN:
				en = cells[i]
			case tsvFix:
				fix = cells[i]
			}
		}
		zh, en = tsvSwapLanguages(zh, en)
		e := newEntry(src, n, code, hdr.label, zh, en, fix, line)
		if e.ZH == "" && e.EN == "" && e.Fix == "" && !e.HelpRef {
			h.Skipped = append(h.Skipped, errdex.Skip{Line: n, Reason: "row has a code but no message or fix"})
			continue
		}
		h.Entries = append(h.Entries, e)
	}
	if err := sc.Err(); err != nil {
		return h, srcErrorf(src, n+1, "%w (lines are read up to %d bytes)", err, tsvMaxLine)
	}
	return h, nil
}
