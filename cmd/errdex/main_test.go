package main

import (
	"archive/zip"
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
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

	"errdex/load/loadtest"
	"errdex/render"
	"errdex/static"
	"errdex/templates"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// realContent is the shipped content tree. Only the tests whose subject
// is the shipped content read it (TestBuildRealContent, TestCheck, the
// search's browser tests, ...); a test that needs "a site with X" writes
// that site inline with loadtest.Write.
const realContent = "../../content"

// smallSite is a content tree with what most command tests need: one
// platform, one Markdown snapshot of three codes (40014 with a
// troubleshooting section that mentions 40001) and one content page.
const smallSite = `
-- sources.toml --
[[platform]]
id = "wecom"
name = "WeCom"
name_zh = "企业微信"
color = "#1a66c9"
color_dark = "#6ea8ff"

[[source]]
id = "wecom-global"
platform = "wecom"
title = "企业微信 全局错误码"
url = "https://developer.work.weixin.qq.com/document/path/90313"
retrieved = "2023-01-06"
format = "markdown"
path = "wecom.md"
rows = 3
sections = 1
-- wecom.md --
# 全局错误码

| 错误码 | 错误说明 | 排查方法 |
| --- | --- | --- |
| 40001 | 不合法的 secret 参数 | 查看帮助 |
| 40014 | 不合法的 access_token | 查看帮助 |
| 60020 | 不安全的访问 IP | 配置企业可信 IP |

### 错误码：40014

access_token 参数错误。确认 access_token 在有效期内，见错误码 40001。
-- pages/about.md --
# About errdex

One page per error code.
`

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
			args := append([]string{"build", "-content", loadtest.Write(t, smallSite), "-out", out}, tc.args...)
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

// TestCheckFailsOnLostRows: check compares the rows a source yields with
// the manifest's independent count, and fails only when they differ.
func TestCheckFailsOnLostRows(t *testing.T) {
	for _, tc := range []struct {
		name string
		rows int
		want error
	}{
		{"counts agree", 2, nil},
		{"one row lost", 3, errUnaccounted},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := loadtest.Write(t, fmt.Sprintf(`
-- sources.toml --
[[source]]
id = "wecom-global"
platform = "wecom"
title = "企业微信 全局错误码"
format = "markdown"
path = "wecom.md"
rows = %d
-- wecom.md --
| 错误码 | 错误说明 |
| --- | --- |
| 40001 | 不合法的 secret 参数 |
| 40014 | 不合法的 access_token |
`, tc.rows))
			var stdout bytes.Buffer
			err := run([]string{"check", "-content", dir}, &stdout, io.Discard)
			if tc.want == nil {
				require.NoError(t, err, stdout.String())
				assert.NotContains(t, stdout.String(), "UNACCOUNTED")
				return
			}
			require.ErrorIs(t, err, tc.want)
			assert.Contains(t, stdout.String(), "UNACCOUNTED")
		})
	}
}

// TestBadManifestNamesFileAndLine: a manifest error names the file once,
// with the line when there is one, and then the source at fault.
func TestBadManifestNamesFileAndLine(t *testing.T) {
	for _, tc := range []struct{ name, archive, want string }{
		{"syntax", `
-- sources.toml --
[[source]]
id = "a"
platform = "wecom"
format = "markdown
path = "a.md"
-- a.md --
| 错误码 | 错误说明 |
| --- | --- |
| 40001 | 不合法的 secret 参数 |
`, "/sources.toml:4: "},
		{"platform", `
-- sources.toml --
[[source]]
id = "a"
platform = "alipay"
format = "markdown"
path = "a.md"
-- a.md --
| 错误码 | 错误说明 |
| --- | --- |
| 40001 | 不合法的 secret 参数 |
`, `/sources.toml:1: [[source]] #1 (id "a"): unknown platform "alipay"`},
		{"format", `
-- sources.toml --
[[source]]
id = "a"
platform = "wecom"
format = "csv"
path = "a.md"
-- a.md --
| 错误码 | 错误说明 |
| --- | --- |
| 40001 | 不合法的 secret 参数 |
`, `/sources.toml:1: [[source]] #1 (id "a"): format "csv"`},
		{"missing file", `
-- sources.toml --
[[source]]
id = "a"
platform = "wecom"
format = "markdown"
path = "nope.md"
`, "/sources.toml:1: source a: snapshot nope.md: no such file or directory"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := loadtest.Write(t, tc.archive)
			err := run([]string{"check", "-content", dir}, io.Discard, io.Discard)
			require.Error(t, err)
			assert.True(t, strings.HasPrefix(err.Error(), dir+tc.want), err.Error())
			assert.Equal(t, 1, strings.Count(err.Error(), "sources.toml"), err.Error())
		})
	}
}

func TestBundle(t *testing.T) {
	zipPath := filepath.Join(t.TempDir(), "errdex-offline.zip")
	require.NoError(t, run([]string{"bundle", "-content", loadtest.Write(t, smallSite), "-o", zipPath}, io.Discard, io.Discard))
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

// TestServe runs errdex serve on a small site: it serves the site
// (through siteHandler, tested on its own in sitehandler_test.go), redirects
// without leaving the site, tells open pages to reload when the content
// changes, shows a failed rebuild while keeping the old site, and shuts
// down.
func TestServe(t *testing.T) {
	dir := loadtest.Write(t, smallSite)
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
	require.NoError(t, os.CopyFS(tdir, templates.FS))
	require.NoError(t, os.CopyFS(sdir, static.FS))
	layout := filepath.Join(tdir, "layout.html")
	data, err := os.ReadFile(layout)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(layout, bytes.Replace(data, []byte("</footer>"), []byte("<p>override marker 51c2</p></footer>"), 1), 0o644))
	css := filepath.Join(sdir, "style.css")
	data, err = os.ReadFile(css)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(css, append(data, []byte("\n.override-marker-9d1e{color:red}\n")...), 0o644))

	out := filepath.Join(dir, "public")
	require.NoError(t, run([]string{"build", "-content", loadtest.Write(t, smallSite), "-out", out, "-templates", tdir, "-static", sdir}, io.Discard, io.Discard))
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
