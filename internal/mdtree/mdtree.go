package mdtree

import (
	"bytes"

	"github.com/yuin/goldmark/ast"
)

// MaxDepth is how deeply a Markdown node may nest (blockquotes, lists,
// emphasis) before Flatten turns the deeper part into plain text. Each
// level gives at most a few HTML elements, well below 512.
const MaxDepth = 64

// Flatten replaces every node at depth max whose subtree goes deeper with
// the plain text of that subtree: a paragraph for a block (a list item
// keeps its item and gets the paragraph), a string for an inline. No text
// is lost; only the nesting is. src is the document's source. It returns
// the source offset of each flattened node, -1 where none is known.
func Flatten(doc ast.Node, src []byte, max int) []int {
	var out []int
	var walk func(n ast.Node, depth int)
	walk = func(n ast.Node, depth int) {
		if depth >= max {
			if n.HasChildren() && hasGrandchildren(n) {
				out = append(out, Pos(n))
				flatten(n, src)
			}
			return
		}
		for c := n.FirstChild(); c != nil; {
			next := c.NextSibling()
			walk(c, depth+1)
			c = next
		}
	}
	walk(doc, 0)
	return out
}

func hasGrandchildren(n ast.Node) bool {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if c.HasChildren() {
			return true
		}
	}
	return false
}

// flatten replaces n's subtree with its text.
func flatten(n ast.Node, src []byte) {
	text := bytes.TrimSpace(Text(n, src))
	s := ast.NewString(text)
	switch {
	case n.Type() == ast.TypeInline:
		n.Parent().ReplaceChild(n.Parent(), n, s)
	case n.Kind() == ast.KindListItem || n.Kind() == ast.KindDocument:
		n.RemoveChildren(n)
		p := ast.NewParagraph()
		p.AppendChild(p, s)
		n.AppendChild(n, p)
	default:
		p := ast.NewParagraph()
		p.AppendChild(p, s)
		n.Parent().ReplaceChild(n.Parent(), n, p)
	}
}

// Text is the plain text of n's subtree: its text and code, line breaks
// kept, blocks on lines of their own.
func Text(n ast.Node, src []byte) []byte {
	var b bytes.Buffer
	_ = ast.Walk(n, func(m ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			if m.Type() == ast.TypeBlock && b.Len() > 0 && !bytes.HasSuffix(b.Bytes(), []byte("\n")) {
				b.WriteByte('\n')
			}
			return ast.WalkContinue, nil
		}
		switch m := m.(type) {
		case *ast.Text:
			b.Write(m.Segment.Value(src))
			if m.SoftLineBreak() || m.HardLineBreak() {
				b.WriteByte('\n')
			}
		case *ast.String:
			b.Write(m.Value)
		default:
			if m.Type() == ast.TypeBlock && !m.HasChildren() && m.Lines() != nil {
				for i := 0; i < m.Lines().Len(); i++ {
					seg := m.Lines().At(i)
					b.Write(seg.Value(src))
				}
			}
		}
		return ast.WalkContinue, nil
	})
	return b.Bytes()
}

// Pos is the source offset where n starts: its first line, or that of its
// first descendant that has one; -1 when none does.
func Pos(n ast.Node) int {
	pos := -1
	_ = ast.Walk(n, func(m ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		if t, ok := m.(*ast.Text); ok {
			pos = t.Segment.Start
			return ast.WalkStop, nil
		}
		if m.Type() == ast.TypeBlock && m.Lines() != nil && m.Lines().Len() > 0 {
			pos = m.Lines().At(0).Start
			return ast.WalkStop, nil
		}
		return ast.WalkContinue, nil
	})
	return pos
}
