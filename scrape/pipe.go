package scrape

import (
	"io"
	"strings"

	"errdex"
)

// The pipe adapter reads a flattened HTML table: every cell on its own line
// ending in " |", four cells per record — code, Chinese, English, scope. An
// empty cell is a bare "|".
//
// Rules:
//   - A record, and a candidate row, starts at every line whose text (without
//     the trailing "|") is a code. That line is where the adapter
//     resynchronizes when a record is malformed: the cells up to the next code
//     line belong to the record, however many there are.
//   - A cell ends at a line ending in "|". Lines without one continue into the
//     next line's cell (a line break inside an HTML cell); text left open
//     when the next code line or the end of the file comes closes the cell.
//     Blank lines are ignored. Lines before the first code are not rows.
//   - A record with exactly three cells after the code is a row of the
//     table stage (table.go) with the columns code, zh, en and scope: the
//     scope label is cleaned of HTML debris ("WeCom/td>") and resolved
//     through the manifest. Any other count is skipped with a reason, as is
//     a record with no text at all.
//   - The same code under several scopes stays as several entries.

// pipeRoles are the columns of a record: the code, then its three cells.
var pipeRoles = []colRole{roleCode, roleZH, roleEN, roleScope}

// pipeRecord is one record being read.
type pipeRecord struct {
	line    int      // line of the code
	code    string   // the code as written
	raw     []string // the record's lines as read
	cells   []string // closed cells after the code
	pending []string // text of the cell still open
}

// pipeCell returns the text of a line without its trailing "|", and whether
// the line closes its cell.
func pipeCell(line string) (string, bool) {
	t := strings.TrimSpace(line)
	if s, ok := strings.CutSuffix(t, "|"); ok {
		return strings.TrimSpace(s), true
	}
	return t, false
}

// closeCell closes the open cell, if any.
func (p *pipeRecord) closeCell() {
	if len(p.pending) > 0 {
		p.cells = append(p.cells, strings.Join(p.pending, " "))
		p.pending = nil
	}
}

// parsePipe reads a flattened pipe table; see the rules above.
func parsePipe(r io.Reader, src errdex.Source) (errdex.Harvest, error) {
	hv := newHarvester(src)
	t := &table{roles: pipeRoles, code: 0, http: -1}
	var rec *pipeRecord
	finish := func() {
		p := rec
		rec = nil
		if p == nil {
			return
		}
		p.closeCell()
		if len(p.cells) != 3 {
			hv.skip(p.line, "record has %d cells after the code, want 3 (Chinese, English, scope)", len(p.cells))
			return
		}
		hv.row(t, tableRow{line: p.line, code: p.code, cells: append([]string{p.code}, p.cells...), raw: strings.Join(p.raw, "\n")})
	}

	sc := tsvScanner(r)
	n := 0
	for sc.Scan() {
		n++
		line := tsvLine(sc, n)
		text, closes := pipeCell(line)
		if isCode(text) {
			finish()
			rec = &pipeRecord{line: n, code: text, raw: []string{line}}
			continue
		}
		if rec == nil {
			continue // before the first record: page text, not a row
		}
		if text == "" && !closes {
			continue // blank line
		}
		rec.raw = append(rec.raw, line)
		if text != "" {
			rec.pending = append(rec.pending, text)
		}
		if closes {
			if len(rec.pending) == 0 {
				rec.cells = append(rec.cells, "") // a bare "|": empty cell
			} else {
				rec.closeCell()
			}
		}
	}
	finish()
	if err := sc.Err(); err != nil {
		return hv.harvest(), srcErrorf(src, n+1, "%w (lines are read up to %d bytes)", err, tsvMaxLine)
	}
	return hv.harvest(), nil
}
