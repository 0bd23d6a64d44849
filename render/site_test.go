package render

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"errdex"
	"errdex/i18n"
	"errdex/load"
	"errdex/load/loadtest"
	"errdex/static"
	"errdex/templates"

	"github.com/PuerkitoBio/goquery"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata/")

// testCatalog is a small catalog with the cases the site must handle: a
// plain code, a conflict, troubleshooting, a number on two platforms, a
// pattern code, and text that needs escaping.
func testCatalog() *errdex.Catalog {
	wecom := errdex.Source{ID: "wecom-new", Platform: errdex.WeCom, Title: "企业微信 全局错误码", URL: "https://example.com/wecom", Retrieved: "2023-01-06", Format: "markdown", Path: "wecom.md", Supersedes: "wecom-old"}
	old := errdex.Source{ID: "wecom-old", Platform: errdex.WeCom, Title: "企业微信 (older)", URL: "https://example.com/wecom", Format: "tsv", Path: "old.tsv"}
	ding := errdex.Source{ID: "ding", Platform: errdex.DingTalk, Title: "DingTalk codes", URL: "https://example.com/ding", Retrieved: "2022-07-05", Format: "dingtalk", Path: "ding.txt"}
	wechat := errdex.Source{ID: "wechat", Platform: errdex.WeChat, Title: "微信 错误码", URL: "https://example.com/wechat", Format: "tsv", Path: "wechat.tsv",
		Scopes: map[string]errdex.ScopeTarget{"微信云开发": {Scope: "cloudbase"}}}
	e := func(src errdex.Source, line int, code, zh, en, fix string) errdex.Entry {
		return errdex.Entry{Source: src.ID, Line: line, Platform: src.Platform, Code: code, ZH: zh, EN: en, Fix: fix, Raw: code}
	}
	ts := e(wecom, 20, "40014", "不合法的 access_token", "", "")
	ts.Troubleshooting = "access_token 参数错误。确认：\n\n1. 在有效期内调用\n2. 见错误码 40001 与 <script>alert(1)</script>"
	ts.TroubleshootingLine = 1097
	ts.HelpRef = true
	cloud1 := e(wechat, 2003, "-503003", "云资源文件存储错误：文件不存在", "", "")
	cloud1.Scope, cloud1.ScopeLabel = "cloudbase", "微信云开发"
	cloud2 := e(wechat, 2004, "-503003", "云资源文件存储错误：非法签名", "", "")
	cloud2.Scope, cloud2.ScopeLabel = "cloudbase", "微信云开发"
	pattern := e(wechat, 1975, "-40400x", "SDK 云函数错误：云函数调用失败", "", "")
	pattern.Scope, pattern.ScopeLabel = "cloudbase", "微信云开发"
	hs := []errdex.Harvest{
		{Source: wecom, Rows: 4, Entries: []errdex.Entry{
			e(wecom, 18, "40001", "不合法的 secret 参数", "", "确认 <secret> & corpid 匹配"),
			ts,
			e(wecom, 30, "40017", "不合法的按钮类型", "", "支持的类型，参考：按钮类型"),
			e(wecom, 90, "40093", "jsapi 签名错误", "", ""),
		}},
		{Source: old, Rows: 2, Entries: []errdex.Entry{
			e(old, 9, "40001", "不合法的secret参数", "", ""),
			e(old, 80, "40093", "不合法的jsapi_ticket参数", "", ""),
		}},
		{Source: ding, Rows: 1, Entries: []errdex.Entry{
			e(ding, 236, "40017", "", "No one from the sender's company in the conversation", "Check the conversation members."),
		}},
		{Source: wechat, Rows: 3, Entries: []errdex.Entry{cloud1, cloud2, pattern}},
	}
	// The measure cannot tell -503003's two rows apart; a maintainer's
	// review flags them, as content/reviews.toml does.
	fp := errdex.Merge(hs).Lookup(errdex.WeChat, "-503003").Fingerprint()
	cat := errdex.Merge(hs, errdex.WithReviews([]errdex.Review{{
		Platform: errdex.WeChat, Code: "-503003", Verdict: errdex.Different,
		Note: "file not found vs illegal signature", Date: "2026-12-01", Wordings: fp,
	}}))
	cat.ScopeNames = map[errdex.Platform]map[string]string{errdex.WeChat: {"cloudbase": "微信云开发 · CloudBase"}}
	return cat
}

// testPages are the Markdown pages of the test sites: the names and
// titles of the shipped pages (every page's footer lists them), a line of
// text each.
var testPages = loadtest.FS(`
-- about.md --
# About errdex

errdex merges the error-code pages of the platforms and flags where they disagree.
-- adding-a-source.md --
# Adding a source

Copy the snapshot into content/ and add a [[source]] to sources.toml.
-- reading-a-code-page.md --
# Reading a code page

A code page says what the code means first, then where each wording comes from.
-- reviewing-flags.md --
# Reviewing a conflict flag

A maintainer's review confirms or clears a flag.
`)

func testOptions(out string) Options {
	return Options{Out: out, Templates: templates.FS, Static: static.FS, Pages: testPages, BaseURL: "https://errdex.example.org/"}
}

func buildTest(t *testing.T, mutate func(*Options)) (string, map[string][]byte) {
	t.Helper()
	out := filepath.Join(t.TempDir(), "public")
	o := testOptions(out)
	if mutate != nil {
		mutate(&o)
	}
	files, err := Files(testCatalog(), o)
	require.NoError(t, err)
	require.NoError(t, Write(out, files))
	return out, files
}

func TestGoldenPages(t *testing.T) {
	_, files := buildTest(t, func(o *Options) { o.NoMinify = true })
	for _, tc := range []struct{ name, file string }{
		{"plain code", "wecom/40001/index.html"},
		{"conflict", "wechat/-503003/index.html"},
		{"troubleshooting", "wecom/40014/index.html"},
		{"number across platforms", "code/40017/index.html"},
		{"code json", "wecom/40014/index.json"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := files[tc.file]
			require.True(t, ok, "missing %s", tc.file)
			got = maskAssets(got)
			golden := filepath.Join("testdata", strings.ReplaceAll(tc.file, "/", "_")+".golden")
			if *update {
				require.NoError(t, os.WriteFile(golden, got, 0o644))
			}
			want, err := os.ReadFile(golden)
			require.NoError(t, err, "run go test ./render -update")
			assert.Equal(t, string(want), string(got))
		})
	}
}

// maskAssets hides the content hashes of assets, which change with every
// edit of the stylesheet or scripts and say nothing about the page.
func maskAssets(b []byte) []byte {
	out := b
	for _, name := range []string{"style", "app", "lang"} {
		i := bytes.Index(out, []byte("assets/"+name+"."))
		for i >= 0 {
			start := i + len("assets/"+name+".")
			end := start + 10
			if end <= len(out) {
				out = append(append(append([]byte(nil), out[:start]...), []byte("HASH")...), out[end:]...)
			}
			next := bytes.Index(out[start:], []byte("assets/"+name+"."))
			if next < 0 {
				break
			}
			i = start + next
		}
	}
	return out
}

func TestSiteStructure(t *testing.T) {
	out, files := buildTest(t, nil)
	checkSite(t, out, files)
}

func TestSiteBundleLinks(t *testing.T) {
	out, files := buildTest(t, func(o *Options) { o.Bundle = true; o.BaseURL = "" })
	checkSite(t, out, files)
	doc := parse(t, files["wecom/40014/index.html"])
	doc.Find("a[href]").Each(func(_ int, a *goquery.Selection) {
		href, _ := a.Attr("href")
		if isExternal(href) || strings.HasPrefix(href, "#") {
			return
		}
		u := strings.SplitN(href, "#", 2)[0]
		assert.False(t, strings.HasSuffix(u, "/"), "bundle link %q must name index.html", href)
	})
	for name, data := range files {
		if strings.HasSuffix(name, ".html") {
			assert.NotContains(t, string(data), "https://errdex.example.org", name)
		}
	}
}

// parse reads a page as a reader of the English interface sees it: the
// Chinese copies of errdex's own texts are left out.
func parse(t *testing.T, b []byte) *goquery.Document {
	t.Helper()
	return parseIn(t, b, i18n.EN)
}

// parseIn reads a page as a reader of interface language l sees it: the
// other language's copies of errdex's own texts ([data-l]) are removed;
// l "" keeps both.
func parseIn(t *testing.T, b []byte, l i18n.Lang) *goquery.Document {
	t.Helper()
	doc, err := goquery.NewDocumentFromReader(bytes.NewReader(b))
	require.NoError(t, err)
	if l == "" {
		return doc
	}
	other := i18n.ZH
	if l == i18n.ZH {
		other = i18n.EN
	}
	doc.Find(`[data-l][lang="` + other.Tag() + `"]`).Remove()
	return doc
}

func isExternal(href string) bool {
	return strings.HasPrefix(href, "http://") || strings.HasPrefix(href, "https://") || strings.HasPrefix(href, "mailto:")
}

// checkSite asserts what every build must satisfy (see Verify), and that
// the files on disk are the ones rendered.
func checkSite(t *testing.T, out string, files map[string][]byte) {
	t.Helper()
	assert.Empty(t, Verify(files))
	for name := range files {
		assert.FileExists(t, filepath.Join(out, filepath.FromSlash(name)))
	}
	for name, data := range files {
		if strings.HasSuffix(name, ".html") && name != "404.html" {
			doc := parse(t, data)
			// English until the head script (static/lang.js) picks the reader's language.
			assert.Equal(t, "en", doc.Find("html").AttrOr("lang", ""), name)
			assert.Equal(t, "en", doc.Find("html").AttrOr("data-ui", ""), name)
			if doc.Find(`meta[http-equiv="refresh"]`).Length() == 0 {
				assert.GreaterOrEqual(t, doc.Find(`form[role="search"] input[type="search"][name="q"]`).Length(), 1, "%s has no search form", name)
			}
		}
	}
}

func TestVerifyFindsProblems(t *testing.T) {
	_, files := buildTest(t, nil)
	broken := map[string][]byte{}
	for k, v := range files {
		broken[k] = v
	}
	broken["wecom/40014/index.html"] = bytes.Replace(files["wecom/40014/index.html"], []byte(`href="#m1-troubleshooting"`), []byte(`href="#nowhere"`), 1)
	broken["wecom/40001/index.html"] = bytes.Replace(files["wecom/40001/index.html"], []byte(`href="../../wecom/40014/"`), []byte(`href="../../wecom/49999/"`), 1)
	broken["wecom/40017/index.html"] = bytes.Replace(files["wecom/40017/index.html"], []byte("&lt;"), []byte("&amp;lt;"), 1)
	broken["wecom/40017/index.html"] = append(broken["wecom/40017/index.html"], []byte(`<p id="m1"></p>`)...)
	delete(broken, "wecom/40093/index.json")
	broken["wecom/40093/index.html"] = bytes.Replace(files["wecom/40093/index.html"], []byte(`<label for="q"`), []byte(`<label for="elsewhere"`), 1)
	broken["changes/index.html"] = bytes.Replace(files["changes/index.html"], []byte("</main>"), []byte("<h1>again</h1></main>"), 1)
	problems := strings.Join(Verify(broken), "\n")
	for _, want := range []string{`no id "nowhere"`, "no file wecom/49999/index.html", `id "m1" appears twice`, "has no wecom/40093/index.json",
		`wecom/40093/index.html: form field "q" has no label`, "changes/index.html: 2 <h1> headings"} {
		assert.Contains(t, problems, want)
	}
}

func TestCodePageContent(t *testing.T) {
	_, files := buildTest(t, nil)
	doc := parse(t, files["wecom/40014/index.html"])
	assert.Equal(t, "WeCom 40014 · 不合法的 access_token", doc.Find("title").Text())
	assert.Equal(t, "https://errdex.example.org/wecom/40014/", doc.Find(`link[rel="canonical"]`).AttrOr("href", ""))
	assert.Equal(t, "https://errdex.example.org/wecom/40014/", doc.Find(`meta[property="og:url"]`).AttrOr("content", ""))
	// Troubleshooting is rendered from Markdown, raw HTML is not passed through,
	// and the code it mentions is linked.
	ts := doc.Find("#m1-troubleshooting")
	assert.Equal(t, 2, ts.Find("ol li").Length())
	assert.Equal(t, 0, ts.Find("script").Length())
	assert.Equal(t, "../../wecom/40001/", ts.Find("a.code-ref").AttrOr("href", ""))
	assert.Equal(t, "[WeCom 40014: 不合法的 access_token](https://errdex.example.org/wecom/40014/)",
		doc.Find("button[data-copy]").First().AttrOr("data-copy", ""))
	assert.Equal(t, "../../wecom/40017/", doc.Find(`a[rel="next"]`).AttrOr("href", ""))
	assert.Equal(t, "../../wecom/40001/", doc.Find(`a[rel="prev"]`).AttrOr("href", ""))

	conflict := parse(t, files["wechat/-503003/index.html"])
	assert.Equal(t, 1, conflict.Find("#conflict").Length())
	assert.Equal(t, 2, conflict.Find("#conflict tbody tr").Length())
	assert.Contains(t, conflict.Find("#conflict").Text(), "One page (微信 错误码) lists this code twice with different meanings.")
	assert.Equal(t, "../../conflicts/#rows", conflict.Find("#conflict a.kind-link").AttrOr("href", ""))

	// Source text is escaped once: the fix "<secret> & corpid" shows as text.
	plain := parse(t, files["wecom/40001/index.html"])
	assert.Contains(t, plain.Find("#m1-fix").Text(), "确认 <secret> & corpid 匹配")

	num := parse(t, files["code/40017/index.html"])
	assert.Equal(t, 2, num.Find(".number-card").Length())
	assert.Contains(t, files, "wechat/-40400x/index.html")
}

func TestFailedBuildKeepsOldSite(t *testing.T) {
	out, _ := buildTest(t, nil)
	before, err := os.ReadFile(filepath.Join(out, "index.html"))
	require.NoError(t, err)
	o := testOptions(out)
	o.Templates = os.DirFS(t.TempDir()) // no templates: the build fails
	require.Error(t, Site(testCatalog(), o))
	after, err := os.ReadFile(filepath.Join(out, "index.html"))
	require.NoError(t, err)
	assert.Equal(t, before, after)
}

func TestNoStaleFiles(t *testing.T) {
	out, _ := buildTest(t, nil)
	stale := filepath.Join(out, "wecom", "99999", "index.html")
	require.NoError(t, os.MkdirAll(filepath.Dir(stale), 0o755))
	require.NoError(t, os.WriteFile(stale, []byte("old"), 0o644))
	require.NoError(t, Site(testCatalog(), testOptions(out)))
	assert.NoFileExists(t, stale)
}

func TestDeterministic(t *testing.T) {
	a, err := Files(testCatalog(), testOptions(""))
	require.NoError(t, err)
	b, err := Files(testCatalog(), testOptions(""))
	require.NoError(t, err)
	require.Equal(t, len(a), len(b))
	for name := range a {
		assert.True(t, bytes.Equal(a[name], b[name]), name)
	}
}

func TestHostedBaseURL(t *testing.T) {
	_, files := buildTest(t, nil)
	sm := string(files["sitemap.xml"])
	assert.Contains(t, sm, "<loc>https://errdex.example.org/wecom/40014/</loc>")
	assert.NotContains(t, sm, "search/")
	assert.Contains(t, string(files["robots.txt"]), "Sitemap: https://errdex.example.org/sitemap.xml")
	assert.Contains(t, string(files["opensearch.xml"]), "https://errdex.example.org/search/?q={searchTerms}")
	nf := parse(t, files["404.html"])
	assert.Equal(t, "https://errdex.example.org/wecom/", nf.Find(`nav.platform-nav a[href$="wecom/"]`).AttrOr("href", ""))
}

func TestCodeRange(t *testing.T) {
	for _, tc := range []struct{ code, want string }{
		{"-1", "-999–-1"}, {"0", "0–999"}, {"6000", "6000–6999"}, {"40014", "40000–40999"},
		{"301025", "300000–309999"}, {"2000002", "2000000–2099999"}, {"-40400x", "-409999–-400000"}, {"abc", "other"},
	} {
		t.Run(tc.code, func(t *testing.T) { assert.Equal(t, tc.want, codeRange(tc.code)) })
	}
}

func TestRedirects(t *testing.T) {
	_, files := buildTest(t, func(o *Options) {
		o.Redirects = []Redirect{{From: "wecom/40014.html", To: "wecom/40014/"}, {From: "errors/wecom/40001/", To: "wecom/40001/"}}
	})
	page := parse(t, files["wecom/40014.html"])
	assert.Equal(t, "0; url=../wecom/40014/", page.Find(`meta[http-equiv="refresh"]`).AttrOr("content", ""))
	assert.Equal(t, "https://errdex.example.org/wecom/40014/", page.Find(`link[rel="canonical"]`).AttrOr("href", ""))
	page = parse(t, files["errors/wecom/40001/index.html"])
	assert.Equal(t, "0; url=../../../wecom/40001/", page.Find(`meta[http-equiv="refresh"]`).AttrOr("content", ""))

	for _, bad := range []Redirect{{From: "wecom/40014/", To: "wecom/40001/"}, {From: "x/", To: "wecom/99999/"}} {
		o := testOptions("")
		o.Redirects = []Redirect{bad}
		_, err := Files(testCatalog(), o)
		assert.Error(t, err, "%+v", bad)
	}
}

// TestSharedTroubleshooting: one troubleshooting section for two codes
// (错误码：40054 40055) shows on both pages, each linking the other.
func TestSharedTroubleshooting(t *testing.T) {
	c, err := load.Read(loadtest.FS(`
-- sources.toml --
[[source]]
id = "wecom"
platform = "wecom"
title = "企业微信"
format = "markdown"
path = "wecom.md"
rows = 3
sections = 2
-- wecom.md --
| 错误码 | 错误说明 | 排查方法 |
| --- | --- | --- |
| 40054 | 不合法的子菜单 url 域名 | [查看帮助](#10649/错误码：40054 40055) |
| 40055 | 不合法的菜单 url 域名 | [查看帮助](#10649/错误码：40054 40055) |
| 40056 | 不合法的 agentid | 查看帮助 |

### 错误码：40054 40055

菜单设置 URL 不合法。确认：

1. 链接需要带上协议头。

### 错误码：40056

agentid 不合法。
`))
	require.NoError(t, err)
	for _, h := range c.Harvests {
		n, msg := h.Unaccounted()
		require.Zero(t, n, msg)
		require.Empty(t, msg)
	}
	files, err := Files(c.Catalog, testOptions(""))
	require.NoError(t, err)
	for _, tc := range []struct{ page, covers, link, text string }{
		{"wecom/40054/index.html", "One section for several codes: 错误码：40054 40055", "../../wecom/40055/", "链接需要带上协议头。"},
		{"wecom/40055/index.html", "One section for several codes: 错误码：40054 40055", "../../wecom/40054/", "链接需要带上协议头。"},
		{"wecom/40056/index.html", "", "", "agentid 不合法。"},
	} {
		t.Run(tc.page, func(t *testing.T) {
			doc := parse(t, files[tc.page])
			assert.Equal(t, tc.covers, strings.Join(strings.Fields(doc.Find(".covers").Text()), " "))
			assert.Equal(t, tc.link, doc.Find(".covers a.code-ref").AttrOr("href", ""))
			assert.Contains(t, doc.Find("#m1-troubleshooting").Text(), tc.text)
		})
	}
}
