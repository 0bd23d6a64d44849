package scrape

import (
	"bufio"
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
//     code column. Its columns are mapped by the table stage (table.go): an
//     unknown column is an error naming the manifest's column override, so
//     a new layout is noticed instead of mis-read.
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
//   - The cells become an entry or a skip in the table stage
//     (harvester.row), which tells Chinese from English.

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

// parseTSV reads a tab-separated capture; see the rules above.
func parseTSV(r io.Reader, src errdex.Source) (errdex.Harvest, error) {
	hv := newHarvester(src)
	sc := tsvScanner(r)

	var (
		hdr     *table   // current table, nil outside a table
		recent  []string // non-blank non-table lines since the last table, nearest first
		lastEnd int      // line of the last non-row line that ended a table
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
			if len(cells) >= 2 && namesCode(src, cells[:1]) {
				t, err := newTable(src, n, cells)
				if err != nil {
					return hv.harvest(), err
				}
				for i, s := range recent {
					if i == 2 {
						break
					}
					if tsvIsTitle(s) {
						t.label = strings.TrimSpace(s)
						break
					}
				}
				hdr = t
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
		recent = recent[:0]
		if hdr == nil {
			if lastEnd > 0 {
				hv.skip(n, "row outside a table: the table above ended at line %d", lastEnd)
			} else {
				hv.skip(n, "row outside a table: no header line above it")
			}
			continue
		}
		cells := tsvCells(line, len(hdr.roles))
		if len(cells) > len(hdr.roles) {
			hv.skip(n, "row has %d cells, its header (line %d) has %d: a tab inside a cell cannot be placed", len(cells), hdr.line, len(hdr.roles))
			continue
		}
		hv.row(hdr, tableRow{line: n, code: code, cells: cells, raw: line})
	}
	if err := sc.Err(); err != nil {
		return hv.harvest(), srcErrorf(src, n+1, "%w (lines are read up to %d bytes)", err, tsvMaxLine)
	}
	return hv.harvest(), nil
}
