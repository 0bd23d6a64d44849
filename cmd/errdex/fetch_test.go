package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"

	"errdex/load/loadtest"
	"errdex/scrape"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestFetch(t *testing.T) {
	page, err := os.ReadFile("../../scrape/testdata/html/wecom.html")
	require.NoError(t, err)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/90313":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Write(page)
		case "/changed":
			w.Write([]byte("<html><body><p>We moved the error codes.</p></body></html>"))
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()

	setup := func(t *testing.T, path string) (string, *scrape.Manifest) {
		dir := loadtest.Write(t, fmt.Sprintf(`
-- sources.toml --
[[source]]
id = "wecom-live"
platform = "wecom"
title = "企业微信 全局错误码 (live)"
url = "%s%s"
format = "html"
path = "wecom-live.html"
-- wecom-live.html --
old snapshot
`, srv.URL, path))
		m, err := scrape.LoadManifest(os.DirFS(dir), "sources.toml")
		require.NoError(t, err)
		return dir, m
	}

	t.Run("refreshes the snapshot", func(t *testing.T) {
		dir, m := setup(t, "/90313")
		var out bytes.Buffer
		require.NoError(t, fetchSources(context.Background(), srv.Client(), dir, m, "", false, &out))
		got, err := os.ReadFile(filepath.Join(dir, "wecom-live.html"))
		require.NoError(t, err)
		assert.Equal(t, page, got)
		assert.Contains(t, out.String(), "wecom-live: 14 rows")
	})
	t.Run("dry run keeps the snapshot", func(t *testing.T) {
		dir, m := setup(t, "/90313")
		require.NoError(t, fetchSources(context.Background(), srv.Client(), dir, m, "wecom-live", true, io.Discard))
		got, _ := os.ReadFile(filepath.Join(dir, "wecom-live.html"))
		assert.Equal(t, "old snapshot\n", string(got))
	})
	t.Run("a changed page keeps the snapshot", func(t *testing.T) {
		dir, m := setup(t, "/changed")
		err := fetchSources(context.Background(), srv.Client(), dir, m, "", false, io.Discard)
		require.Error(t, err)
		assert.Contains(t, err.Error(), "snapshot kept")
		got, _ := os.ReadFile(filepath.Join(dir, "wecom-live.html"))
		assert.Equal(t, "old snapshot\n", string(got))
	})
	t.Run("missing page", func(t *testing.T) {
		dir, m := setup(t, "/gone")
		err := fetchSources(context.Background(), srv.Client(), dir, m, "", false, io.Discard)
		require.Error(t, err)
		assert.Contains(t, err.Error(), "404")
	})
	t.Run("unknown source", func(t *testing.T) {
		dir, m := setup(t, "/90313")
		err := fetchSources(context.Background(), srv.Client(), dir, m, "nope", false, io.Discard)
		require.Error(t, err)
		assert.Contains(t, err.Error(), `no source with id "nope"`)
	})
	t.Run("shipped snapshots are not html", func(t *testing.T) {
		m, err := scrape.LoadManifest(os.DirFS(realContent), "sources.toml")
		require.NoError(t, err)
		var out bytes.Buffer
		require.NoError(t, fetchSources(context.Background(), srv.Client(), realContent, m, "", true, &out))
		assert.Contains(t, out.String(), "nothing to refresh")
	})
}
