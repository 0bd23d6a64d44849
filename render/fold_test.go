package render

import (
	"bytes"
	"html/template"
	"io/fs"
	"path"
	"strings"
	"testing"
	"testing/fstest"

	"errdex/templates"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestFold folds what the escaper would pass through unchanged, and
// nothing else: each case's output is the same folded or not.
func TestFold(t *testing.T) {
	fm := funcs(&builder{cat: testCatalog()})
	data := map[string]any{"Key": "layout.skip", "P": "wecom", "L": []int{1, 2}}
	for _, tc := range []struct {
		name, src string
		folded    int
	}{
		{"message in text", `<p>{{t "layout.skip"}}</p>`, 1},
		{"message with constant arguments", `<p>{{tf "code.no_fix" "link" (link "#next" (msg "code.next_link"))}}</p>`, 1},
		{"attribute in a tag", `<nav {{attr "aria-label" (msg "layout.platforms")}}></nav>`, 1},
		{"message in an attribute value", `<a title="{{t "layout.skip"}}">x</a>`, 0},
		{"message in a script", `<script>var s = {{t "layout.skip"}};</script>`, 0},
		{"message in a URL", `<a href="/x?q={{t "layout.skip"}}">x</a>`, 0},
		{"argument from the data", `<p>{{tf "number.title" "n" .P}}</p>`, 0},
		{"key from the data", `<p>{{t .Key}}</p>`, 0},
		{"impure function", `<p>{{platformName "wecom"}}</p>`, 0},
		{"declaration", `{{$x := t "layout.skip"}}<p>{{$x}}</p>`, 0},
		{"nested lists", `{{if .L}}{{range .L}}<p>{{t "layout.skip"}}</p>{{end}}{{else}}{{with 1}}{{t "layout.skip"}}{{end}}{{end}}`, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			parseT := func() *template.Template {
				return template.Must(template.New("layout.html").Funcs(fm).Parse(tc.src))
			}
			var want bytes.Buffer
			require.NoError(t, parseT().Execute(&want, data))
			tmpl := parseT()
			require.NoError(t, escape(tmpl))
			n, err := fold(tmpl, fm)
			require.NoError(t, err)
			assert.Equal(t, tc.folded, n)
			var got bytes.Buffer
			require.NoError(t, tmpl.Execute(&got, data))
			assert.Equal(t, want.String(), got.String())
		})
	}
}

// TestFoldErrors: a missing message is the same build error folded as
// executed, and an escaping error is not hidden by the fold.
func TestFoldErrors(t *testing.T) {
	fm := funcs(&builder{cat: testCatalog()})
	tmpl := template.Must(template.New("layout.html").Funcs(fm).Parse(`<p>{{t "no.such.key"}}</p>`))
	require.NoError(t, escape(tmpl))
	_, err := fold(tmpl, fm)
	assert.ErrorContains(t, err, `no message "no.such.key"`)

	tmpl = template.Must(template.New("layout.html").Funcs(fm).Parse(`<a href="{{if .}}x{{end}}`))
	assert.Error(t, escape(tmpl))
}

// TestFoldKeepsPages: every file of the test site is the same with the
// templates folded and as parsed, and with the layout's parts made once
// per frame and for every page (frame.go), hosted and as a bundle.
func TestFoldKeepsPages(t *testing.T) {
	for _, tc := range []struct {
		name string
		opt  func(*Options)
		off  *bool
	}{
		{"fold, hosted", func(*Options) {}, &noFold},
		{"fold, bundle", func(o *Options) { o.Bundle, o.BaseURL = true, "" }, &noFold},
		{"frames, hosted", func(*Options) {}, &noFrameCache},
		{"frames, bundle", func(o *Options) { o.Bundle, o.BaseURL = true, "" }, &noFrameCache},
		{"frames, no base URL", func(o *Options) { o.BaseURL = "" }, &noFrameCache},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o := testOptions("")
			tc.opt(&o)
			with, err := Files(testCatalog(), o)
			require.NoError(t, err)
			assertSameSite(t, with, o, tc.off)
		})
	}
}

// TestFrames: pages at different depths get their own links, and the
// header marks the platform whose list the page is, on that page only.
func TestFrames(t *testing.T) {
	_, files := buildTest(t, func(o *Options) { o.BaseURL = "" })
	for _, tc := range []struct{ page, brand, current string }{
		{"index.html", "./", ""},
		{"wecom/index.html", "../", "../wecom/"},
		{"dingtalk/index.html", "../", "../dingtalk/"},
		{"wecom/40014/index.html", "../../", ""},
		{"404.html", "/", ""},
	} {
		t.Run(tc.page, func(t *testing.T) {
			doc := parse(t, files[tc.page])
			assert.Equal(t, tc.brand, doc.Find("a.brand").AttrOr("href", ""))
			cur := doc.Find(`nav.platform-nav a[aria-current="page"]`)
			if tc.current == "" {
				assert.Zero(t, cur.Length())
			} else {
				assert.Equal(t, tc.current, cur.AttrOr("href", ""))
			}
		})
	}
}

// TestMinifiedTemplates: the templates are minified when parsed and the
// pages made from them are not minified again; each page, minified, is
// the page the templates as written give, minified.
func TestMinifiedTemplates(t *testing.T) {
	for _, tc := range []struct {
		name string
		opt  func(*Options)
	}{
		{"hosted", func(*Options) {}},
		{"bundle", func(o *Options) { o.Bundle, o.BaseURL = true, "" }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o := testOptions("")
			tc.opt(&o)
			built, err := Files(testCatalog(), o)
			require.NoError(t, err)
			o.NoMinify = true
			raw, err := Files(testCatalog(), o)
			require.NoError(t, err)
			m, pages := newMinifier(), 0
			for name, b := range raw {
				if path.Ext(name) != ".html" {
					continue
				}
				pages++
				var want, got bytes.Buffer
				require.NoError(t, m.Minify("text/html", &want, bytes.NewReader(b)))
				require.NoError(t, m.Minify("text/html", &got, bytes.NewReader(built[name])))
				assert.Equal(t, want.String(), got.String(), name)
				assert.Less(t, len(built[name]), len(b), name)
			}
			assert.Greater(t, pages, 10)
		})
	}
}

// TestTemplateErrorLines: an error in a template names the line of the
// file as written, not of its minified text.
func TestTemplateErrorLines(t *testing.T) {
	for _, tc := range []struct{ name, line, want string }{
		{"parse", `{{if}}`, "code.html:4: missing value for if"},
		{"execute", `<p>{{.Data.Nope}}</p>`, `code.html:4:`},
		{"unknown message", `<p>{{t "no.such"}}</p>`, `no message "no.such"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tfs := templatesWith(t, "code.html", 3, tc.line)
			o := testOptions("")
			o.Templates = tfs
			_, err := Files(testCatalog(), o)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
}

// templatesWith is the shipped templates with line inserted in file name
// after its first n lines.
func templatesWith(t *testing.T, name string, n int, line string) fstest.MapFS {
	t.Helper()
	tfs := fstest.MapFS{}
	require.NoError(t, fs.WalkDir(templates.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(templates.FS, p)
		tfs[p] = &fstest.MapFile{Data: b}
		return err
	}))
	lines := strings.SplitN(string(tfs[name].Data), "\n", n+1)
	require.Len(t, lines, n+1)
	tfs[name].Data = []byte(strings.Join(lines[:n], "\n") + "\n" + line + "\n" + lines[n])
	return tfs
}
