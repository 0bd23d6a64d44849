package scrape

import (
	"bufio"
	"bytes"
	"fmt"
	"html"
	"io"
	"regexp"
	"sort"
	"strings"

	"errdex"
	"errdex/internal/mdtree"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	gmhtml "github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
)

// parseMarkdown reads a Markdown snapshot: GFM tables whose rows start with
// an error code, and troubleshooting sections headed "错误码：N".
//
// The tables are read from goldmark's AST (GFM tables: Table, TableHeader,
// TableRow, TableCell nodes): a table whose header names a code column is a
// code table, mapped by the table stage (table.go), and each body row whose
// code cell holds a code is a candidate row, at the line of the row's own
// source position. A cell's text is what goldmark renders for it, as text
// (mdText).
//
// Troubleshooting sections are taken from the source as Markdown text, see
// mdSections. Cells split at the wrong place by the capture are repaired,
// see mdRepair.
func parseMarkdown(r io.Reader, src errdex.Source) (errdex.Harvest, error) {
	hv := newHarvester(src)
	data, err := io.ReadAll(r)
	if err != nil {
		return hv.harvest(), srcErrorf(src, 0, "read: %w", err)
	}
	lines := splitLines(data)
	body := mdBlankFrontMatter(data)
	mdFixMangledUnderscore(body)

	md := goldmark.New(goldmark.WithExtensions(extension.Table))
	doc := md.Parser().Parse(text.NewReader(body))
	lineOf := lineIndex(body)
	at := func(pos int) int {
		if pos >= 0 && pos <= len(body) {
			return lineOf(pos)
		}
		return 1
	}
	// Nesting deeper than mdtree.MaxDepth is flattened to text, as the
	// site's pages read it, and so that no walk below recurses unbounded.
	for _, pos := range mdtree.Flatten(doc, body, mdtree.MaxDepth) {
		hv.h.Repairs = append(hv.h.Repairs, errdex.Skip{Line: at(pos), Reason: fmt.Sprintf(
			"repair: Markdown nested more than %d deep: the deeper part was read as plain text", mdtree.MaxDepth)})
	}
	var heads []mdHeading
	var perr error
	err = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *east.Table:
			perr = mdTable(hv, n, body, lines, at)
			if perr != nil {
				return ast.WalkStop, nil
			}
			return ast.WalkSkipChildren, nil
		case *ast.Heading:
			heads = append(heads, mdHeadingOf(n, body))
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	if err == nil {
		err = perr
	}
	if err != nil {
		return hv.harvest(), errdex.ErrorAt(snapshotName(src), 0, err)
	}
	h := hv.harvest()
	secs := mdSections(lines, heads, lineOf, h.Entries)
	attachSections(&h, secs)
	return h, nil
}

// mdTable hands the table n to the table stage: its header, when it names a
// code column, and every body row whose code cell holds a code.
func mdTable(hv *harvester, n *east.Table, body []byte, lines []string, at func(int) int) error {
	var header []string
	headerPos := n.Pos()
	var rows []*east.TableRow
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *east.TableHeader:
			header = mdCells(c, body)
			if c.Pos() >= 0 {
				headerPos = c.Pos()
			}
		case *east.TableRow:
			rows = append(rows, c)
		}
	}
	if !namesCode(hv.src, header) {
		return nil // not an error-code table
	}
	t, err := newTable(hv.src, at(headerPos), header)
	if err != nil {
		return err
	}
	t.repair = mdRepair
	for _, row := range rows {
		cells := mdCells(row, body)
		for i := range cells {
			cells[i] = mdUnlink(clean(cells[i]))
		}
		code := ""
		if t.code < len(cells) {
			code = cells[t.code]
		}
		if !isCode(code) {
			continue // not a candidate row
		}
		line := at(row.Pos())
		raw := ""
		if line-1 < len(lines) {
			raw = lines[line-1]
		}
		hv.row(t, tableRow{line: line, code: code, cells: cells, raw: raw})
	}
	return nil
}

// mdCells returns the text of each cell of a table row or header.
func mdCells(row ast.Node, src []byte) []string {
	var out []string
	for c := row.FirstChild(); c != nil; c = c.NextSibling() {
		if _, ok := c.(*east.TableCell); ok {
			var b strings.Builder
			mdText(&b, c, src)
			out = append(out, b.String())
		}
	}
	return out
}

// mdText writes the text of the inline nodes under n: what goldmark's HTML
// renderer writes for them, as a browser reads it (escapes and entities
// resolved, code spans as written, a hard line break as a space). Raw HTML
// is left out, as the renderer leaves it out; an image has no text.
func mdText(b *strings.Builder, n ast.Node, src []byte) {
	switch n := n.(type) {
	case *ast.Text:
		if n.IsRaw() {
			b.Write(n.Segment.Value(src))
		} else {
			b.WriteString(mdResolve(n.Segment.Value(src)))
		}
		switch {
		case n.HardLineBreak():
			b.WriteString(" \n")
		case n.SoftLineBreak():
			b.WriteByte('\n')
		}
		return
	case *ast.String:
		if n.IsCode() || n.IsRaw() {
			b.WriteString(html.UnescapeString(string(n.Value)))
		} else {
			b.WriteString(mdResolve(n.Value))
		}
		return
	case *ast.CodeSpan:
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			if t, ok := c.(*ast.Text); ok {
				v := t.Segment.Value(src)
				if bytes.HasSuffix(v, []byte("\n")) {
					v = append(v[:len(v)-1:len(v)-1], ' ')
				}
				b.Write(v)
			}
		}
		return
	case *ast.AutoLink:
		b.Write(n.Label(src))
		return
	case *ast.RawHTML, *ast.Image:
		return
	}
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		mdText(b, c, src)
	}
}

// mdResolve resolves the backslash escapes and entity references of
// Markdown text as goldmark's renderer does.
func mdResolve(v []byte) string {
	var out bytes.Buffer
	w := bufio.NewWriter(&out)
	gmhtml.DefaultWriter.Write(w, v)
	w.Flush()
	return html.UnescapeString(out.String())
}

// linkRemnant matches a Markdown link the renderer left as text because its
// destination is not a valid one: `[查看帮助](#10649/错误码：40054 40055)`
// (an intra-page link with a space in it).
var linkRemnant = regexp.MustCompile(`\[([^\[\]]*)\]\([^()]*\)`)

// mdUnlink replaces link remnants by their text, so an intra-page link
// "查看帮助" reads as 查看帮助 (HelpRef, no fix text).
func mdUnlink(s string) string { return linkRemnant.ReplaceAllString(s, "$1") }

// fixStarters are phrases that begin a fix (请检查 "please check", 确认
// "confirm", 参考 "see", 查看帮助 "see help", ...).
var fixStarters = []string{"查看帮助", "请检查", "请确认", "请参考", "请在", "请按", "确认", "检查", "参考"}

// sentenceEnd matches text that ends a sentence or clause.
var sentenceEnd = regexp.MustCompile(`[。，；：.,;:！!？?]$`)

// mdRepair repairs message and fix cells that the capture split at the wrong
// boundary. Two general rules, applied in this order:
//
//  1. A fix cell that ends in " 查看帮助" after text that reads as the rest of
//     the message (it does not start with a fix starter and does not end a
//     sentence) gives that text back to the message, and keeps 查看帮助.
//     81013 `UserID、部门 ID、标签 ID | 全部非法或无权限 查看帮助`.
//  2. A fix starter (fixStarters) at the start of a word inside the message,
//     after some message text, begins the fix: it and what follows move to
//     the fix, in front of what the fix cell said (unless that was only a
//     placeholder such as "-"). 40088 `jobid 不存在 请检查 | jobid 来源`,
//     48003 `不合法的 suite_id 确认 suite_access_token | 由指定的 suite_id
//     生成`, and rows with only two cells, 81011 `无权限操作标签 查看帮助`.
//
// Rows with fewer cells than the header are padded with empty cells by the
// GFM table parser, so a short row arrives here with an empty fix.
func mdRepair(msg, fix string) (string, string) {
	if cut, ok := cutHelpSuffix(fix); ok && cut != "" && !hasFixStarter(cut) && !sentenceEnd.MatchString(cut) {
		msg = joinText(msg, cut)
		fix = helpWords[0]
	}
	for i := 0; i < len(msg); i++ {
		if msg[i] != ' ' || strings.TrimSpace(msg[:i]) == "" {
			continue
		}
		tail := msg[i+1:]
		if !hasFixStarter(tail) {
			continue
		}
		msg = strings.TrimSpace(msg[:i])
		switch f, help := fixText(fix); {
		case f == "" && !help:
			fix = tail
		case help && isHelpWord(tail):
			fix = tail
		default:
			fix = tail + " " + fix
		}
		break
	}
	return msg, fix
}

// cutHelpSuffix returns s without a trailing " 查看帮助" and whether s had one.
func cutHelpSuffix(s string) (string, bool) {
	for _, w := range helpWords {
		if before, ok := strings.CutSuffix(s, " "+w); ok {
			return strings.TrimSpace(before), true
		}
	}
	return s, false
}

// hasFixStarter reports whether s begins with a fix starter.
func hasFixStarter(s string) bool {
	for _, p := range fixStarters {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

// isHelpWord reports whether s only says "see help".
func isHelpWord(s string) bool {
	for _, w := range helpWords {
		if s == w {
			return true
		}
	}
	return false
}

// joinText joins two pieces of text with a space, skipping empty ones.
func joinText(a, b string) string {
	switch {
	case a == "":
		return b
	case b == "":
		return a
	}
	return a + " " + b
}

// mdBlankFrontMatter returns a copy of data whose front matter (a first line
// "---", key lines, a closing "---" or "...") is blanked out line by line, so
// it is not rendered but byte offsets and line numbers stay those of the file.
func mdBlankFrontMatter(data []byte) []byte {
	out := bytes.Clone(data)
	first, rest, ok := bytes.Cut(out, []byte("\n"))
	if !ok || string(bytes.TrimRight(bytes.TrimPrefix(first, []byte("\ufeff")), " \t\r")) != "---" {
		return out
	}
	end := len(first) + 1
	for len(rest) > 0 {
		var l []byte
		l, rest, _ = bytes.Cut(rest, []byte("\n"))
		end += len(l) + 1
		if t := string(bytes.TrimRight(l, " \t\r")); t == "---" || t == "..." {
			for i := 0; i < end && i < len(out); i++ {
				if out[i] != '\n' {
					out[i] = ' '
				}
			}
			return out
		}
	}
	return out // no closing line: not front matter
}

// mdFixMangledUnderscore rewrites, in place, `\*` between two ASCII letters
// as `\_`: the capture turned underscores inside identifiers into escaped
// asterisks (`media\*id`; the older capture reads media_id). Other escapes
// are left to the Markdown renderer. The length does not change.
func mdFixMangledUnderscore(b []byte) {
	for i := 1; i+2 < len(b); i++ {
		if b[i] == '\\' && b[i+1] == '*' && asciiLetter(b[i-1]) && asciiLetter(b[i+2]) {
			b[i+1] = '_'
		}
	}
}

func asciiLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// splitLines splits data into lines without their line endings.
func splitLines(data []byte) []string {
	s := strings.Split(string(data), "\n")
	for i := range s {
		s[i] = strings.TrimSuffix(s[i], "\r")
	}
	return s
}

// lineIndex returns a function from byte offset in data to 1-based line.
func lineIndex(data []byte) func(int) int {
	var starts []int
	starts = append(starts, 0)
	for i, c := range data {
		if c == '\n' {
			starts = append(starts, i+1)
		}
	}
	return func(off int) int {
		return sort.Search(len(starts), func(i int) bool { return starts[i] > off })
	}
}

// lineEnd returns the offset of the end of the line holding off.
func lineEnd(data []byte, off int) int {
	if i := bytes.IndexByte(data[off:], '\n'); i >= 0 {
		return off + i
	}
	return len(data)
}

// mdHeading is one heading of the Markdown: its text and the lines it spans.
type mdHeading struct {
	text       string
	start, end int // byte offsets of its first and last line
}

// setextUnderline matches the underline of a setext heading.
var setextUnderline = regexp.MustCompile(`^ {0,3}(=+|-+)[ \t]*\r?$`)

// mdHeadingOf reads a heading node: its text, and where it starts and ends
// (a setext heading ends with its underline).
func mdHeadingOf(n *ast.Heading, src []byte) mdHeading {
	hd := mdHeading{start: n.Pos(), end: n.Pos()}
	var sb strings.Builder
	segs := n.Lines()
	for i := 0; i < segs.Len(); i++ {
		seg := segs.At(i)
		if i == 0 && (hd.start < 0 || seg.Start < hd.start) {
			hd.start = seg.Start
		}
		sb.Write(seg.Value(src))
		sb.WriteByte(' ')
		hd.end = seg.Start
	}
	if hd.start < 0 || hd.start > len(src) {
		hd.start = 0
	}
	if hd.end < hd.start || hd.end > len(src) {
		hd.end = hd.start
	}
	if segs.Len() > 0 && hd.start < len(src) && src[hd.start] != '#' {
		// setext: the underline is the line after the last text line
		if e := lineEnd(src, hd.end); e < len(src) {
			next := e + 1
			if setextUnderline.Match(src[next:lineEnd(src, next)]) {
				hd.end = next
			}
		}
	}
	hd.text = sb.String()
	return hd
}

// sectionHead matches a troubleshooting heading "错误码：N" (full-width or
// ASCII colon), with one or more codes.
var sectionHead = regexp.MustCompile(`^错误码\s*[:：]\s*(.+)$`)

// sectionCodes returns the codes a troubleshooting heading names, or nil
// when s is not one. Words between codes (和, 及) are ignored.
func sectionCodes(s string) []string {
	m := sectionHead.FindStringSubmatch(clean(s))
	if m == nil {
		return nil
	}
	var codes []string
	for _, f := range strings.FieldsFunc(m[1], func(r rune) bool {
		return r == ' ' || r == ',' || r == '，' || r == '、' || r == '/' || r == ';' || r == '；'
	}) {
		if isCode(f) {
			codes = append(codes, f)
		}
	}
	return codes
}

// section is one troubleshooting section found in a snapshot.
type section struct {
	line  int      // line of its heading
	codes []string // codes it documents
	text  string   // its Markdown
	// embedded is set for a section found inside another one's text: it is
	// attached, but not counted in Harvest.Sections (see mdSections).
	embedded bool
}

// mdSections returns the troubleshooting sections of a Markdown page.
//
// Every heading "错误码：N" (e.g. `### 错误码：40001` under `## 排查方法`,
// or `### 错误码：40054 40055` for two codes) starts a section; its body is
// the source text after the heading up to the next heading of any level,
// trimmed, kept as Markdown.
//
// Embedded sections: a line inside a section body that reads only
// "错误码：N" documents code N, the page having lost its heading (in the
// 60011 section an indented `错误码：60020` block documents 60020). It is
// cut out of the enclosing section and becomes a section of its own, from
// that line to the next such line or the end of the enclosing section,
// dedented by the indentation of its "错误码：N" line. (In the WeCom page the
// outer list's last item, "配置完可信 IP 之后…", comes with it: it is about
// trusted IPs, which is 60020's subject, not 60011's.) An embedded block is
// cut out only when one of its codes has an entry; otherwise it stays in
// the enclosing section's text, so nothing is lost.
//
// Accounting: Harvest.Sections counts the headings only, which is what the
// manifest's independent count (sections = 54) counts; embedded sections
// are extra, attached without being counted in Sections or Attached, and
// never orphaned (see above), so Attached + Orphans = Sections still holds.
func mdSections(lines []string, heads []mdHeading, lineOf func(int) int, entries []errdex.Entry) []section {
	have := map[string]bool{}
	for _, e := range entries {
		have[e.Code] = true
	}
	var out []section
	for i, hd := range heads {
		codes := sectionCodes(hd.text)
		if codes == nil {
			continue
		}
		line := lineOf(hd.start)
		first := lineOf(hd.end) + 1 // first body line, 1-based
		last := len(lines)          // last body line, 1-based
		if i+1 < len(heads) {
			last = lineOf(heads[i+1].start) - 1
		}
		var body []string
		if first <= last && first >= 1 && last <= len(lines) {
			body = lines[first-1 : last]
		}
		type cut struct {
			at    int // index in body of the 错误码 line
			codes []string
		}
		var cuts []cut
		for j, l := range body {
			if cs := sectionCodes(l); cs != nil {
				cuts = append(cuts, cut{j, cs})
			}
		}
		keep := make([]bool, len(body))
		for j := range keep {
			keep[j] = true
		}
		var embedded []section
		for c, ct := range cuts {
			end := len(body)
			if c+1 < len(cuts) {
				end = cuts[c+1].at
			}
			attachable := false
			for _, code := range ct.codes {
				attachable = attachable || have[code]
			}
			if !attachable {
				continue
			}
			indent := len(body[ct.at]) - len(strings.TrimLeft(body[ct.at], " \t"))
			var sub []string
			for j := ct.at + 1; j < end; j++ {
				sub = append(sub, dedent(body[j], indent))
				keep[j] = false
			}
			keep[ct.at] = false
			embedded = append(embedded, section{
				line: first + ct.at, codes: ct.codes, embedded: true,
				text: strings.TrimSpace(strings.Join(sub, "\n")),
			})
		}
		var kept []string
		for j, l := range body {
			if keep[j] {
				kept = append(kept, l)
			}
		}
		out = append(out, section{line: line, codes: codes, text: strings.TrimSpace(strings.Join(kept, "\n"))})
		out = append(out, embedded...)
	}
	return out
}

// dedent removes up to n leading spaces or tabs from s.
func dedent(s string, n int) string {
	i := 0
	for i < n && i < len(s) && (s[i] == ' ' || s[i] == '\t') {
		i++
	}
	return s[i:]
}

// attachSections attaches troubleshooting sections to the harvest's entries
// and accounts for them. A section goes to every entry of each code it
// names; when a code has several rows, it goes to those whose fix was
// 查看帮助 (HelpRef), if any, otherwise to all of them. An entry reached by
// two sections gets both texts, the first one's line. A counted section
// that reaches no entry is an orphan.
func attachSections(h *errdex.Harvest, secs []section) {
	byCode := map[string][]int{}
	for i, e := range h.Entries {
		byCode[e.Code] = append(byCode[e.Code], i)
	}
	for _, s := range secs {
		hit := false
		for _, code := range s.codes {
			idx := byCode[code]
			var help []int
			for _, i := range idx {
				if h.Entries[i].HelpRef {
					help = append(help, i)
				}
			}
			if len(help) > 0 {
				idx = help
			}
			for _, i := range idx {
				e := &h.Entries[i]
				if e.TroubleshootingLine == 0 {
					e.Troubleshooting, e.TroubleshootingLine = s.text, s.line
				} else if s.text != "" {
					e.Troubleshooting = strings.TrimSpace(e.Troubleshooting + "\n\n" + s.text)
				}
				hit = true
			}
		}
		if s.embedded {
			continue
		}
		h.Sections++
		if hit {
			h.Attached++
		} else {
			h.Orphans = append(h.Orphans, errdex.Skip{Line: s.line, Reason: fmt.Sprintf("troubleshooting section for %s matches no row", strings.Join(s.codes, " "))})
		}
	}
}
