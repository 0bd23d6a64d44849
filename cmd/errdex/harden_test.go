package main

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"errdex"
	"errdex/load/loadtest"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// mdSnapshot is a small WeCom-style Markdown snapshot with n code rows.
func mdSnapshot(n int) string {
	var b strings.Builder
	b.WriteString("| 错误码 | 错误说明 | 排查方法 |\n| --- | --- | --- |\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "| %d | 错误 %d 的说明 | 检查参数 |\n", 40001+i, i)
	}
	return b.String()
}

// smallManifest lists one Markdown source, wecom.md; rows is its
// manifest count, 0 for none.
func smallManifest(rows int) string {
	s := "[[source]]\nid = \"wecom-test\"\nplatform = \"wecom\"\ntitle = \"test\"\nformat = \"markdown\"\npath = \"wecom.md\"\n"
	if rows > 0 {
		s += fmt.Sprintf("rows = %d\n", rows)
	}
	return s
}

// wecomSite is the txtar archive of a content tree holding the manifest
// and the snapshot wecom.md (see smallManifest and mdSnapshot), for
// loadtest.Write.
func wecomSite(manifest, snapshot string) string {
	return "-- sources.toml --\n" + manifest + "-- wecom.md --\n" + snapshot
}

// codesIn is the number of codes in the errdex.json of the site at out.
func codesIn(t *testing.T, out string) int {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(out, "data", "errdex.json"))
	require.NoError(t, err)
	var cat struct{ Codes []json.RawMessage }
	require.NoError(t, json.Unmarshal(data, &cat))
	return len(cat.Codes)
}

func TestBuildRefusesLostRows(t *testing.T) {
	cases := []struct {
		name     string
		manifest string
		snapshot string
		flags    []string
		wantErr  string // "" when the build must succeed
		codes    int    // codes in the published site afterwards
	}{
		{"empty snapshot, manifest counts rows", smallManifest(20), "", nil, "UNACCOUNTED", 20},
		{"empty snapshot, no manifest count", smallManifest(0), "", nil, "EMPTY", 20},
		{"random bytes", smallManifest(0), "\x8f\xff\x00\xfe\x01garbage\xff", nil, "wecom.md", 20},
		{"no table at all", smallManifest(0), "# 全局错误码\n\n没有表格。\n", nil, "EMPTY", 20},
		{"shrink to half", smallManifest(0), mdSnapshot(10), nil, "SHRANK", 20},
		{"shrink to half, accepted", smallManifest(0), mdSnapshot(10), []string{"-accept-shrink"}, "", 10},
		{"shrink within 90%", smallManifest(0), mdSnapshot(18), nil, "", 18},
		{"growth", smallManifest(0), mdSnapshot(25), nil, "", 25},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := loadtest.Write(t, wecomSite(smallManifest(0), mdSnapshot(20)))
			out := filepath.Join(t.TempDir(), "public")
			require.NoError(t, run([]string{"build", "-content", dir, "-out", out}, io.Discard, io.Discard))
			require.Equal(t, 20, codesIn(t, out))

			require.NoError(t, os.WriteFile(filepath.Join(dir, "sources.toml"), []byte(tc.manifest), 0o644))
			require.NoError(t, os.WriteFile(filepath.Join(dir, "wecom.md"), []byte(tc.snapshot), 0o644))
			var stderr bytes.Buffer
			err := run(append([]string{"build", "-content", dir, "-out", out}, tc.flags...), io.Discard, &stderr)
			if tc.wantErr == "" {
				require.NoError(t, err, stderr.String())
			} else {
				require.Error(t, err)
				assert.Contains(t, err.Error()+stderr.String(), tc.wantErr)
			}
			assert.Equal(t, tc.codes, codesIn(t, out), "the published site")
		})
	}
}

func TestCheckFailsOnEmptySource(t *testing.T) {
	dir := loadtest.Write(t, wecomSite(smallManifest(0), "# 全局错误码\n"))
	var stdout bytes.Buffer
	err := run([]string{"check", "-content", dir}, &stdout, io.Discard)
	require.ErrorIs(t, err, errUnaccounted)
	assert.Contains(t, stdout.String(), "EMPTY")
}

func TestRedirectsAreValidated(t *testing.T) {
	cases := []struct {
		name, toml, want string
	}{
		{"dot after a page", "[[redirect]]\nfrom = \"wecom/40001/index.html/.\"\nto = \"wecom/\"\n", "clean form"},
		{"page as a directory", "[[redirect]]\nfrom = \"wecom/40001/index.html/\"\nto = \"wecom/\"\n", "not a directory"},
		{"dot-dot", "[[redirect]]\nfrom = \"wecom/../../etc/\"\nto = \"wecom/\"\n", "clean form"},
		{"absolute", "[[redirect]]\nfrom = \"/wecom/old/\"\nto = \"wecom/\"\n", "site-relative"},
		{"empty segment", "[[redirect]]\nfrom = \"wecom//old/\"\nto = \"wecom/\"\n", "clean form"},
		{"same page twice", "[[redirect]]\nfrom = \"old/\"\nto = \"wecom/\"\n[[redirect]]\nfrom = \"old\"\nto = \"wecom/\"\n", "redirects.toml:4: [[redirect]] #2: from \"old\" is the same page as [[redirect]] #1"},
		{"not TOML", "[[redirect]\nfrom = 1\n", "redirects.toml:2"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := loadtest.Write(t, smallSite+"-- redirects.toml --\n"+tc.toml)
			err := run([]string{"check", "-content", dir}, io.Discard, io.Discard)
			require.Error(t, err, "check")
			assert.Contains(t, err.Error(), tc.want)
			var fe *errdex.Error
			require.ErrorAs(t, err, &fe)
			assert.Equal(t, filepath.ToSlash(dir)+"/redirects.toml", fe.File, "the file named once, in the content tree")
			out := filepath.Join(t.TempDir(), "public")
			err = run([]string{"build", "-content", dir, "-out", out}, io.Discard, io.Discard)
			require.Error(t, err, "build")
			_, statErr := os.Stat(out)
			assert.True(t, os.IsNotExist(statErr), "nothing published")
		})
	}
	t.Run("a good redirect", func(t *testing.T) {
		dir := loadtest.Write(t, smallSite+`
-- redirects.toml --
[[redirect]]
from = "qywx/40001.html"
to = "wecom/40001/"
`)
		require.NoError(t, run([]string{"check", "-content", dir}, io.Discard, io.Discard))
		out := filepath.Join(t.TempDir(), "public")
		require.NoError(t, run([]string{"build", "-content", dir, "-out", out}, io.Discard, io.Discard))
		page, err := os.ReadFile(filepath.Join(out, "wecom", "40001", "index.html"))
		require.NoError(t, err)
		doc, err := goquery.NewDocumentFromReader(bytes.NewReader(page))
		require.NoError(t, err)
		assert.Zero(t, doc.Find(`meta[http-equiv="refresh"]`).Length(), "the page, not a redirect page over it")
		assert.NotEmpty(t, doc.Find("h1").Text(), "the page, not a redirect page over it")
	})
}

func TestZipEntriesAreUnique(t *testing.T) {
	t.Run("the real bundle", func(t *testing.T) {
		dir := loadtest.Write(t, smallSite)
		zipPath := filepath.Join(t.TempDir(), "x.zip")
		require.NoError(t, run([]string{"bundle", "-content", dir, "-o", zipPath}, io.Discard, io.Discard))
		zr, err := zip.OpenReader(zipPath)
		require.NoError(t, err)
		defer zr.Close()
		seen := map[string]bool{}
		for _, f := range zr.File {
			require.False(t, seen[f.Name], "entry %s twice", f.Name)
			seen[f.Name] = true
			rc, err := f.Open()
			require.NoError(t, err)
			_, err = io.Copy(io.Discard, rc)
			require.NoError(t, err, f.Name)
			rc.Close()
		}
		assert.True(t, seen["errdex/wecom/40001/index.html"])
	})
	for _, bad := range []map[string][]byte{
		{"a/./b": nil},
		{"a//b": nil},
		{"../b": nil},
		{"/b": nil},
		{"a": nil, "a/b": nil},
		{"wecom/40014/index.html": nil, "wecom/40014/index.html/index.html": nil},
	} {
		t.Run(fmt.Sprint(len(bad), " colliding"), func(t *testing.T) {
			err := writeZip(filepath.Join(t.TempDir(), "x.zip"), bad)
			require.Error(t, err)
		})
	}
}

func TestErrorsNameTheFileOnce(t *testing.T) {
	cases := []struct {
		name    string
		archive string // the content tree (loadtest.Write)
		want    string // the message after the content directory
	}{
		{"missing snapshot", "-- sources.toml --\n" + smallManifest(0),
			"/sources.toml:1: source wecom-test: snapshot wecom.md: no such file or directory: check its path"},
		{"unreadable encoding", wecomSite(smallManifest(0), "\x8f\xff\xfe\xff\x80"),
			"/wecom.md: not UTF-8, UTF-16 with a byte order mark, or GB18030: convert it to UTF-8"},
		{"no manifest", "",
			"/sources.toml: no such file or directory"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := loadtest.Write(t, tc.archive)
			err := run([]string{"check", "-content", dir}, io.Discard, io.Discard)
			require.Error(t, err)
			assert.True(t, strings.HasPrefix(err.Error(), dir+tc.want), err.Error())
			assert.NotContains(t, err.Error(), "scrape ")
		})
	}
}
