package scrape

import (
	"bytes"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"

	"errdex"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// parseHTML reads a live error-code page as HTML. One adapter reads the
// three layouts, told apart by their table headers:
//
//   - WeCom: one table 错误码 / 错误说明 / 排查方法, then flat troubleshooting
//     sections: a heading "错误码：N" (h5) followed by paragraphs.
//   - WeChat: several sections, each a heading followed by a table whose
//     header varies (错误码/英文描述/中文描述, 错误码/错误信息/解决方法,
//     code/desc, errcode/errmsg/说明, 错误码/含义, errCode/说明).
//   - DingTalk: one table HttpCode / 错误码 / 错误信息 / 说明 whose newer rows
//     have string codes (Forbidden.AccessDenied) and whose legacy rows are
//     shifted one column left (code, message, explanation, empty).
//
// A code table is one whose header (one of its first three rows, not
// starting with a code) names a code column. Its columns are mapped, and
// its rows turned into entries or skips, by the table stage (table.go).
// When a page has more than one code table, each table's scope label is the
// nearest heading before it; a page with a single code table has no scope
// label.
//
// Line numbers are those of the <tr> start tag in the source: every start
// tag is tagged with its source position before goquery parses the page
// (htmlAnnotate).
func parseHTML(r io.Reader, src errdex.Source) (errdex.Harvest, error) {
	hv := newHarvester(src)
	data, err := io.ReadAll(r)
	if err != nil {
		return hv.harvest(), srcErrorf(src, 0, "read: %w", err)
	}
	annotated, tags := htmlAnnotate(data)
	page, err := goquery.NewDocumentFromReader(bytes.NewReader(annotated))
	if err != nil {
		return hv.harvest(), srcErrorf(src, 0, "parse HTML: %w", err)
	}
	lineOf := lineIndex(data)
	tagOf := func(n *html.Node) (htmlTag, bool) {
		for _, a := range n.Attr {
			if a.Key == htmlSrcAttr {
				i, err := strconv.Atoi(a.Val)
				if err == nil && i >= 0 && i < len(tags) {
					return tags[i], true
				}
			}
		}
		return htmlTag{}, false
	}
	// lineAt is the source line of n, or of the nearest tagged element
	// inside it, or of the nearest tagged ancestor (elements the parser
	// made up have no tag of their own).
	lineAt := func(n *html.Node) int {
		var found *htmlTag
		var walk func(*html.Node)
		walk = func(m *html.Node) {
			if found != nil {
				return
			}
			if t, ok := tagOf(m); ok {
				found = &t
				return
			}
			for c := m.FirstChild; c != nil; c = c.NextSibling {
				walk(c)
			}
		}
		walk(n)
		for p := n.Parent; found == nil && p != nil; p = p.Parent {
			if t, ok := tagOf(p); ok {
				found = &t
			}
		}
		if found == nil {
			return 1
		}
		return lineOf(found.start)
	}
	rawOf := func(n *html.Node) string {
		if t, ok := tagOf(n); ok && t.start <= t.end && t.end <= len(data) {
			return strings.TrimSpace(string(data[t.start:t.end]))
		}
		return strings.TrimSpace(htmlOuter(n))
	}

	// Tables in document order, each with the nearest heading before it.
	type codeTable struct {
		node  *html.Node
		label string
	}
	var tables []codeTable
	var heads []*html.Node
	last := ""
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.DataAtom {
			case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
				heads = append(heads, n)
				if t := headingText(n); sectionCodes(t) == nil {
					last = t
				}
				return
			case atom.Table:
				tables = append(tables, codeTable{n, last})
				return // a table inside a cell is part of the cell
			case atom.Script, atom.Style, atom.Template:
				return
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	for _, n := range page.Nodes {
		walk(n)
	}

	var code []*table
	var rowsOf [][]*html.Node
	for _, t := range tables {
		rows := tableRows(t.node)
		// The header is the first of the first three rows that names a
		// code column and does not start with a code.
		for i, tr := range rows {
			cells := rowCells(tr)
			texts := make([]string, len(cells))
			for j, c := range cells {
				texts[j] = nodesText([]*html.Node{c})
			}
			if namesCode(src, texts) && !isCode(clean(nodesText(cells[:1]))) {
				ct, err := newTable(src, lineAt(tr), texts)
				if err != nil {
					return hv.harvest(), err
				}
				ct.label = t.label
				code = append(code, ct)
				rowsOf = append(rowsOf, rows[i+1:])
				break
			}
			if i >= 2 { // the header is one of the first rows
				break
			}
		}
	}
	sectioned := len(code) > 1

	for k, t := range code {
		if !sectioned {
			t.label = ""
		}
		// DingTalk: string codes are codes when an HTTP status column
		// sits right before the code column; a row whose code cell is no
		// code but whose HTTP cell is one is a legacy row shifted left.
		dingtalk := t.http >= 0 && t.http+1 == t.code
		for _, tr := range rowsOf[k] {
			cells := rowCells(tr)
			texts := make([]string, len(cells))
			for j, c := range cells {
				texts[j] = clean(nodesText([]*html.Node{c}))
			}
			cell := func(j int) string {
				if j >= 0 && j < len(texts) {
					return texts[j]
				}
				return ""
			}
			rt := t
			c := cell(t.code)
			switch {
			case isCode(c) || dingtalk && stringCode.MatchString(c):
			case dingtalk && isCode(cell(t.http)):
				c = cell(t.http)
				rt = t.without(t.http)
			default:
				continue // not a candidate row
			}
			hv.row(rt, tableRow{line: lineAt(tr), code: c, cells: texts, raw: rawOf(tr)})
		}
	}

	var secs []section
	for _, hd := range heads {
		codes := sectionCodes(headingText(hd))
		if codes == nil {
			continue
		}
		secs = append(secs, section{line: lineAt(hd), codes: codes, text: sectionText(hd)})
	}
	h := hv.harvest()
	attachSections(&h, secs)
	return h, nil
}

// htmlSrcAttr is the attribute htmlAnnotate gives every start tag: an index
// into the tags it returns.
const htmlSrcAttr = "data-errdex-src"

// htmlTag is where one start tag is in the source: from its '<' to the end
// of the element when that is known (table rows), else to the end of the tag.
type htmlTag struct{ start, end int }

// htmlAnnotate returns data with an attribute data-errdex-src="i" added to
// every start tag, and tags[i], the source position of that tag. For <tr>
// the position extends to its </tr> (or to whatever closes it implicitly:
// the next <tr>, the end of its table section), so it holds the raw row.
func htmlAnnotate(data []byte) ([]byte, []htmlTag) {
	var out bytes.Buffer
	out.Grow(len(data) + len(data)/4)
	var tags []htmlTag
	z := html.NewTokenizer(bytes.NewReader(data))
	off := 0
	open := []int{-1} // per table depth: the row still open, -1 for none
	closeRow := func(at int) {
		if top := open[len(open)-1]; top >= 0 {
			tags[top].end = at
			open[len(open)-1] = -1
		}
	}
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		raw := z.Raw()
		start := off
		off += len(raw)
		if !bytes.HasPrefix(data[start:], raw) {
			// the tokenizer's view lost step with the source: give up
			// tagging, keep the rest of the page as it is
			out.Write(data[start:])
			return out.Bytes(), tags
		}
		name, _ := z.TagName()
		switch tt {
		case html.StartTagToken, html.SelfClosingTagToken:
			i := len(tags)
			tags = append(tags, htmlTag{start: start, end: off})
			n := 1
			for n < len(raw) && !strings.ContainsRune(" \n\r\t\f/>", rune(raw[n])) {
				n++
			}
			out.Write(raw[:n])
			fmt.Fprintf(&out, " %s=\"%d\"", htmlSrcAttr, i)
			out.Write(raw[n:])
			switch string(name) {
			case "table":
				if tt == html.StartTagToken {
					open = append(open, -1)
				}
			case "tr":
				closeRow(start)
				open[len(open)-1] = i
			case "tbody", "thead", "tfoot":
				closeRow(start)
			}
			continue
		case html.EndTagToken:
			switch string(name) {
			case "tr":
				closeRow(off)
			case "tbody", "thead", "tfoot":
				closeRow(start)
			case "table":
				closeRow(start)
				if len(open) > 1 {
					open = open[:len(open)-1]
				}
			}
		}
		out.Write(raw)
	}
	if off < len(data) {
		out.Write(data[off:])
	}
	for _, top := range open {
		if top >= 0 {
			tags[top].end = len(data)
		}
	}
	return out.Bytes(), tags
}

// htmlOuter renders n as HTML, for the raw text of a row the parser made up.
func htmlOuter(n *html.Node) string {
	var b bytes.Buffer
	if err := html.Render(&b, n); err != nil {
		return ""
	}
	return b.String()
}

// tableRows returns the rows of table t, not those of tables inside it.
func tableRows(t *html.Node) []*html.Node {
	var rows []*html.Node
	for c := t.FirstChild; c != nil; c = c.NextSibling {
		switch c.DataAtom {
		case atom.Tr:
			rows = append(rows, c)
		case atom.Thead, atom.Tbody, atom.Tfoot:
			for r := c.FirstChild; r != nil; r = r.NextSibling {
				if r.DataAtom == atom.Tr {
					rows = append(rows, r)
				}
			}
		}
	}
	return rows
}

// rowCells returns the td and th cells of row tr.
func rowCells(tr *html.Node) []*html.Node {
	var cells []*html.Node
	for c := tr.FirstChild; c != nil; c = c.NextSibling {
		if c.DataAtom == atom.Td || c.DataAtom == atom.Th {
			cells = append(cells, c)
		}
	}
	return cells
}

// stringCode matches DingTalk's string codes: Forbidden.AccessDenied,
// InvalidParameter, isv.invalid-token.
var stringCode = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_]*(?:[.\-][A-Za-z0-9_]+)*$`)

// nodesText is the text of nodes: a <br> or a block boundary reads as a
// space; scripts, styles and comments are left out. The result is not
// cleaned.
func nodesText(nodes []*html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		switch n.Type {
		case html.TextNode:
			b.WriteString(n.Data)
			return
		case html.CommentNode:
			return
		case html.ElementNode:
			switch n.DataAtom {
			case atom.Script, atom.Style, atom.Template:
				return
			case atom.Br:
				b.WriteByte(' ')
				return
			case atom.P, atom.Div, atom.Li, atom.Tr, atom.Td, atom.Th, atom.Ul, atom.Ol, atom.Table, atom.Pre:
				b.WriteByte(' ')
				defer b.WriteByte(' ')
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	for _, n := range nodes {
		walk(n)
	}
	return b.String()
}

// headingText is a heading's text without the "#" permalink that some doc
// sites put in front of it or after it.
func headingText(n *html.Node) string {
	t := stripDebris(clean(nodesText([]*html.Node{n})))
	t = strings.TrimSpace(strings.Trim(t, "#¶ "))
	return t
}

// sectionText turns what follows a troubleshooting heading, up to the next
// heading or table, into Markdown: paragraphs as paragraphs (a <br> starts a
// new line), list items as "- " or "N. " lines, preformatted text fenced.
func sectionText(hd *html.Node) string {
	var blocks []string
	for n := hd.NextSibling; n != nil; n = n.NextSibling {
		if n.Type == html.TextNode {
			if t := squash(n.Data); t != "" {
				blocks = append(blocks, t)
			}
			continue
		}
		if n.Type != html.ElementNode {
			continue
		}
		switch n.DataAtom {
		case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Table, atom.Hr:
			return strings.Join(blocks, "\n\n")
		case atom.Ul, atom.Ol:
			var items []string
			k := 0
			for li := n.FirstChild; li != nil; li = li.NextSibling {
				if li.DataAtom != atom.Li {
					continue
				}
				k++
				mark := "- "
				if n.DataAtom == atom.Ol {
					mark = strconv.Itoa(k) + ". "
				}
				items = append(items, mark+squash(nodesText([]*html.Node{li})))
			}
			if len(items) > 0 {
				blocks = append(blocks, strings.Join(items, "\n"))
			}
		case atom.Pre:
			blocks = append(blocks, "```\n"+strings.Trim(nodesText([]*html.Node{n}), "\n")+"\n```")
		case atom.Script, atom.Style, atom.Template:
		default:
			if t := brLines(n); t != "" {
				blocks = append(blocks, t)
			}
		}
	}
	return strings.Join(blocks, "\n\n")
}

// squash collapses white space and trims: troubleshooting text is kept as
// written (no width folding), like the Markdown adapter keeps its sections.
func squash(s string) string { return strings.TrimSpace(errdex.SpaceRun.ReplaceAllString(s, " ")) }

// brLines is the text of n with each <br> starting a new line, each line
// squashed and empty lines dropped.
func brLines(n *html.Node) string {
	var lines []string
	var cur []*html.Node
	flush := func() {
		if t := squash(nodesText(cur)); t != "" {
			lines = append(lines, t)
		}
		cur = nil
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && c.DataAtom == atom.Br {
			flush()
			continue
		}
		cur = append(cur, c)
	}
	flush()
	return strings.Join(lines, "\n")
}
