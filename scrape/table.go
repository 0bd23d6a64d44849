package scrape

import (
	"fmt"
	"sort"
	"strings"

	"errdex"
)

// The table stage. The tsv, html and markdown adapters each find tables in
// their own format (tab-separated lines, <table> elements, GFM tables in
// goldmark's AST), and hand the header and the rows to this one stage:
//
//   - A header cell names its column's role (colRole): first by the
//     source's column override in the manifest (columns = { "说明" = "fix" }
//     in its [[source]]), then by the one vocabulary, columnWords. A column
//     that is neither is an error at file:line that names the override to
//     add; an empty header cell is an unnamed column. When no column names
//     a message, the first unnamed column is the message.
//   - Every candidate row goes to the harvester, which turns its cells into
//     an entry or a skip and counts it (tableRow, harvester.row): no adapter
//     counts rows itself.
//
// How a row's cells become texts (harvester.row):
//   - zh and en cells are Chinese and English by the header; message cells
//     are Chinese when they hold Han characters, English otherwise; fix cells
//     are the fix. Several cells of one kind are joined ("; " for messages,
//     " " for the fix), a repeated text kept once.
//   - note cells (说明, 备注) are the message while the row has none in the
//     cell's language, the fix after that: 说明 is the message in
//     errcode / errmsg / 说明 and the explanation next to DingTalk's 错误信息.
//   - Chinese and English are then checked by script: a cell of an English
//     column holding Han text (微信小店 错误信息 "账号已注销") moves to zh
//     when the row has no zh text, and a Chinese cell with no Han text moves
//     to en when the row has no en text. When both are filled the cells stay
//     where the header put them (47504 keeps zh "activity_id").
//   - A scope cell is the row's scope label (else the table's section label).
//   - A row with no message and no fix (code only, or placeholder cells) is
//     skipped: an entry with no message documents nothing.

// colRole is what one column of a table holds.
type colRole int

// The column roles. Their names (roleNames) are what a manifest's column
// override uses.
const (
	roleNone   colRole = iota // an unnamed column: empty header cell
	roleIgnore                // a column that documents nothing errdex keeps
	roleCode                  // the error code
	roleHTTP                  // the HTTP status (DingTalk)
	roleZH                    // the Chinese message
	roleEN                    // the English message
	roleMsg                   // a message, Chinese or English by its script
	roleFix                   // what to do
	roleNote                  // the message while there is none, else the fix
	roleScope                 // the row's scope label
)

// roleNames names the roles, as the manifest's column override writes them.
var roleNames = map[colRole]string{
	roleIgnore: "ignore", roleCode: "code", roleHTTP: "http", roleZH: "zh", roleEN: "en",
	roleMsg: "message", roleFix: "fix", roleNote: "note", roleScope: "scope",
}

// String names the role.
func (r colRole) String() string {
	if n, ok := roleNames[r]; ok {
		return n
	}
	return "unnamed"
}

// ColumnRoles lists the role names a manifest's column override may use.
func ColumnRoles() []string {
	var out []string
	for r := roleIgnore; r <= roleScope; r++ {
		out = append(out, roleNames[r])
	}
	return out
}

// parseRole returns the role a column override names.
func parseRole(name string) (colRole, bool) {
	for r, n := range roleNames {
		if n == strings.ToLower(strings.TrimSpace(name)) {
			return r, true
		}
	}
	return roleNone, false
}

// columnWords is the one vocabulary of header words, as headerKey writes
// them (lower case, no spaces), and the role of the column each names.
var columnWords = map[string]colRole{
	"错误码": roleCode, "返回码": roleCode, "错误代码": roleCode, "错误编号": roleCode, "code": roleCode, "errcode": roleCode,
	"httpcode": roleHTTP, "http状态码": roleHTTP, "状态码": roleHTTP, "httpstatus": roleHTTP,
	"中文描述": roleZH, "中文说明": roleZH,
	"英文描述": roleEN, "英文说明": roleEN,
	"错误说明": roleMsg, "错误信息": roleMsg, "错误描述": roleMsg, "描述": roleMsg, "含义": roleMsg, "信息": roleMsg,
	"errmsg": roleMsg, "message": roleMsg, "msg": roleMsg, "desc": roleMsg, "description": roleMsg,
	"排查方法": roleFix, "解决方法": roleFix, "解决方案": roleFix, "处理方法": roleFix, "处理建议": roleFix, "建议": roleFix,
	"solution": roleFix, "fix": roleFix,
	"说明": roleNote, "备注": roleNote, "remark": roleNote, "note": roleNote, "explanation": roleNote,
	"scope": roleScope, "范围": roleScope,
}

// headerKey is a header cell as columnWords and column overrides are
// looked up: cleaned, lower case, without spaces.
func headerKey(s string) string {
	return strings.ToLower(strings.Join(strings.Fields(clean(s)), ""))
}

// columnRole is the role of the header cell s for src: the source's
// override, then the vocabulary; known is false for a named column that
// neither knows.
func columnRole(src errdex.Source, s string) (role colRole, known bool) {
	k := headerKey(s)
	for word, name := range src.Columns {
		if headerKey(word) == k {
			r, ok := parseRole(name)
			return r, ok
		}
	}
	if k == "" {
		return roleNone, true
	}
	r, ok := columnWords[k]
	return r, ok
}

// namesCode reports whether one of the header cells names the code column.
func namesCode(src errdex.Source, cells []string) bool {
	for _, c := range cells {
		if r, _ := columnRole(src, c); r == roleCode {
			return true
		}
	}
	return false
}

// table is one table of a snapshot: its header's column roles and the
// section label of its rows.
type table struct {
	line  int // the header's line
	label string
	roles []colRole
	code  int // the code column
	http  int // the HTTP status column, -1 when none
	// repair, when set, repairs a row's message and fix before they are
	// told apart by script (the Markdown capture's misplaced cell
	// boundaries, mdRepair).
	repair func(msg, fix string) (string, string)
}

// newTable maps the header cells at line of src to column roles. An
// unknown column, or a second code or HTTP column, is an *errdex.Error at
// line that says which override to add to the manifest.
func newTable(src errdex.Source, line int, cells []string) (*table, error) {
	t := &table{line: line, code: -1, http: -1}
	words := map[colRole]string{}
	for i, c := range cells {
		r, ok := columnRole(src, c)
		word := clean(c)
		if !ok {
			return nil, srcErrorf(src, line, "table column %q is not a known column: say what it holds in the source's [[source]] table in %s (id %q), e.g. columns = { %q = \"ignore\" }; the roles are %s",
				word, ManifestFile, src.ID, word, strings.Join(ColumnRoles(), ", "))
		}
		switch r {
		case roleCode, roleHTTP:
			if prev, dup := words[r]; dup {
				return nil, srcErrorf(src, line, "table has two %s columns (%q and %q): say which one is not in the source's [[source]] table in %s (id %q), e.g. columns = { %q = \"ignore\" }",
					r, prev, word, ManifestFile, src.ID, word)
			}
			words[r] = word
			if r == roleCode {
				t.code = i
			} else {
				t.http = i
			}
		}
		t.roles = append(t.roles, r)
	}
	if t.code < 0 {
		return nil, srcErrorf(src, line, "table has no code column: name it in the source's [[source]] table in %s (id %q), e.g. columns = { \"编号\" = \"code\" }", ManifestFile, src.ID)
	}
	named := false
	for _, r := range t.roles {
		named = named || r == roleZH || r == roleEN || r == roleMsg || r == roleNote
	}
	for i, r := range t.roles {
		if !named && r == roleNone { // no message header: the first unnamed column
			t.roles[i] = roleMsg
			break
		}
	}
	return t, nil
}

// without returns a copy of t without column i (a DingTalk legacy row is
// shifted one column left).
func (t *table) without(i int) *table {
	c := *t
	c.roles = append(append([]colRole(nil), t.roles[:i]...), t.roles[i+1:]...)
	return &c
}

// tableRow is one candidate row of a table: its line, its code, the text
// of each cell as the adapter reads it (not yet cleaned), and the row as it
// stands in the snapshot.
type tableRow struct {
	line  int
	code  string
	cells []string
	raw   string
}

// harvester owns the accounting of one snapshot: every candidate row an
// adapter finds goes through row (a table row), add (an entry the adapter
// built) or skip, and is counted there, once.
type harvester struct {
	src errdex.Source
	h   errdex.Harvest
}

// newHarvester starts the harvest of src.
func newHarvester(src errdex.Source) *harvester {
	return &harvester{src: src, h: errdex.Harvest{Source: src}}
}

// skip counts a candidate row that is no entry, and says why.
func (hv *harvester) skip(line int, format string, args ...any) {
	hv.h.Rows++
	hv.h.Skipped = append(hv.h.Skipped, errdex.Skip{Line: line, Reason: fmt.Sprintf(format, args...)})
}

// add counts a candidate row that is the entry e.
func (hv *harvester) add(e errdex.Entry) {
	hv.h.Rows++
	hv.h.Entries = append(hv.h.Entries, e)
}

// harvest returns the harvest, its skips in line order.
func (hv *harvester) harvest() errdex.Harvest {
	sort.SliceStable(hv.h.Skipped, func(i, j int) bool { return hv.h.Skipped[i].Line < hv.h.Skipped[j].Line })
	return hv.h
}

// row turns a row of table t into an entry, or a skip; see the rules at the
// top of this file.
func (hv *harvester) row(t *table, r tableRow) {
	var zh, en, msg, fix, notes []string
	label := t.label
	for i, txt := range r.cells {
		if i >= len(t.roles) {
			break
		}
		if txt = strings.TrimSpace(txt); txt == "" {
			continue
		}
		switch t.roles[i] {
		case roleZH:
			zh = appendNew(zh, txt)
		case roleEN:
			en = appendNew(en, txt)
		case roleMsg:
			msg = append(msg, txt)
		case roleFix:
			fix = appendNew(fix, txt)
		case roleNote:
			notes = append(notes, txt)
		case roleScope:
			label = txt
		}
	}
	if t.repair != nil {
		m, f := t.repair(strings.Join(msg, " "), strings.Join(fix, " "))
		msg, fix = nonEmpty(m), nonEmpty(f)
	}
	for _, m := range msg {
		if errdex.HasHan(m) {
			zh = appendNew(zh, m)
		} else {
			en = appendNew(en, m)
		}
	}
	for _, n := range notes {
		switch {
		case errdex.HasHan(n) && len(zh) == 0:
			zh = append(zh, n)
		case !errdex.HasHan(n) && len(en) == 0:
			en = append(en, n)
		default:
			fix = appendNew(fix, n)
		}
	}
	z, e := swapLanguages(strings.Join(zh, "; "), strings.Join(en, "; "))
	entry := newEntry(hv.src, r.line, r.code, label, z, e, strings.Join(fix, " "), r.raw)
	if entry.ZH == "" && entry.EN == "" && entry.Fix == "" && !entry.HelpRef {
		hv.skip(r.line, "code %s: row has no message and no fix", r.code)
		return
	}
	hv.add(entry)
}

// nonEmpty is s as a list: empty when s is.
func nonEmpty(s string) []string {
	if strings.TrimSpace(s) == "" {
		return nil
	}
	return []string{s}
}

// swapLanguages moves a text to the other language when its script says
// the header put it in the wrong one and the other language is empty.
func swapLanguages(zh, en string) (string, string) {
	zt, et := strings.TrimSpace(zh), strings.TrimSpace(en)
	switch {
	case zt == "" && et != "" && errdex.HasHan(et):
		return en, ""
	case et == "" && zt != "" && !errdex.HasHan(zt):
		return "", zh
	}
	return zh, en
}

// appendNew appends s unless list already holds it.
func appendNew(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}
