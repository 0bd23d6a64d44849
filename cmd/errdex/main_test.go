package main

import (
	"archive/zip"
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"errdex"
	"errdex/render"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const realContent = "../../content"

// copyContent copies the shipped content into a temporary directory, so a
// test can change it.
func copyContent(t *testing.T) string {
	t.Helper()
	dst := filepath.Join(t.TempDir(), "content")
	err := os.CopyFS(dst, os.DirFS(realContent))
	require.NoError(t, err)
	return dst
}

func TestBuildRealContent(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	var stdout, stderr bytes.Buffer
	require.NoError(t, run([]string{"build", "-content", realContent, "-out", out, "-base-url", "https://errdex.example.org"}, &stdout, &stderr), stderr.String())
	assert.Contains(t, stdout.String(), "built")

	data, err := os.ReadFile(filepath.Join(out, "data", "errdex.json"))
	require.NoError(t, err)
	var cat struct {
		Sources []struct {
			ID      string `json:"id"`
			Rows    int    `json:"rows"`
			Entries int    `json:"entries"`
			Skipped []struct {
				Line   int    `json:"line"`
				Reason string `json:"reason"`
			} `json:"skipped"`
		} `json:"sources"`
		Codes []struct {
			Platform string `json:"platform"`
			Code     string `json:"code"`
			URL      string `json:"url"`
			Conflict string `json:"conflict"`
		} `json:"codes"`
	}
	require.NoError(t, json.Unmarshal(data, &cat))
	// The five page snapshots and the observed API responses.
	require.Len(t, cat.Sources, 6)
	for _, s := range cat.Sources {
		assert.Equal(t, s.Rows, s.Entries+len(s.Skipped), "source %s loses rows", s.ID)
	}
	seen := map[string]bool{}
	for _, c := range cat.Codes {
		key := c.Platform + "/" + c.Code
		assert.False(t, seen[key], "code %s listed twice", key)
		seen[key] = true
		assert.FileExists(t, filepath.Join(out, c.URL, "index.html"))
		assert.FileExists(t, filepath.Join(out, c.URL, "index.json"))
	}
	for _, want := range []string{"wecom/40014", "wechat/-1", "wechat/-40400x", "dingtalk/33001", "wecom/60020"} {
		assert.True(t, seen[want], "missing %s", want)
	}
	for _, f := range []string{"index.html", "wecom/index.html", "code/40017/index.html", "conflicts/index.html",
		"changes/index.html", "search/index.html", "404.html", "sitemap.xml", "robots.txt", "opensearch.xml",
		"about/index.html", "reading-a-code-page/index.html", "adding-a-source/index.html", "search-index.json"} {
		assert.FileExists(t, filepath.Join(out, f))
	}
	// Served over HTTP (-base-url), the search fetches search-index.json:
	// the script form, the same bytes, is only for the site opened from disk.
	assert.NoFileExists(t, filepath.Join(out, "search-index.js"))

	// The real site passes the structural checks.
	files := map[string][]byte{}
	require.NoError(t, filepath.WalkDir(out, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel(out, p)
		files[filepath.ToSlash(rel)] = data
		return err
	}))
	assert.Empty(t, render.Verify(files))

	// A second build gives the same bytes.
	out2 := filepath.Join(t.TempDir(), "public")
	require.NoError(t, run([]string{"build", "-content", realContent, "-out", out2, "-base-url", "https://errdex.example.org"}, io.Discard, io.Discard))
	data2, err := os.ReadFile(filepath.Join(out2, "data", "errdex.json"))
	require.NoError(t, err)
	assert.True(t, bytes.Equal(data, data2), "errdex.json differs between builds")
}

// Without -base-url the site is for opening from disk too: links name
// index.html. With it, links keep the clean hosted form.
func TestBuildLinkForm(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"from disk", nil, `href="../../wecom/index.html"`},
		{"hosted", []string{"-base-url", "https://errdex.example.org/"}, `href="../../wecom/"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "public")
			args := append([]string{"build", "-content", realContent, "-out", out}, tc.args...)
			require.NoError(t, run(args, io.Discard, io.Discard))
			page, err := os.ReadFile(filepath.Join(out, "wecom", "40014", "index.html"))
			require.NoError(t, err)
			assert.Contains(t, string(page), tc.want)
		})
	}
}

func TestCheck(t *testing.T) {
	var stdout bytes.Buffer
	require.NoError(t, run([]string{"check", "-content", realContent}, &stdout, io.Discard))
	out := stdout.String()
	for _, want := range []string{"wecom-global-2023", "1036", "2030", "374", "595", "192", "Conflicts", "Changes between snapshots", "sources", "scopes", "rows"} {
		assert.Contains(t, out, want)
	}
	assert.NotContains(t, out, "UNACCOUNTED")
}

func TestCheckFailsOnLostRows(t *testing.T) {
	dir := copyContent(t)
	manifest := filepath.Join(dir, "sources.toml")
	data, err := os.ReadFile(manifest)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(manifest, bytes.Replace(data, []byte("rows = 192"), []byte("rows = 193"), 1), 0o644))
	var stdout bytes.Buffer
	err = run([]string{"check", "-content", dir}, &stdout, io.Discard)
	require.ErrorIs(t, err, errUnaccounted)
	assert.Contains(t, stdout.String(), "UNACCOUNTED")
}

func TestBadManifestNamesFileAndLine(t *testing.T) {
	dir := copyContent(t)
	manifest := filepath.Join(dir, "sources.toml")
	data, err := os.ReadFile(manifest)
	require.NoError(t, err)
	for _, tc := range []struct{ name, from, to, want string }{
		{"syntax", `format = "markdown"`, `format = "markdown`, "sources.toml:"},
		{"platform", `platform = "dingtalk"`, `platform = "alipay"`, "unknown platform"},
		{"format", `format = "pipe"`, `format = "csv"`, `format "csv"`},
		{"missing file", `path = "wecom-global-older.tsv"`, `path = "nope.tsv"`, "nope.tsv"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			require.NoError(t, os.WriteFile(manifest, bytes.Replace(data, []byte(tc.from), []byte(tc.to), 1), 0o644))
			err := run([]string{"check", "-content", dir}, io.Discard, io.Discard)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
}

func TestBundle(t *testing.T) {
	zipPath := filepath.Join(t.TempDir(), "errdex-offline.zip")
	require.NoError(t, run([]string{"bundle", "-content", realContent, "-o", zipPath}, io.Discard, io.Discard))
	zr, err := zip.OpenReader(zipPath)
	require.NoError(t, err)
	defer zr.Close()
	names := map[string]*zip.File{}
	for _, f := range zr.File {
		names[f.Name] = f
	}
	require.Contains(t, names, "errdex/index.html")
	require.Contains(t, names, "errdex/wecom/40014/index.html")
	require.Contains(t, names, "errdex/search-index.js")
	rc, err := names["errdex/wecom/40014/index.html"].Open()
	require.NoError(t, err)
	page, err := io.ReadAll(rc)
	rc.Close()
	require.NoError(t, err)
	html := string(page)
	assert.Contains(t, html, `href="../../wecom/index.html"`)
	assert.NotContains(t, html, "https://errdex")
	assert.NotContains(t, html, `href=/`)
}

// signalWriter is a log that closes ready when a line containing word is
// written.
type signalWriter struct {
	word  string
	ready chan struct{}
	once  sync.Once
}

func (w *signalWriter) Write(p []byte) (int, error) {
	if strings.Contains(string(p), w.word) {
		w.once.Do(func() { close(w.ready) })
	}
	return len(p), nil
}

// sseEvents reads a server-sent event stream and sends each event as
// "type: data" ("message: reload" for a plain data event).
func sseEvents(body io.Reader) <-chan string {
	out := make(chan string, 16)
	go func() {
		defer close(out)
		sc := bufio.NewScanner(body)
		typ, data := "message", []string(nil)
		for sc.Scan() {
			line := sc.Text()
			switch {
			case line == "":
				if data != nil {
					out <- typ + ": " + strings.Join(data, "\n")
				}
				typ, data = "message", nil
			case strings.HasPrefix(line, "event: "):
				typ = strings.TrimPrefix(line, "event: ")
			case strings.HasPrefix(line, "data: "):
				data = append(data, strings.TrimPrefix(line, "data: "))
			}
		}
	}()
	return out
}

// nextEvent waits for the next event of events, failing the test when the
// stream ends or nothing comes.
func nextEvent(t *testing.T, events <-chan string) string {
	t.Helper()
	select {
	case ev, ok := <-events:
		require.True(t, ok, "the reload stream ended")
		return ev
	case <-time.After(60 * time.Second):
		t.Fatal("no event on the reload stream")
		return ""
	}
}

// TestServe runs errdex serve on a copy of the content: it serves the site
// (through siteHandler, tested on its own in sitehandler_test.go), redirects
// without leaving the site, tells open pages to reload when the content
// changes, shows a failed rebuild while keeping the old site, and shuts
// down.
func TestServe(t *testing.T) {
	dir := copyContent(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	logw := &signalWriter{word: "serving http://", ready: make(chan struct{})}
	go func() { done <- serve(ctx, ln, siteFlags{content: dir}, logw) }()
	base := "http://" + ln.Addr().String()
	// The client does not follow redirects, so that the test sees them.
	client := &http.Client{
		Transport:     &http.Transport{DisableCompression: true},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}

	get := func(path string, acceptEncoding string) (*http.Response, string) {
		t.Helper()
		req, _ := http.NewRequest("GET", base+path, nil)
		if acceptEncoding != "" {
			req.Header.Set("Accept-Encoding", acceptEncoding)
		}
		resp, err := client.Do(req)
		require.NoError(t, err)
		defer resp.Body.Close()
		var r io.Reader = resp.Body
		if resp.Header.Get("Content-Encoding") == "gzip" {
			zr, err := gzip.NewReader(resp.Body)
			require.NoError(t, err)
			r = zr
		}
		body, err := io.ReadAll(r)
		require.NoError(t, err)
		return resp, string(body)
	}
	// serve logs "serving" once the site is built and the server is up.
	select {
	case <-logw.ready:
	case err := <-done:
		t.Fatalf("serve ended before serving: %v", err)
	}

	resp, body := get("/wecom/40014/", "gzip")
	assert.Equal(t, 200, resp.StatusCode)
	assert.Equal(t, "gzip", resp.Header.Get("Content-Encoding"))
	assert.Contains(t, resp.Header.Get("Content-Type"), "text/html")
	assert.Equal(t, render.ContentSecurityPolicy, resp.Header.Get("Content-Security-Policy"))
	assert.Contains(t, body, "40014")
	assert.Contains(t, body, reloadTag, "live reload script added")

	resp, body = get("/search-index.json", "gzip;q=0")
	assert.Empty(t, resp.Header.Get("Content-Encoding"), "gzip;q=0 refuses gzip")
	assert.Equal(t, strconv.Itoa(len(body)), resp.Header.Get("Content-Length"))
	assert.Contains(t, resp.Header.Values("Vary"), "Accept-Encoding")
	resp, body = get("/search-index.json", "*")
	assert.Equal(t, "gzip", resp.Header.Get("Content-Encoding"), "* takes gzip")
	assert.NotEmpty(t, resp.Header.Get("Content-Length"))
	assert.True(t, strings.HasPrefix(body, "{"), "the index, decompressed")

	resp, _ = get("/wecom/40014", "")
	assert.Equal(t, http.StatusMovedPermanently, resp.StatusCode)
	assert.Equal(t, "/wecom/40014/", resp.Header.Get("Location"))
	resp, _ = get("/%2fevil.example/..%2fwecom", "")
	assert.Equal(t, http.StatusMovedPermanently, resp.StatusCode)
	assert.Equal(t, "/wecom/", resp.Header.Get("Location"), "redirects stay on the site")

	resp, body = get("/no/such/page/", "")
	assert.Equal(t, 404, resp.StatusCode)
	assert.Contains(t, body, "Page not found")

	resp, _ = get("/data/errdex.json", "")
	assert.Equal(t, 200, resp.StatusCode)
	assert.Contains(t, resp.Header.Get("Content-Type"), "application/json")

	// Listen for the reload event, then change the content.
	evReq, _ := http.NewRequestWithContext(ctx, "GET", base+reloadPath, nil)
	evResp, err := client.Do(evReq)
	require.NoError(t, err)
	defer evResp.Body.Close()
	events := sseEvents(evResp.Body)
	about := filepath.Join(dir, "pages", "about.md")
	data, err := os.ReadFile(about)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(about, append(data, []byte("\n\nServe test marker 7f3a.\n")...), 0o644))
	assert.Equal(t, "message: reload", nextEvent(t, events))
	_, body = get("/about/", "")
	assert.Contains(t, body, "Serve test marker 7f3a.")

	// Break the build: the old site stays, and a page that (re)connects is
	// told why.
	sources := filepath.Join(dir, "sources.toml")
	good, err := os.ReadFile(sources)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(sources, []byte("this is [not toml\n"), 0o644))
	assert.Equal(t, "message: reload", nextEvent(t, events))
	resp, body = get("/about/", "")
	assert.Equal(t, 200, resp.StatusCode)
	assert.Contains(t, body, "Serve test marker 7f3a.", "the last good site is still served")
	evReq2, _ := http.NewRequestWithContext(ctx, "GET", base+reloadPath, nil)
	evResp2, err := client.Do(evReq2)
	require.NoError(t, err)
	defer evResp2.Body.Close()
	ev := nextEvent(t, sseEvents(evResp2.Body))
	assert.True(t, strings.HasPrefix(ev, "builderror: "), ev)
	assert.Contains(t, ev, "sources.toml")
	require.NoError(t, os.WriteFile(sources, good, 0o644))
	assert.Equal(t, "message: reload", nextEvent(t, events))

	cancel()
	select {
	case err := <-done:
		assert.NoError(t, err)
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not shut down")
	}
}

// TestServeRebuildMemory rebuilds the shipped content as errdex serve
// does after each change and checks that, between rebuilds, the process
// holds little more heap memory from the system than the one site it
// serves: before, it kept the peak of every rebuild (about 250 MB for a
// 48 MB live heap; BenchmarkServeRebuild measures it).
func TestServeRebuildMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("rebuilds the real site three times")
	}
	s := &server{sf: siteFlags{content: realContent}, log: log.New(io.Discard, "", 0)}
	var ms runtime.MemStats
	for i := range 3 {
		require.NoError(t, s.rebuild())
		runtime.ReadMemStats(&ms)
		held := ms.HeapSys - ms.HeapReleased
		runtime.GC()
		runtime.ReadMemStats(&ms)
		live := ms.HeapAlloc
		t.Logf("rebuild %d: holds %d MB of heap from the system, %d MB live", i+1, held>>20, live>>20)
		assert.LessOrEqual(t, held, live+live/2+32<<20, "rebuild %d: the heap the process holds is far above what is live", i+1)
	}
	runtime.KeepAlive(s)
}

func TestUsage(t *testing.T) {
	var stderr bytes.Buffer
	err := run([]string{"frobnicate"}, io.Discard, &stderr)
	require.Error(t, err)
	assert.Contains(t, stderr.String(), "errdex build")
}

func TestTemplateAndStaticOverrides(t *testing.T) {
	dir := t.TempDir()
	tdir, sdir := filepath.Join(dir, "templates"), filepath.Join(dir, "static")
	for _, d := range []struct{ from, to string }{{"../../templates", tdir}, {"../../static", sdir}} {
		require.NoError(t, filepath.WalkDir(d.from, func(p string, e os.DirEntry, err error) error {
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(d.from, p)
			if e.IsDir() {
				return os.MkdirAll(filepath.Join(d.to, rel), 0o755)
			}
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			return os.WriteFile(filepath.Join(d.to, rel), data, 0o644)
		}))
	}
	layout := filepath.Join(tdir, "layout.html")
	data, err := os.ReadFile(layout)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(layout, bytes.Replace(data, []byte("</footer>"), []byte("<p>override marker 51c2</p></footer>"), 1), 0o644))
	css := filepath.Join(sdir, "style.css")
	data, err = os.ReadFile(css)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(css, append(data, []byte("\n.override-marker-9d1e{color:red}\n")...), 0o644))

	out := filepath.Join(dir, "public")
	require.NoError(t, run([]string{"build", "-content", realContent, "-out", out, "-templates", tdir, "-static", sdir}, io.Discard, io.Discard))
	page, err := os.ReadFile(filepath.Join(out, "wecom", "40014", "index.html"))
	require.NoError(t, err)
	assert.Contains(t, string(page), "override marker 51c2")
	sheets, err := filepath.Glob(filepath.Join(out, "assets", "style.*.css"))
	require.NoError(t, err)
	require.Len(t, sheets, 1)
	sheet, err := os.ReadFile(sheets[0])
	require.NoError(t, err)
	assert.Contains(t, string(sheet), "override-marker-9d1e")
}

// TestGlossaryPerSource: a glossary cleans the sources that name it in
// the manifest, whatever their platform, and no other.
func TestGlossaryPerSource(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"sources.toml": `
[[source]]
id = "clean"
platform = "wechat"
format = "tsv"
path = "a.tsv"
glossary = "g.toml"

[[source]]
id = "raw"
platform = "dingtalk"
format = "tsv"
path = "b.tsv"
`,
		"g.toml": "[[term]]\nfrom = \"Nail\"\nto = \"DingTalk\"\nwhole_word = true\n",
		"a.tsv":  "code\terrmsg\n1\tNail error\n",
		"b.tsv":  "code\terrmsg\n2\tNail error\n",
	}
	for name, data := range files {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644))
	}
	cat, _, err := load(dir)
	require.NoError(t, err)
	require.NotNil(t, cat.Lookup(errdex.WeChat, "1"))
	require.NotNil(t, cat.Lookup(errdex.DingTalk, "2"))
	assert.Equal(t, "DingTalk error", cat.Lookup(errdex.WeChat, "1").Meanings[0].EN)
	assert.Equal(t, "Nail error", cat.Lookup(errdex.DingTalk, "2").Meanings[0].EN, "a source without glossary is left as it is")
}
