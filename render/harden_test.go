package render

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"errdex"
	"errdex/static"
	"errdex/templates"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMarkdownLinksCodes(t *testing.T) {
	b := &builder{cat: testCatalog()}
	rel := func(u string) string { return "/" + u }
	cases := []struct {
		name string
		src  string
		want []string // substrings of the HTML
		not  []string // substrings that must not appear
	}{
		{"plain text", "见错误码 40001。", []string{`见错误码 <a href="/wecom/40001/" class="code-ref">40001</a>。`}, nil},
		{"code span", "see `40001` and 40017", []string{`<code>40001</code>`, `<a href="/wecom/40017/" class="code-ref">40017</a>`}, []string{`<code><a`}},
		{"fenced block with a language", "```json\n{\"errcode\": 40001}\n```\n\nthen 40017", []string{`{&quot;errcode&quot;: 40001}`, `class="code-ref">40017</a>`}, []string{`>40001</a>`}},
		{"after a link", "[docs](https://example.com/) then 40001 and 40017", []string{`class="code-ref">40001</a>`, `class="code-ref">40017</a>`}, nil},
		{"inside a link", "[code 40001](https://example.com/)", []string{`<a href="https://example.com/">code 40001</a>`}, []string{`code-ref`}},
		{"self is not linked", "40014 and 40001", []string{`<p>40014 and <a`}, nil},
		{"unknown number", "12345678", []string{`<p>12345678</p>`}, []string{`code-ref`}},
		{"line break kept", "40001\nnext line", []string{"40001</a>\nnext line"}, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := b.markdown(rel, errdex.WeCom, "40014", tc.src)
			require.NoError(t, err)
			for _, w := range tc.want {
				assert.Contains(t, string(got), w)
			}
			for _, w := range tc.not {
				assert.NotContains(t, string(got), w)
			}
			assert.Zero(t, nestedAnchors([]byte(got)))
		})
	}
}

func TestVerifyNestedAnchors(t *testing.T) {
	cases := []struct {
		name string
		html string
		want int
	}{
		{"none", `<p><a href="x">a</a> <a href="y">b</a></p>`, 0},
		{"nested", `<p><a href="x">a <a href="y">b</a></a></p>`, 1},
		{"in code", `<code><a href="y">b</a></code>`, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, nestedAnchors([]byte(tc.html)))
		})
	}
	t.Run("Verify reports it", func(t *testing.T) {
		files, err := Files(testCatalog(), Options{Templates: templates.FS, Static: static.FS})
		require.NoError(t, err)
		require.Empty(t, Verify(files))
		files["wecom/40001/index.html"] = bytes.Replace(files["wecom/40001/index.html"], []byte("</main>"), []byte(`<a href="./">x <a href="./">y</a></a></main>`), 1)
		assert.Contains(t, strings.Join(Verify(files), "\n"), "wecom/40001/index.html: 1 link(s) inside another link")
	})
}

func TestDeepMarkdownIsFlattened(t *testing.T) {
	b := &builder{cat: testCatalog()}
	for _, src := range []string{
		strings.Repeat(">", 600) + " 深处 40001",
		strings.Repeat("- ", 600) + "深处",
		strings.Repeat("*", 1200) + "深处" + strings.Repeat("*", 1200),
	} {
		got, err := b.markdown(func(u string) string { return u }, errdex.WeCom, "40014", src)
		require.NoError(t, err)
		assert.Contains(t, string(got), "深处")
		files := map[string][]byte{"x.html": []byte("<!DOCTYPE html><html lang=en><body><main><h1>x</h1>" + string(got) + "</main></body></html>")}
		for _, p := range Verify(files) {
			assert.NotContains(t, p, "open stack", p)
		}
	}
}

func TestScriptsEscapeLineSeparators(t *testing.T) {
	cat := testCatalog()
	cat.Codes[0].Meanings[0].EN = "line\u2028separator\u2029paragraph"
	files, err := Files(cat, Options{Templates: templates.FS, Static: static.FS})
	require.NoError(t, err)
	n := 0
	for name, data := range files {
		if strings.HasSuffix(name, ".js") {
			n++
			assert.False(t, bytes.ContainsAny(data, "\u2028\u2029"), name)
		}
	}
	require.NotZero(t, n)
	assert.Contains(t, string(files["search-index.js"]), `line\u2028separator\u2029paragraph`)
}

func TestLongTextsAreCapped(t *testing.T) {
	cat := testCatalog()
	huge := strings.Repeat("很长的说明", 1<<20/15) // about 1 MiB
	c := cat.Lookup(errdex.WeCom, "40001")
	c.Meanings[0].Fix = huge
	c.Meanings[0].Troubleshooting = huge
	files, err := Files(cat, Options{Templates: templates.FS, Static: static.FS})
	require.NoError(t, err)
	assert.Less(t, len(files["wecom/40001/index.html"]), 100<<10)
	assert.Contains(t, string(files["wecom/40001/index.html"]), errdex.TruncatedNote)
	assert.Less(t, len(files["search-index.json"]), 200<<10)
	assert.Contains(t, string(files["data/errdex.json"]), huge, "errdex.json keeps the full text")
	assert.Contains(t, string(files["wecom/40001/index.json"]), huge)
	assert.Empty(t, Verify(files))
}

func TestWriteRecoversFromCrash(t *testing.T) {
	for _, step := range []string{stepWritten, stepMovedAside, stepSwapped} {
		t.Run(step, func(t *testing.T) {
			if step == stepMovedAside {
				// Only a system without an exchange moves the old site
				// aside before swapping the new one in.
				swapDirs = noExchange
				defer func() { swapDirs = exchange }()
			}
			dir := t.TempDir()
			out := filepath.Join(dir, "public")
			require.NoError(t, Write(out, map[string][]byte{"index.html": []byte("old")}))

			crashAt = step
			err := Write(out, map[string][]byte{"index.html": []byte("new")})
			crashAt = ""
			require.ErrorIs(t, err, errCrash)

			// The next start recovers: a site is there, old or new, whole.
			require.NoError(t, Recover(out))
			data, err := os.ReadFile(filepath.Join(out, "index.html"))
			require.NoError(t, err)
			assert.Contains(t, []string{"old", "new"}, string(data))
			ents, err := os.ReadDir(dir)
			require.NoError(t, err)
			var names []string
			for _, e := range ents {
				names = append(names, e.Name())
			}
			assert.Equal(t, []string{"public"}, names, "no leftovers")

			// And the next build goes through.
			require.NoError(t, Write(out, map[string][]byte{"index.html": []byte("newer")}))
			data, err = os.ReadFile(filepath.Join(out, "index.html"))
			require.NoError(t, err)
			assert.Equal(t, "newer", string(data))
		})
	}
	t.Run("leftovers of old builds are removed", func(t *testing.T) {
		dir := t.TempDir()
		out := filepath.Join(dir, "public")
		for _, d := range []string{".public.new-123", ".public.new-456.old", ".public.old-789"} {
			require.NoError(t, os.MkdirAll(filepath.Join(dir, d, "x"), 0o755))
		}
		require.NoError(t, Write(out, map[string][]byte{"index.html": []byte("new")}))
		ents, err := os.ReadDir(dir)
		require.NoError(t, err)
		require.Len(t, ents, 1)
		assert.Equal(t, "public", ents[0].Name())
	})
}
