package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"
	"weak"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"errdex/render"
)

// testSite is a small site as render.Files gives it.
func testSite() map[string][]byte {
	big := strings.Repeat("<p>40014 不合法的 access_token</p>\n", 200)
	var index strings.Builder // big enough to be sent in chunks, were its length not given
	index.WriteString(`{"docs":[`)
	for i := range 20000 {
		fmt.Fprintf(&index, "%d,", i*7919%100003)
	}
	index.WriteString(`0]}`)
	return map[string][]byte{
		"index.html":              []byte("<!DOCTYPE html><html><head><title>home</title></head><body>" + big + "</body></html>"),
		"404.html":                []byte("<!DOCTYPE html><title>Page not found</title><p>Page not found" + big),
		"wecom/index.html":        []byte("<!DOCTYPE html><title>WeCom</title><p>WeCom" + big),
		"wecom/40014/index.html":  []byte("<!DOCTYPE html><title>40014</title><body><p>40014" + big + "</body>"),
		"wecom/40014/index.json":  []byte(`{"code":"40014","text":"` + strings.Repeat("x", 2000) + `"}`),
		"search-index.json":       []byte(index.String()),
		"robots.txt":              []byte("User-agent: *\n"),
		"assets/style.abc.css":    []byte(strings.Repeat("body{margin:0}\n", 100)),
		"assets/favicon.png":      bytes.Repeat([]byte{0x89, 'P', 'N', 'G'}, 300),
		"assets/sub/deep/app.js":  []byte(strings.Repeat("console.log(1);\n", 100)),
		"old/40014/index.html":    []byte(`<!DOCTYPE html><meta http-equiv="refresh" content="0; url=../../wecom/40014/">`),
		"data/errdex.json":        []byte(`{"codes":[]}`),
		"search/index.html":       []byte("<!DOCTYPE html><title>search</title><p>search" + big),
		"platform\\x/index.html":  []byte("<p>odd name"),
		"wecom/40014/x/index.htm": []byte("not a page"),
	}
}

// fetch sends one request to srv with the request target rawURI exactly
// as given (so that "//host", %2f and friends reach the server as sent;
// http.Client would send "//host/" in absolute form) and returns the
// response, unfollowed, and its body as sent (not decompressed).
func fetch(t *testing.T, srv *httptest.Server, method, rawURI string, hdr map[string]string) (*http.Response, []byte) {
	t.Helper()
	conn, err := net.Dial("tcp", srv.Listener.Addr().String())
	require.NoError(t, err)
	defer conn.Close()
	var req strings.Builder
	fmt.Fprintf(&req, "%s %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n", method, rawURI, srv.Listener.Addr())
	for k, v := range hdr {
		fmt.Fprintf(&req, "%s: %s\r\n", k, v)
	}
	req.WriteString("\r\n")
	_, err = io.WriteString(conn, req.String())
	require.NoError(t, err)
	resp, err := http.ReadResponse(bufio.NewReader(conn), &http.Request{Method: method})
	require.NoError(t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp, body
}

func gunzip(t *testing.T, data []byte) []byte {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(data))
	require.NoError(t, err)
	out, err := io.ReadAll(zr)
	require.NoError(t, err)
	return out
}

func newTestSiteServer(t *testing.T) (*siteHandler, *httptest.Server) {
	h := newSiteHandler(testSite(), nil)
	srv := httptest.NewServer(h)
	t.Cleanup(func() {
		h.close()
		srv.Close()
	})
	return h, srv
}

// TestSiteHandlerRedirects checks that the handler redirects only to clean
// paths of the site: never to a location a browser reads as another host.
func TestSiteHandlerRedirects(t *testing.T) {
	_, srv := newTestSiteServer(t)
	for _, tc := range []struct {
		name, uri string
		status    int
		location  string
	}{
		{"encoded slash names another host", "/%2fevil.example/..%2fwecom", 301, "/wecom/"},
		{"encoded slashes to a page", "/%2f%2fevil.example/..%2f..%2fwecom/40014", 301, "/wecom/40014/"},
		{"encoded backslash", "/%5cevil.example/..%2fwecom", 301, "/wecom/"},
		{"double slash", "//evil.example/", 404, ""},
		{"double slash to a page", "//wecom/", 301, "/wecom/"},
		{"backslash host", "/%5c%5cevil.example/", 404, ""},
		{"backslash in a name", "/platform%5cx", 301, "/platform%5Cx/"},
		{"directory without slash", "/wecom", 301, "/wecom/"},
		{"query kept", "/wecom?q=40014&x=%2f%2fevil", 301, "/wecom/?q=40014&x=%2f%2fevil"},
		{"dot segments", "/./wecom/../wecom/40014/", 301, "/wecom/40014/"},
		{"dot dot above the root", "/../../wecom/", 301, "/wecom/"},
		{"file with slash", "/robots.txt/", 301, "/robots.txt"},
		{"clean page", "/wecom/40014/", 200, ""},
		{"index.html is served, not redirected", "/wecom/40014/index.html", 200, ""},
		{"root index.html", "/index.html", 200, ""},
		{"root", "/", 200, ""},
		{"file", "/robots.txt", 200, ""},
		{"missing", "/nope/", 404, ""},
		{"missing under a host-like path", "/%2fevil.example/..%2fnope", 404, ""},
		{"directory without index is no listing", "/assets/", 404, ""},
		{"directory without index, no slash", "/assets", 404, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp, _ := fetch(t, srv, "GET", tc.uri, nil)
			assert.Equal(t, tc.status, resp.StatusCode)
			loc := resp.Header.Get("Location")
			assert.Equal(t, tc.location, loc)
			if loc == "" {
				return
			}
			assert.True(t, strings.HasPrefix(loc, "/"), "path-only location %q", loc)
			assert.False(t, strings.HasPrefix(loc, "//") || strings.HasPrefix(loc, `/\`), "location %q names a host", loc)
			base, err := url.Parse(srv.URL + tc.uri)
			require.NoError(t, err)
			ref, err := url.Parse(strings.ReplaceAll(loc, `\`, "/")) // as browsers read it
			require.NoError(t, err)
			assert.Equal(t, base.Host, base.ResolveReference(ref).Host, "location %q leaves the site", loc)
		})
	}
}

// TestSiteHandlerGzip checks content negotiation: q-values, "*", identity,
// Vary and Content-Length, for GET and HEAD, pages and 404.
func TestSiteHandlerGzip(t *testing.T) {
	_, srv := newTestSiteServer(t)
	site := testSite()
	for _, tc := range []struct {
		accept string
		gzip   bool
	}{
		{"", false},
		{"gzip", true},
		{"GZIP", true},
		{"x-gzip", true},
		{"gzip, deflate, br", true},
		{"br;q=1.0, gzip;q=0.8", true},
		{"gzip;q=0", false},
		{"gzip; q=0.000", false},
		{"gzip;q=0, *", false},
		{"*", true},
		{"*;q=0", false},
		{"*;q=0.1", true},
		{"deflate, br", false},
		{"gzip;q=0.5, identity", false},
		{"identity;q=0.5, gzip;q=0.6", true},
		{"identity;q=0, gzip", true},
		{"gzip;q=bogus", false},
		{"gzip;q=2", false},
	} {
		t.Run(tc.accept, func(t *testing.T) {
			for _, p := range []struct {
				uri, file string
				status    int
			}{
				{"/wecom/40014/", "wecom/40014/index.html", 200},
				{"/search-index.json", "search-index.json", 200},
				{"/assets/sub/deep/app.js", "assets/sub/deep/app.js", 200},
				{"/no/such/", "404.html", 404},
			} {
				want := site[p.file]
				if strings.HasSuffix(p.file, ".html") {
					want = newGeneration(site, nil, nil).body(p.file)
				}
				resp, body := fetch(t, srv, "GET", p.uri, map[string]string{"Accept-Encoding": tc.accept})
				assert.Equal(t, p.status, resp.StatusCode, p.uri)
				assert.Contains(t, resp.Header.Values("Vary"), "Accept-Encoding", p.uri)
				assert.Equal(t, strconv.Itoa(len(body)), resp.Header.Get("Content-Length"), "%s: Content-Length is the length sent", p.uri)
				if tc.gzip {
					assert.Equal(t, "gzip", resp.Header.Get("Content-Encoding"), p.uri)
					assert.Less(t, len(body), len(want), p.uri)
					body = gunzip(t, body)
				} else {
					assert.Empty(t, resp.Header.Get("Content-Encoding"), p.uri)
				}
				assert.Equal(t, string(want), string(body), p.uri)
				assert.Equal(t, contentType(p.file), resp.Header.Get("Content-Type"), p.uri)

				head, hbody := fetch(t, srv, "HEAD", p.uri, map[string]string{"Accept-Encoding": tc.accept})
				assert.Equal(t, p.status, head.StatusCode, p.uri)
				assert.Empty(t, hbody, p.uri)
				assert.Equal(t, resp.Header.Get("Content-Length"), head.Header.Get("Content-Length"), "%s: HEAD gives GET's Content-Length", p.uri)
				assert.Equal(t, resp.Header.Get("Content-Encoding"), head.Header.Get("Content-Encoding"), p.uri)
			}
		})
	}
	t.Run("small and binary files are sent as they are", func(t *testing.T) {
		for _, tc := range []struct {
			uri  string
			vary bool
		}{
			{"/robots.txt", true}, // compressible, under gzipMinSize
			{"/data/errdex.json", true},
			{"/assets/favicon.png", false},
		} {
			resp, body := fetch(t, srv, "GET", tc.uri, map[string]string{"Accept-Encoding": "gzip"})
			assert.Equal(t, 200, resp.StatusCode, tc.uri)
			assert.Empty(t, resp.Header.Get("Content-Encoding"), tc.uri)
			assert.Equal(t, strconv.Itoa(len(body)), resp.Header.Get("Content-Length"), tc.uri)
			assert.Equal(t, tc.vary, strings.Contains(strings.Join(resp.Header.Values("Vary"), ","), "Accept-Encoding"), tc.uri)
		}
	})
}

// TestSiteHandlerCompressesOnce checks that a file is compressed once per
// build, and that an update leaves nothing of the old build behind: the
// old generation, with its compressed files, is garbage.
func TestSiteHandlerCompressesOnce(t *testing.T) {
	h, srv := newTestSiteServer(t)
	gz := map[string]string{"Accept-Encoding": "gzip"}
	g := h.gen.Load()
	for range 3 {
		fetch(t, srv, "GET", "/search-index.json", gz)
		fetch(t, srv, "HEAD", "/search-index.json", gz)
	}
	assert.Equal(t, int64(1), g.compressing.Load(), "the index was compressed more than once")
	fetch(t, srv, "GET", "/wecom/40014/", gz)
	fetch(t, srv, "GET", "/wecom/40014/index.html", gz)
	fetch(t, srv, "GET", "/search-index.json", nil)
	assert.Equal(t, int64(2), g.compressing.Load())

	old := weak.Make(g)
	oldGz := weak.Make(g.gz["search-index.json"])
	g = nil
	site := testSite()
	site["search-index.json"] = []byte(`{"docs":[` + strings.Repeat(`"new",`, 500) + `""]}`)
	h.update(site, nil, nil)
	resp, body := fetch(t, srv, "GET", "/search-index.json", gz)
	assert.Equal(t, "gzip", resp.Header.Get("Content-Encoding"))
	assert.Equal(t, string(site["search-index.json"]), string(gunzip(t, body)), "the new build's file, compressed anew")
	assert.Equal(t, int64(1), h.gen.Load().compressing.Load())

	// A collection may run while a finished request still holds the bytes
	// (CI saw one); the old build must be garbage within a few.
	freed := func() bool { runtime.GC(); return old.Value() == nil && oldGz.Value() == nil }
	assert.Eventually(t, freed, 5*time.Second, 50*time.Millisecond)
	assert.Nil(t, old.Value(), "the old generation is still referenced")
	assert.Nil(t, oldGz.Value(), "the old build's compressed file is still referenced")
}

// TestSiteHandlerHeaders checks the security headers on every kind of
// response, and the live-reload script.
func TestSiteHandlerHeaders(t *testing.T) {
	h, srv := newTestSiteServer(t)
	h.close() // end the reload stream at once, so it can be read whole
	for _, tc := range []struct {
		name, method, uri string
		status            int
		ctype             string
	}{
		{"page", "GET", "/wecom/40014/", 200, "text/html; charset=utf-8"},
		{"page HEAD", "HEAD", "/", 200, "text/html; charset=utf-8"},
		{"json", "GET", "/search-index.json", 200, "application/json"},
		{"css", "GET", "/assets/style.abc.css", 200, "text/css; charset=utf-8"},
		{"404", "GET", "/nope", 404, "text/html; charset=utf-8"},
		{"redirect", "GET", "/wecom", 301, ""},
		{"method", "POST", "/", 405, "text/plain; charset=utf-8"},
		{"reload script", "GET", reloadScriptPath, 200, "text/javascript; charset=utf-8"},
		{"reload stream", "GET", reloadPath, 200, "text/event-stream"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp, body := fetch(t, srv, tc.method, tc.uri, nil)
			assert.Equal(t, tc.status, resp.StatusCode)
			assert.Equal(t, tc.ctype, resp.Header.Get("Content-Type"))
			assert.Equal(t, render.ContentSecurityPolicy, resp.Header.Get("Content-Security-Policy"))
			assert.Contains(t, resp.Header.Get("Content-Security-Policy"), "frame-ancestors 'none'")
			assert.Equal(t, "nosniff", resp.Header.Get("X-Content-Type-Options"))
			assert.Equal(t, "DENY", resp.Header.Get("X-Frame-Options"))
			assert.Equal(t, "strict-origin-when-cross-origin", resp.Header.Get("Referrer-Policy"))
			if tc.ctype == "text/html; charset=utf-8" && tc.method == "GET" {
				assert.Equal(t, 1, bytes.Count(body, []byte(reloadTag)), "the live-reload script, once")
				assert.NotContains(t, string(body), "<script>", "no inline script")
			}
		})
	}
	resp, body := fetch(t, srv, "GET", reloadScriptPath, nil)
	require.Equal(t, 200, resp.StatusCode)
	assert.Contains(t, string(body), `new EventSource("`+reloadPath+`")`)
}

// TestSiteHandlerBuildError checks that a failed rebuild keeps the site and
// sends the error, line by line, to pages that connect.
func TestSiteHandlerBuildError(t *testing.T) {
	h, srv := newTestSiteServer(t)
	h.update(nil, nil, errors.New("sources.toml:3: bad\n<script>alert(1)</script>"))
	resp, _ := fetch(t, srv, "GET", "/wecom/40014/", nil)
	assert.Equal(t, 200, resp.StatusCode, "the old site is still served")
	h.close()
	_, body := fetch(t, srv, "GET", reloadPath, nil)
	assert.Equal(t, ": connected\n\nevent: builderror\ndata: sources.toml:3: bad\ndata: <script>alert(1)</script>\n\n", string(body))
	assert.Contains(t, reloadScript, "banner.textContent =", "the error is shown as text, never as HTML")

	h.update(testSite(), nil, nil)
	_, body = fetch(t, srv, "GET", reloadPath, nil)
	assert.Equal(t, ": connected\n\n", string(body), "no error after a good build")
}

func TestAcceptsGzip(t *testing.T) {
	for _, tc := range []struct {
		values []string
		want   bool
	}{
		{nil, false},
		{[]string{"deflate", "gzip"}, true},
		{[]string{"gzip;q=0", "gzip;q=0.5"}, true},
		{[]string{" gzip ; Q=0.3 "}, true},
		{[]string{"identity;q=1, *;q=0.9"}, false},
		{[]string{"*;q=0.9, identity;q=0.8"}, true},
		{[]string{",,;"}, false},
		{[]string{"gzip;q=-1"}, false},
	} {
		t.Run(strings.Join(tc.values, "|"), func(t *testing.T) {
			assert.Equal(t, tc.want, acceptsGzip(tc.values))
		})
	}
}
