package render

import (
	"go/ast"
	"go/parser"
	"go/token"
	"html/template"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	tparse "text/template/parse"

	"github.com/PuerkitoBio/goquery"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"errdex"
	"errdex/i18n"
	"errdex/templates"
)

// messageFuncs are the template functions and Go functions whose first
// argument names a message of i18n/messages.toml.
var messageFuncs = map[string]bool{"t": true, "tf": true, "msg": true, "msgf": true, "mustText": true, "formatText": true}

// templateKeys returns the message keys the templates name, by template.
func templateKeys(t *testing.T) map[string][]string {
	t.Helper()
	names, err := fs.Glob(templates.FS, "*.html")
	require.NoError(t, err)
	stub := template.FuncMap{}
	for k, v := range funcs(&builder{cat: testCatalog()}) {
		stub[k] = v
	}
	out := map[string][]string{}
	for _, n := range names {
		src, err := fs.ReadFile(templates.FS, n)
		require.NoError(t, err)
		trees, err := tparse.Parse(n, string(src), "{{", "}}", stub, builtinStubs)
		require.NoError(t, err, n)
		for _, tree := range trees {
			walk(tree.Root, func(c *tparse.CommandNode) {
				if len(c.Args) < 2 {
					return
				}
				id, ok := c.Args[0].(*tparse.IdentifierNode)
				if !ok || !messageFuncs[id.Ident] {
					return
				}
				if s, ok := c.Args[1].(*tparse.StringNode); ok {
					out[n] = append(out[n], s.Text)
				}
			})
		}
	}
	return out
}

// builtinStubs are text/template's own functions, for parse.Parse.
var builtinStubs = map[string]any{
	"and": fmtStub, "or": fmtStub, "not": fmtStub, "len": fmtStub, "index": fmtStub, "print": fmtStub,
	"printf": fmtStub, "println": fmtStub, "eq": fmtStub, "ne": fmtStub, "lt": fmtStub, "le": fmtStub,
	"gt": fmtStub, "ge": fmtStub, "call": fmtStub, "html": fmtStub, "js": fmtStub, "urlquery": fmtStub, "slice": fmtStub,
}

func fmtStub(...any) string { return "" }

// walk calls f on every command of the tree under n.
func walk(n tparse.Node, f func(*tparse.CommandNode)) {
	switch x := n.(type) {
	case *tparse.ListNode:
		if x == nil {
			return
		}
		for _, c := range x.Nodes {
			walk(c, f)
		}
	case *tparse.ActionNode:
		walk(x.Pipe, f)
	case *tparse.PipeNode:
		if x == nil {
			return
		}
		for _, c := range x.Cmds {
			walk(c, f)
		}
	case *tparse.CommandNode:
		f(x)
		for _, a := range x.Args {
			walk(a, f)
		}
	case *tparse.IfNode:
		walk(x.Pipe, f)
		walk(x.List, f)
		walk(x.ElseList, f)
	case *tparse.RangeNode:
		walk(x.Pipe, f)
		walk(x.List, f)
		walk(x.ElseList, f)
	case *tparse.WithNode:
		walk(x.Pipe, f)
		walk(x.List, f)
		walk(x.ElseList, f)
	case *tparse.TemplateNode:
		walk(x.Pipe, f)
	}
}

// goKeys returns the message keys the renderer's Go code names with a
// string literal (mustText("code.next"), …).
func goKeys(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob("*.go")
	require.NoError(t, err)
	var keys []string
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		require.NoError(t, err)
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || len(call.Args) == 0 {
				return true
			}
			id, ok := call.Fun.(*ast.Ident)
			if !ok || !messageFuncs[id.Name] {
				return true
			}
			if lit, ok := call.Args[0].(*ast.BasicLit); ok && lit.Kind == token.STRING {
				s, err := strconv.Unquote(lit.Value)
				require.NoError(t, err)
				keys = append(keys, s)
			}
			return true
		})
	}
	return keys
}

// TestMessagesExist checks that every message the templates and the
// renderer name is in the catalog, and that the catalog holds no message
// nothing uses: the scripts' (search., page.) and the kinds' (kind.,
// change., named by the kind) aside.
func TestMessagesExist(t *testing.T) {
	used := map[string]bool{}
	byTemplate := templateKeys(t)
	require.NotEmpty(t, byTemplate["code.html"])
	for tmpl, keys := range byTemplate {
		for _, k := range keys {
			_, ok := i18n.Lookup(k)
			assert.True(t, ok, "%s names message %q, which i18n/messages.toml lacks", tmpl, k)
			used[k] = true
		}
	}
	goUsed := goKeys(t)
	require.NotEmpty(t, goUsed)
	for _, k := range goUsed {
		_, ok := i18n.Lookup(k)
		assert.True(t, ok, "render names message %q, which i18n/messages.toml lacks", k)
		used[k] = true
	}
	for _, k := range i18n.Keys() {
		switch {
		case used[k], strings.HasPrefix(k, "search."), strings.HasPrefix(k, "page."),
			strings.HasPrefix(k, "kind."), strings.HasPrefix(k, "change."):
			continue
		}
		t.Errorf("i18n/messages.toml: %s is used nowhere", k)
	}
}

// TestKindMessages checks the conflict and change kinds' names: each kind
// has them, and the English sentence is errdex.ConflictKind.Describe (the
// CLI's).
func TestKindMessages(t *testing.T) {
	for _, k := range errdex.ConflictKinds() {
		t.Run(string(k), func(t *testing.T) {
			_, ok := i18n.Lookup("kind." + string(k) + ".name")
			assert.True(t, ok)
			d, ok := i18n.Lookup("kind." + string(k) + ".describe")
			require.True(t, ok)
			assert.Equal(t, k.Describe(), d.EN)
		})
	}
	for _, k := range errdex.ChangeKinds() {
		_, ok := i18n.Lookup("change." + string(k))
		assert.True(t, ok, k)
	}
}

// TestPagesInBothLanguages checks that pages carry errdex's texts in both
// languages, in pairs (each English copy followed by its Chinese one),
// with attributes given a Chinese copy, and that the source texts are
// written once.
func TestPagesInBothLanguages(t *testing.T) {
	_, files := buildTest(t, nil)
	tests := []struct {
		file   string
		sel    string
		en, zh string
	}{
		{"wecom/40014/index.html", "#next-h", "What to do next", "下一步"},
		{"wecom/40014/index.html", "#m1-fix", "See troubleshooting below.", "见下方的排查步骤。"},
		{"wecom/40014/index.html", "#elsewhere-h", "Same number elsewhere", "其他平台的同一错误码"},
		{"wechat/-503003/index.html", "#conflict li", "One page (微信 错误码) lists this code twice with different meanings. Other codes like this", "同一页面（微信 错误码）两次列出这个错误码，含义不同。 同类的其他错误码"},
		{"wechat/-503003/index.html", ".eyebrow .badge-conflict", "Sources disagree: listed twice", "来源不一致：重复列出"},
		{"code/40017/index.html", "h1", "Error code 40017", "错误码 40017"},
		{"code/40017/index.html", ".number-card .fix", "What to do: Check the conversation members.", "怎么办： Check the conversation members."},
		{"index.html", ".stats li", "7 codes", "7 个错误码"},
		{"conflicts/index.html", "h1", "Conflicts", "冲突"},
		{"search/index.html", "#results-status", "Type a code, words, or paste an API response.", "输入错误码、关键词，或粘贴接口返回。"},
		{"404.html", "h1", "Page not found", "页面不存在"},
		{"wecom/index.html", ".crumbs li:last-child", "WeCom", "企业微信"},
	}
	for _, tc := range tests {
		t.Run(tc.file+" "+tc.sel, func(t *testing.T) {
			data := files[tc.file]
			require.NotEmpty(t, data)
			en := parseIn(t, data, i18n.EN).Find(tc.sel).First()
			zh := parseIn(t, data, i18n.ZH).Find(tc.sel).First()
			assert.Equal(t, tc.en, strings.Join(strings.Fields(en.Text()), " "))
			assert.Equal(t, tc.zh, strings.Join(strings.Fields(zh.Text()), " "))
		})
	}
	for name, data := range files {
		if !strings.HasSuffix(name, ".html") || !strings.Contains(string(data), "data-l") {
			continue
		}
		doc := parse(t, data)
		raw := parseIn(t, data, "")
		raw.Find(`[data-l][lang="en"]`).Each(func(_ int, s *goquery.Selection) {
			next := s.Next()
			assert.True(t, next.Is(`[data-l][lang="zh-CN"]`) && goquery.NodeName(next) == goquery.NodeName(s),
				"%s: the English copy %q is not followed by its Chinese one", name, s.Text())
		})
		assert.Equal(t, raw.Find(`[data-l][lang="en"]`).Length(), raw.Find(`[data-l][lang="zh-CN"]`).Length(), name)
		doc.Find("*").Each(func(_ int, s *goquery.Selection) {
			for _, a := range s.Nodes[0].Attr {
				if base, ok := strings.CutPrefix(a.Key, "data-zh-"); ok {
					assert.True(t, attrNames[base], "%s: %s is not an attribute the head script sets", name, a.Key)
					_, has := s.Attr(base)
					assert.True(t, has, "%s: %s without %s", name, a.Key, base)
				}
			}
		})
	}
	// The source texts are written once, as the sources wrote them.
	for _, f := range []string{"wecom/40014/index.html", "wechat/-503003/index.html"} {
		raw := parseIn(t, files[f], "")
		assert.Zero(t, raw.Find("dd.msg [data-l], .troubleshooting > div [data-l], .compare td [data-l]").Length(), f)
		assert.NotZero(t, raw.Find("dd.msg").Length(), f)
	}
}

// TestAttrOnlyKnownNames checks that attr refuses an attribute the head
// script does not set, and that a text the same in both languages gets
// no copy.
func TestAttrOnlyKnownNames(t *testing.T) {
	_, err := langAttr("href", i18n.Text{EN: "a", ZH: "b"})
	require.Error(t, err)
	a, err := langAttr("title", i18n.Text{EN: "x", ZH: "x"})
	require.NoError(t, err)
	assert.Equal(t, template.HTMLAttr(`title="x"`), a)
	a, err = langAttr("aria-label", i18n.Text{EN: `a"b`, ZH: "乙"})
	require.NoError(t, err)
	assert.Equal(t, template.HTMLAttr(`aria-label="a&#34;b" data-zh-aria-label="乙"`), a)
}

// TestFill: each {name} is replaced by its value in the language asked
// for; braces that name no argument stay as they are.
func TestFill(t *testing.T) {
	args := []argPair{{"n", biHTML{"3", "三"}}, {"link", biHTML{`<a href="#x">x</a>`, `<a href="#x">甲</a>`}}}
	for _, tc := range []struct {
		s      string
		zh     bool
		want   template.HTML
		noArgs bool
	}{
		{s: "{n} codes", want: "3 codes"},
		{s: "{n} 个", zh: true, want: "三 个"},
		{s: "see {link}, {n} and {n}", want: `see <a href="#x">x</a>, 3 and 3`},
		{s: "{a {n}} and {", want: "{a 3} and {"},
		{s: "no braces", want: "no braces"},
		{s: "{n}", noArgs: true, want: "{n}"},
		{s: "{unknown}", want: "{unknown}"},
	} {
		t.Run(tc.s, func(t *testing.T) {
			a := args
			if tc.noArgs {
				a = nil
			}
			assert.Equal(t, tc.want, fill(tc.s, a, tc.zh))
		})
	}
}
