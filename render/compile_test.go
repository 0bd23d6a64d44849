package render

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"reflect"
	"strings"
	"testing"
	texttemplate "text/template"

	"errdex"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestCompiledKeepsPages: every file of the test site is the same made by
// the compiled templates and by text/template, and no page fell back.
func TestCompiledKeepsPages(t *testing.T) {
	for _, tc := range []struct {
		name string
		opt  func(*Options)
	}{
		{"hosted", func(*Options) {}},
		{"bundle", func(o *Options) { o.Bundle, o.BaseURL = true, "" }},
		{"no base URL", func(o *Options) { o.BaseURL = "" }},
		{"not minified", func(o *Options) { o.NoMinify = true }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o := testOptions("")
			tc.opt(&o)
			before := fallbacks.Load()
			with, err := Files(testCatalog(), o)
			require.NoError(t, err)
			assert.Equal(t, before, fallbacks.Load(), "pages made by text/template")
			assertSameSite(t, with, o, &noCompile)
		})
	}
}

// assertSameSite checks that the test site built with o and the switch
// off set is the files with.
func assertSameSite(t *testing.T, with map[string][]byte, o Options, off *bool) {
	t.Helper()
	*off = true
	defer func() { *off = false }()
	without, err := Files(testCatalog(), o)
	require.NoError(t, err)
	require.Equal(t, len(without), len(with))
	for name, b := range without {
		assert.Equal(t, string(b), string(with[name]), name)
	}
}

// TestCompiledOverrides: a template override with what the compiler does
// not handle makes the same site: a construct it does not know leaves the
// template to text/template, a value it does not handle (a range over a
// map) the page.
func TestCompiledOverrides(t *testing.T) {
	for _, tc := range []struct {
		name, file, line, page, want string
		fellBack                     int64
	}{
		{"unknown builtin", "code.html", `<p hidden>{{slice "abc" 1}}</p>`, "wecom/40014/index.html", `<p hidden>bc</p>`, 0},
		{"range over a map", "conflicts.html", `<p hidden>{{range $k, $m := $v.Counts}}[{{$k}}]{{end}}</p>`, "conflicts/index.html", `<p hidden>[`, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o := testOptions("")
			o.Templates = templatesWith(t, tc.file, 1, tc.line)
			before := fallbacks.Load()
			with, err := Files(testCatalog(), o)
			require.NoError(t, err)
			assert.Equal(t, tc.fellBack, fallbacks.Load()-before)
			assert.Contains(t, string(with[tc.page]), tc.want)
			assertSameSite(t, with, o, &noCompile)
		})
	}
}

// TestCompiledShippedTemplates: every shipped page template compiles.
func TestCompiledShippedTemplates(t *testing.T) {
	b := &builder{cat: testCatalog(), opt: testOptions("")}
	require.NoError(t, b.parseTemplates())
	require.NotEmpty(t, b.tmpl)
	for name := range b.tmpl {
		assert.NotNil(t, b.prog[name], name)
	}
}

// compileData is the data of TestCompiledLikeText's templates.
type compileData struct {
	S, U, C string
	H       template.HTML
	I       int
	U8      uint8
	F       float64
	B       bool
	L       []string
	Items   []*compileItem
	Vals    []compileItem
	M       map[string]int
	MI      map[int]string
	P       *compileItem
	Nil     *compileItem
	Any     any
	AnyNil  any
	Empty   []string
	Tree    *compileTree
	private string
}

type compileItem struct {
	N    int
	Name string
	In   *compileItem
}

type compileTree struct {
	Name string
	Kids []*compileTree
}

func (d compileData) Greet(who string) string { return "hi " + who }

func (d *compileData) Join(sep string, parts ...string) string { return strings.Join(parts, sep) }

func (d compileData) Fails() (string, error) { return "", errors.New("fails") }

func (d compileData) Pair(a int, b string) string { return fmt.Sprint(a, b) }

func (it compileItem) Label() string { return fmt.Sprintf("%s#%d", it.Name, it.N) }

func (it *compileItem) Ptr() string { return "*" + it.Name }

func compileFixture() *compileData {
	a := &compileItem{N: 1, Name: "a<b>", In: &compileItem{N: 2, Name: "in"}}
	return &compileData{
		S: `x "y" <z> & 'w' +`, U: "https://example.com/a b?q=1&r=<2>", C: "red", H: "<b>bold</b>",
		I: 3, U8: 3, F: 1.5, B: true, L: []string{"one", "two", "three"},
		Items: []*compileItem{a, {N: 5, Name: "b"}}, Vals: []compileItem{{N: 7, Name: "v"}},
		M: map[string]int{"b": 2, "a": 1}, MI: map[int]string{1: "one"}, P: a, Any: compileItem{N: 9, Name: "any"},
		Tree:    &compileTree{Name: "root", Kids: []*compileTree{{Name: "k1", Kids: []*compileTree{{Name: "k11"}}}, {Name: "k2"}}},
		private: "p",
	}
}

// compileFuncs are the functions TestCompiledLikeText's templates call.
var compileFuncs = template.FuncMap{
	"upper": strings.ToUpper,
	"fail":  func() (string, error) { return "", errors.New("fail") },
	"boom":  func() string { panic("boom") },
	"cat":   func(xs ...any) string { return fmt.Sprint(xs...) },
	"pair":  func(a string, b int) string { return fmt.Sprint(a, b) },
	"html2": func(s string) template.HTML { return template.HTML("<i>" + s + "</i>") },
	"true":  func() bool { return true },
}

// TestCompiledLikeText runs templates of every construct the compiler
// handles, and of some it gives up on, compiled and on text/template: a
// compiled run that does not give up writes what text/template writes,
// and one that does is where text/template fails or the compiler does
// not go (giveUp).
func TestCompiledLikeText(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		giveUp    bool // the compiled run gives up
	}{
		{"text and field", `<p>{{.S}}</p>`, false},
		{"attribute", `<a title="{{.S}}" class="c-{{.I}}">x</a>`, false},
		{"URL", `<a href="{{.U}}">x</a><a href="/q?x={{.S}}">y</a>`, false},
		{"script", `<script>var s = {{.S}}, n = {{.I}}, l = {{.L}};</script>`, false},
		{"style", `<p style="color: {{.C}}">x</p>`, false},
		{"trusted HTML", `<div>{{.H}}</div><div>{{html2 .S}}</div>`, false},
		{"textarea", `<textarea>{{.S}}</textarea><title>{{.S}}</title>`, false},
		{"numbers and bools", `<p>{{.I}} {{.U8}} {{.F}} {{.B}} {{1}} {{1.5}} {{0x10}} {{'a'}} {{1e3}} {{true}}</p>`, false},
		{"methods", `<p>{{.Greet "you"}} {{.Join "," "a" "b"}} {{.Pair 1 "x"}} {{.P.Label}} {{.P.Ptr}}</p>`, false},
		{"method of a value in a slice", `{{range .Vals}}<p>{{.Label}} {{.Ptr}}</p>{{end}}`, false},
		{"field chains", `<p>{{.P.In.Name}} {{.P.In.N}} {{(index .Items 1).Name}} {{.Any.Name}}</p>`, false},
		{"variables", `{{$x := .S}}{{$y := 1}}{{if .B}}{{$x := "inner"}}{{$y = 2}}<p>{{$x}}</p>{{end}}<p>{{$x}} {{$y}}</p>`, false},
		{"variable chains", `{{$p := .P}}<p>{{$p.In.Name}} {{$p.Label}} {{$.S}}</p>`, false},
		{"range with index", `{{range $i, $e := .L}}{{if $i}}, {{end}}{{$i}}={{$e}}{{end}}`, false},
		{"range with element", `{{range $e := .Items}}<p>{{$e.Name}} {{.N}} {{$.I}}</p>{{end}}`, false},
		{"range else", `{{range .Empty}}x{{else}}<p>none</p>{{end}}{{range .AnyNil}}x{{else}}<p>nil</p>{{end}}`, false},
		{"range assigns", `{{$e := ""}}{{range $e = .L}}{{end}}<p>{{$e}}</p>`, false},
		{"break and continue", `{{range $i, $e := .L}}{{if eq $i 1}}{{continue}}{{end}}{{if eq $i 2}}{{break}}{{end}}<p>{{$e}}</p>{{end}}`, false},
		{"if else if", `{{if not .B}}a{{else if eq .I 2}}b{{else if eq .I 3}}c{{else}}d{{end}}`, false},
		{"with else with", `{{with .Empty}}a{{else with .P}}<p>{{.Name}}</p>{{else}}c{{end}}{{with $x := .S}}<p>{{$x}}</p>{{end}}`, false},
		{"with on nil", `{{with .Nil}}{{.Name}}{{else}}none{{end}} {{with .AnyNil}}x{{end}}`, false},
		{"and or", `<p>{{and .B .I}} {{or .Empty .S}} {{and .Empty (fail)}} {{or .B (fail)}} {{.I | and .B}}</p>`, false},
		{"builtins", `<p>{{len .L}} {{index .L 1}} {{index .M "a"}} {{index .M "zz"}} {{index .MI 1}} {{not .B}} {{eq .I 1 2 3}} {{ne .S "x"}} {{lt .I 4}} {{le .I 3}} {{gt .F 1.0}} {{ge "b" "a"}} {{eq .I .U8}} {{lt .U8 .I}}</p>`, false},
		{"printf", `<p>{{printf "%s-%d" .S .I}} {{print .I .S}} {{println .B}} {{.S | printf "%q"}} {{"x" | printf "%s %s" "a"}}</p>`, false},
		{"functions", `<p>{{upper .S}} {{cat .I .S .Nil}} {{pair "a" 2}} {{.S | upper}} {{cat}}</p>`, false},
		{"parenthesised", `<p>{{(upper .S)}} {{upper (printf "%d" .I)}}</p>`, false},
		{"template call", `{{define "item"}}<li>{{.Name}} {{$.N}}</li>{{end}}<ul>{{range .Items}}{{template "item" .}}{{end}}</ul>{{template "item" .P.In}}`, false},
		{"recursion", `{{define "node"}}<li>{{.Name}}{{with .Kids}}<ul>{{range .}}{{template "node" .}}{{end}}</ul>{{end}}</li>{{end}}<ul>{{template "node" .Tree}}</ul>`, false},
		{"block", `{{block "b" .S}}<p>{{.}}</p>{{end}}`, false},
		{"comment and trim", `<p>{{/* c */}}{{- .I -}} </p>`, false},
		{"nil dot in a template", `{{define "n"}}<p>{{.}}</p>{{end}}{{template "n"}}`, false},
		{"range over a map", `{{range $k, $v := .M}}<p>{{$k}}={{$v}}</p>{{end}}`, true},
		{"range over an int", `{{range 2}}<p>{{.}}</p>{{end}}`, true},
		{"range over a nil pointer", `{{range .Nil}}x{{end}}`, true},
		{"nil pointer", `<p>{{.Nil.Name}}</p>`, true},
		{"missing field", `<p>{{.P.Nope}}</p>`, true},
		{"unexported field", `<p>{{.private}}</p>`, true},
		{"function error", `<p>{{fail}}</p>`, true},
		{"method error", `<p>{{.Fails}}</p>`, true},
		{"panic", `<p>{{boom}}</p>`, true},
		{"bad comparison", `<p>{{eq .I "3"}}</p>`, true},
		{"index out of range", `<p>{{index .L 5}}</p>`, true},
		{"wrong argument type", `<p>{{pair .S .S}}</p>`, true},
		{"field of a map", `<p>{{.M.a}}</p>`, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tmpl := template.Must(template.New("layout.html").Funcs(compileFuncs).Parse(tc.src))
			var want bytes.Buffer
			wantErr := tmpl.Execute(&want, compileFixture())
			prog, ok := compileTemplate(tmpl, "layout.html")
			require.True(t, ok, "compiles")
			var got bytes.Buffer
			err := prog.execute(&got, compileFixture())
			if tc.giveUp {
				assert.ErrorIs(t, err, errGiveUp)
				return
			}
			require.NoError(t, wantErr)
			require.NoError(t, err)
			assert.Equal(t, want.String(), got.String())
		})
	}
}

// TestCompiledPrint: actions without an escaper (text/template) print
// their values as text/template does.
func TestCompiledPrint(t *testing.T) {
	src := `{{.I}} {{.F}} {{.B}} {{.P}} {{.Nil}} {{.L}} {{.M}} {{.H}} {{.AnyNil}} {{.Any}} {{.P.In.N}} {{"s"}} {{index .Vals 0}}`
	tmpl := texttemplate.Must(texttemplate.New("t").Parse(src))
	data := compileFixture()
	var want bytes.Buffer
	require.NoError(t, tmpl.Execute(&want, data))
	prog, ok := compileText(tmpl, "t")
	require.True(t, ok)
	var got bytes.Buffer
	require.NoError(t, prog.execute(&got, data))
	assert.Equal(t, want.String(), got.String())
}

// TestCompileUnsupported: what the compiler does not know is left to
// text/template whole.
func TestCompileUnsupported(t *testing.T) {
	for _, src := range []string{
		`{{call .F}}`,
		`{{slice .L 1}}`,
		`{{nil}}`,
		`{{template "nowhere"}}`,
	} {
		t.Run(src, func(t *testing.T) {
			tmpl, err := texttemplate.New("t").Parse(src)
			require.NoError(t, err)
			_, ok := compileText(tmpl, "t")
			assert.False(t, ok)
		})
	}
}

// TestFastCall: each direct call gives what reflect.Value.Call gives, for
// a function of every type fastCall knows; another type has none.
func TestFastCall(t *testing.T) {
	b := &builder{cat: testCatalog(), opt: testOptions("")}
	p := &page{URL: "wecom/40014/", b: b}
	code := b.cat.Lookup("wecom", "40014")
	require.NotNil(t, code)
	html := func(s string) template.HTML { return template.HTML("<i>" + s + "</i>") }
	for _, tc := range []struct {
		name string
		f    any
		in   []any
	}{
		{"string", strings.ToUpper, []any{"a"}},
		{"attr", srcLang, []any{"中文"}},
		{"html or error", func(s string) (template.HTML, error) { return html(s), nil }, []any{"x"}},
		{"variadic html", func(s string, xs ...any) (template.HTML, error) { return html(fmt.Sprint(s, xs)), nil }, []any{"k", 1, "two"}},
		{"variadic string", fmt.Sprintf, []any{"%s-%d", "a", 2}},
		{"platform", func(pl errdex.Platform) string { return string(pl) + "!" }, []any{errdex.WeCom}},
		{"part", func(s string, p *page) (template.HTML, error) { return html(s + p.URL), nil }, []any{"n", p}},
		{"page", (*page).Root, []any{p}},
		{"page and string", (*page).Rel, []any{p, "conflicts/#x"}},
		{"link codes", (*page).LinkCodes, []any{p, errdex.WeCom, "40014", "see 40001 and 40014"}},
		{"markdown", (*page).Markdown, []any{p, errdex.WeCom, "40014", "**x** 40001"}},
		{"code", (*errdex.Code).Title, []any{code}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := fastCall(tc.f)
			require.NotNil(t, d)
			in := make([]reflect.Value, len(tc.in))
			for i, x := range tc.in {
				in[i] = reflect.ValueOf(x)
			}
			got, err := d(in)
			require.NoError(t, err)
			want := reflect.ValueOf(tc.f).Call(in)[0]
			assert.Equal(t, want.Type(), got.Type())
			assert.Equal(t, want.Interface(), got.Interface())
		})
	}
	assert.Nil(t, fastCall(func(int) string { return "" }))
	_, err := fastCall(func(string) (template.HTML, error) { return "", errors.New("x") })([]reflect.Value{reflect.ValueOf("a")})
	assert.ErrorIs(t, err, errGiveUp)
}
