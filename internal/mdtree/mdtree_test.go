package mdtree

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
)

func depth(n ast.Node) int {
	d := 0
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		d = max(d, depth(c))
	}
	return d + 1
}

func TestFlatten(t *testing.T) {
	cases := []struct {
		name    string
		src     string
		flat    int
		keeps   string
		maxDeep int
	}{
		{"shallow", "> quote\n\n- item\n", 0, "", 0},
		{"blockquotes", strings.Repeat(">", 600) + " deep text", 1, "deep text", MaxDepth + 3},
		{"lists", strings.Repeat("- ", 600) + "deep item", 1, "deep item", MaxDepth + 3},
		{"emphasis", strings.Repeat("*", 1200) + "em" + strings.Repeat("*", 1200), 1, "em", MaxDepth + 3},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			src := []byte(tc.src)
			doc := goldmark.New().Parser().Parse(text.NewReader(src))
			pos := Flatten(doc, src, MaxDepth)
			assert.Len(t, pos, tc.flat)
			if tc.flat == 0 {
				return
			}
			assert.LessOrEqual(t, depth(doc), tc.maxDeep)
			assert.Contains(t, string(Text(doc, src)), tc.keeps)
			assert.GreaterOrEqual(t, pos[0], 0)
		})
	}
}
