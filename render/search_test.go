package render

import (
	"bytes"
	"io/fs"
	"strings"
	"testing"

	"errdex"
	"errdex/search"
	"errdex/static"
	"errdex/templates"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestSearchIndexInSite checks the index the site build ships: minified,
// the JS form assigning the global, the same data as search.IndexFiles.
func TestSearchIndexInSite(t *testing.T) {
	o := Options{Templates: templates.FS, Static: static.FS}
	files, err := Files(testCatalog(), o)
	require.NoError(t, err)
	assert.True(t, bytes.HasPrefix(files["search-index.js"], []byte("window.ERRDEX_INDEX={")))

	o.NoMinify = true
	raw, err := Files(testCatalog(), o)
	require.NoError(t, err)
	want, err := SearchIndexFiles(testCatalog(), 0)
	require.NoError(t, err)
	for name, data := range want {
		assert.Equal(t, string(data), string(raw[name]), name)
	}
}

// TestAssetsCarryThePlatformTable: the stylesheet ends with the table's
// badge colours, and the script starts with the search's data, for the
// catalog's table, whatever it is.
func TestAssetsCarryThePlatformTable(t *testing.T) {
	cat := testCatalog()
	cat.Platforms = append(errdex.DefaultPlatforms(), errdex.PlatformInfo{ID: "feishu", Name: "Feishu", NameZH: "飞书", Color: "#245bdb", ColorDark: "#7fa6ff"})
	files, err := Files(cat, Options{Templates: templates.FS, Static: static.FS, NoMinify: true})
	require.NoError(t, err)
	var css, js string
	for name, data := range files {
		switch {
		case strings.HasPrefix(name, "assets/style."):
			css = string(data)
		case strings.HasPrefix(name, "assets/app."):
			js = string(data)
		}
	}
	assert.Contains(t, css, "--platform-feishu: #245bdb;")
	assert.Contains(t, css, "--platform-feishu: #7fa6ff;")
	assert.Contains(t, css, ".badge-feishu { background: var(--platform-feishu); }")
	assert.Contains(t, css, ".badge-wecom { background: var(--platform-wecom); }")
	config, err := search.ScriptConfig(cat.Platforms)
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(js, "/* search data (generated: package search, ScriptConfig) */\n"+string(config)), "app.js starts with the search's data")
	script, err := fs.ReadFile(static.FS, "js/20-search.js")
	require.NoError(t, err)
	for _, w := range []string{"企业微信", "公众号", "wecom", "dingtalk", `errcode["']`, "devtool/query", "0123456789abc", `"#"`} {
		assert.False(t, strings.Contains(string(script), w), "js/20-search.js holds %q: the script holds no copy of the search data", w)
	}

	home := string(files["index.html"])
	assert.Contains(t, home, `<span class="badge badge-feishu" lang="zh-CN">飞书</span> <span class="card-title" lang="en">Feishu</span>`)
}

// TestHostedSearchIndexOnce checks that the hosted build (a base URL)
// writes the search index as JSON only (search-index.json, the manifest
// and the shards), and the builds that may be opened from disk (the plain
// build, the bundle, also with a base URL) write the script form too.
func TestHostedSearchIndexOnce(t *testing.T) {
	for _, tc := range []struct {
		name, baseURL string
		bundle        bool
		wantJS        bool
	}{
		{"hosted", "https://errdex.example.org/", false, false},
		{"offline", "", true, true},
		{"bundle with a base URL", "https://errdex.example.org/", true, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			files, err := Files(testCatalog(), Options{Templates: templates.FS, Static: static.FS, BaseURL: tc.baseURL, Bundle: tc.bundle})
			require.NoError(t, err)
			assert.Contains(t, files, "search-index.json")
			assert.Contains(t, files, search.ManifestFile)
			assert.Contains(t, files, "search-index/t0.json")
			assert.Contains(t, files, "search-index/d0.json")
			_, ok := files["search-index.js"]
			assert.Equal(t, tc.wantJS, ok)
		})
	}
}

// TestIndexFormsSharded: a hosted site ships the sharded index's JSON
// files only, the offline one every form.
func TestIndexFormsSharded(t *testing.T) {
	files, err := search.IndexFiles(testCatalog(), -1)
	require.NoError(t, err)
	require.Contains(t, files, "search-index/t0.js", "the index was not sharded")
	for _, tc := range []struct {
		name   string
		hosted bool
	}{{"hosted", true}, {"offline", false}} {
		t.Run(tc.name, func(t *testing.T) {
			got := indexForms(files, tc.hosted)
			for name := range files {
				_, ok := got[name]
				assert.Equal(t, !tc.hosted || !strings.HasSuffix(name, ".js"), ok, name)
			}
			assert.Contains(t, got, "search-index/t0.json")
		})
	}
}

// TestSearchPagePreloadsManifest: the search page of a site served over
// HTTP asks for the shards' manifest with the page, in parallel with the
// script that needs it; the bundle's, opened from disk, does not.
func TestSearchPagePreloadsManifest(t *testing.T) {
	for _, bundle := range []bool{false, true} {
		files, err := Files(testCatalog(), Options{Templates: templates.FS, Static: static.FS, Bundle: bundle})
		require.NoError(t, err)
		page := string(files["search/index.html"])
		preload := strings.Contains(page, `rel=preload href=../`+search.ManifestFile) || strings.Contains(page, `rel="preload" href="../`+search.ManifestFile+`"`)
		assert.Equal(t, !bundle, preload, "bundle %t", bundle)
	}
}
