package render

import (
	"strings"
	"testing"

	"errdex"

	"github.com/PuerkitoBio/goquery"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// readerCatalog is a catalog with what the reader-first pages show: a
// platform table with a lookup and an anchor template, an official page
// and a third-party copy, a number two platforms give the same meaning
// (one with a fix), a number they give different meanings, and a number
// one platform uses.
func readerCatalog(report string) *errdex.Catalog {
	wecom := errdex.Source{ID: "wecom", Platform: errdex.WeCom, Title: "企业微信 全局错误码", URL: "https://example.com/wecom", Retrieved: "2023-01-06", Format: "markdown", Path: "wecom.md"}
	wechat := errdex.Source{ID: "wechat", Platform: errdex.WeChat, Title: "微信 错误码", URL: "https://example.com/wechat", Format: "tsv", Path: "wechat.tsv"}
	ding := errdex.Source{ID: "ding", Platform: errdex.DingTalk, Title: "DingTalk codes (copy)", URL: "https://blog.example.com/ding", Format: "dingtalk", Path: "ding.txt", Kind: errdex.KindCopy}
	e := func(src errdex.Source, line int, code, zh, en, fix string) errdex.Entry {
		return errdex.Entry{Source: src.ID, Line: line, Platform: src.Platform, Code: code, ZH: zh, EN: en, Fix: fix, Raw: code}
	}
	ts := e(wecom, 20, "40014", "不合法的 access_token", "", "")
	ts.Troubleshooting = "access_token 参数错误。"
	hs := []errdex.Harvest{
		{Source: wecom, Rows: 3, Entries: []errdex.Entry{ts, e(wecom, 30, "40017", "不合法的按钮类型", "", ""), e(wecom, 40, "60011", "指定的成员/部门/标签参数无权限", "", "")}},
		{Source: wechat, Rows: 2, Entries: []errdex.Entry{e(wechat, 5, "40014", "不合法的 access_token", "", "请开发者认真比对 access_token 的有效性"), e(wechat, 6, "40017", "不合法的菜单类型", "", "")}},
		{Source: ding, Rows: 1, Entries: []errdex.Entry{e(ding, 9, "40017", "", "No one from the sender's company in the conversation", "")}},
	}
	table := errdex.DefaultPlatforms()
	for i := range table {
		if table[i].ID == errdex.WeCom {
			table[i].Lookup = "https://open.work.weixin.qq.com/devtool/query?e={code}"
			table[i].Anchor = "https://developer.work.weixin.qq.com/document/path/90313#错误码：{code}"
		}
	}
	cat := errdex.Merge(hs, errdex.WithPlatforms(table))
	cat.Site = errdex.SiteInfo{Report: report}
	return cat
}

func readerFiles(t *testing.T, report, base string) map[string][]byte {
	t.Helper()
	o := testOptions("")
	o.BaseURL = base
	files, err := Files(readerCatalog(report), o)
	require.NoError(t, err)
	assert.Empty(t, Verify(files))
	return files
}

func hrefs(s *goquery.Selection) []string {
	var out []string
	s.Each(func(_ int, a *goquery.Selection) { out = append(out, a.AttrOr("href", "")) })
	return out
}

func TestNextSteps(t *testing.T) {
	files := readerFiles(t, "", "https://errdex.example.org/")
	for _, tc := range []struct {
		page  string
		want  []string
		quote string
		copy  int
	}{
		{"wecom/40014/index.html", []string{
			"https://developer.work.weixin.qq.com/document/path/90313#%e9%94%99%e8%af%af%e7%a0%81%ef%bc%9a40014",
			"https://open.work.weixin.qq.com/devtool/query?e=40014",
			"https://example.com/wecom",
			"../../wechat/40014/",
		}, "请开发者认真比对 access_token 的有效性", 0},
		// No troubleshooting: no anchor; the lookup on every WeCom page;
		// no sibling fix where the meanings differ.
		{"wecom/40017/index.html", []string{"https://open.work.weixin.qq.com/devtool/query?e=40017", "https://example.com/wecom"}, "", 0},
		// No lookup for WeChat; the sibling WeCom has troubleshooting.
		{"wechat/40014/index.html", []string{"https://example.com/wechat", "../../wecom/40014/"}, "", 0},
		// A copy says so next to the link.
		{"dingtalk/40017/index.html", []string{"https://blog.example.com/ding"}, "", 1},
	} {
		t.Run(tc.page, func(t *testing.T) {
			doc := parse(t, files[tc.page])
			next := doc.Find("#next")
			require.Equal(t, 1, next.Length())
			assert.Equal(t, tc.want, hrefs(next.Find(".next-steps > li > a")))
			assert.Equal(t, tc.quote, next.Find("q").Text())
			assert.Equal(t, tc.copy, next.Find(".src-kind").Length())
			// "What to do next" comes after the meanings and "Same number
			// elsewhere", and before "Where this comes from".
			var order []string
			doc.Find("article > section, article > details").Each(func(_ int, s *goquery.Selection) {
				id := s.AttrOr("id", "")
				if strings.HasPrefix(id, "m") && id != "m1" {
					return
				}
				order = append(order, id)
			})
			assert.Equal(t, []string{"m1", "elsewhere", "next", "where"}, order)
		})
	}
}

func TestReportLink(t *testing.T) {
	t.Run("configured", func(t *testing.T) {
		files := readerFiles(t, "https://github.com/o/r/issues/new?title={title}&body={url}", "https://errdex.example.org/")
		doc := parse(t, files["wecom/40014/index.html"])
		assert.Equal(t, "https://github.com/o/r/issues/new?title=WeCom+40014%3A+%E4%B8%8D%E5%90%88%E6%B3%95%E7%9A%84+access_token&body=https%3A%2F%2Ferrdex.example.org%2Fwecom%2F40014%2F",
			doc.Find("#next .report a").AttrOr("href", ""))
		assert.Equal(t, "Report a problem with this page", doc.Find("#next .report a").Text())
	})
	t.Run("not configured", func(t *testing.T) {
		files := readerFiles(t, "", "https://errdex.example.org/")
		for name, data := range files {
			if strings.HasSuffix(name, ".html") {
				assert.Zero(t, parse(t, data).Find(".report").Length(), name)
			}
		}
	})
}

func TestHonestSources(t *testing.T) {
	files := readerFiles(t, "", "")
	ding := parse(t, files["dingtalk/40017/index.html"])
	src := ding.Find("#where #m1-sources li")
	require.Equal(t, 1, src.Length())
	assert.Equal(t, "third-party copy", src.Find(".src-kind").Text())
	official := parse(t, files["wecom/40014/index.html"])
	assert.Zero(t, official.Find("#where .src-kind").Length())
	footer := official.Find(".site-footer p").Text()
	assert.NotContains(t, footer, "merges the official error-code pages")
	assert.Contains(t, footer, "third-party copies")
	sources := parse(t, files["sources/index.html"])
	var kinds []string
	sources.Find(".sources-table tbody tr td:nth-child(3)").Each(func(_ int, s *goquery.Selection) { kinds = append(kinds, s.Text()) })
	assert.Equal(t, []string{"third-party copy", "official page", "official page"}, kinds)
}

func TestAnswerFirst(t *testing.T) {
	_, files := buildTest(t, nil)
	doc := parse(t, files["wechat/-503003/index.html"])
	// The order: title and meaning, what to do, troubleshooting, the same
	// number elsewhere, what to do next, where this comes from (collapsed).
	var order []string
	doc.Find("article > header, article > section, article > details").Each(func(_ int, s *goquery.Selection) {
		order = append(order, goquery.NodeName(s)+"#"+s.AttrOr("id", ""))
	})
	assert.Equal(t, []string{"header#", "section#conflict", "section#m1", "section#m2", "section#elsewhere", "section#next", "details#where"}, order)
	assert.False(t, doc.Find("details#where").Is("[open]"))
	main := doc.Find("article").Clone()
	main.Find("details#where").Remove()
	text := main.Text()
	for _, jargon := range []string{"Stated by", "Meaning m1", "Meaning m2", "wechat.tsv", "rows", "scopes"} {
		assert.NotContains(t, text, jargon)
	}
	assert.Contains(t, text, "Meaning 1")
	assert.Equal(t, "Meaning 2", doc.Find("#conflict tbody tr:nth-child(2) th a").Text())
	assert.Contains(t, doc.Find("#where #m1-sources").Text(), "line 2003 of wechat.tsv")
	assert.Equal(t, "Source of meaning 1", doc.Find("#m1-sources-h").Text())

	t.Run("conflict kinds in plain words", func(t *testing.T) {
		old := parse(t, files["wecom/40093/index.html"])
		assert.Contains(t, old.Find("#conflict li").Text(), "The 2023 page and the older page disagree.")
		b := &builder{cat: testCatalog()}
		c := b.cat.Lookup(errdex.WeCom, "40093")
		assert.Equal(t, "The 2023 page and the older page disagree.", b.conflictWords(c, errdex.ConflictSources).EN)
		assert.Equal(t, "WeCom uses this number for different things in different products (全局错误码 · Global).", (&builder{cat: withScopeName(testCatalog())}).conflictWords(c, errdex.ConflictScopes).EN)
		assert.Equal(t, "One page (微信 错误码) lists this code twice with different meanings.", b.conflictWords(b.cat.Lookup(errdex.WeChat, "-503003"), errdex.ConflictRows).EN)
	})

	t.Run("home opens with search and platforms; the reconciliation is on /sources/", func(t *testing.T) {
		home := parse(t, files["index.html"])
		var heads []string
		home.Find("main > section").Each(func(_ int, s *goquery.Selection) { heads = append(heads, s.AttrOr("aria-labelledby", "")) })
		require.GreaterOrEqual(t, len(heads), 2)
		assert.Equal(t, []string{"hero-h", "platforms-h"}, heads[:2])
		assert.Zero(t, home.Find(".sources-table").Length())
		src := parse(t, files["sources/index.html"])
		assert.Equal(t, 4, src.Find(".sources-table tbody tr").Length())
		assert.Contains(t, src.Find(".sources-table thead").Text(), "Skipped")
		assert.Equal(t, 1, home.Find(`.site-footer nav a[href="sources/"]`).Length())
		about := parse(t, files["about/index.html"])
		assert.Equal(t, 1, about.Find(`main a[href="../sources/"]`).Length())
	})
}

func withScopeName(c *errdex.Catalog) *errdex.Catalog {
	c.ScopeNames = map[errdex.Platform]map[string]string{errdex.WeCom: {"": "全局错误码 · Global"}}
	return c
}

func TestNumberPages(t *testing.T) {
	files := readerFiles(t, "", "https://errdex.example.org/")
	for _, tc := range []struct{ page, verdict, lede string }{
		{"code/40014/index.html", "same", "Their pages give it the same meaning."},
		{"code/40017/index.html", "mixed", "Some give it the same meaning, some not"},
	} {
		t.Run(tc.page, func(t *testing.T) {
			doc := parse(t, files[tc.page])
			assert.Equal(t, tc.verdict, doc.Find(".lede").AttrOr("data-verdict", ""))
			assert.Contains(t, doc.Find(".lede").Text(), tc.lede)
			assert.NotContains(t, doc.Find("main").Text(), "not related")
		})
	}
	doc := parse(t, files["code/40017/index.html"])
	var pairs []string
	doc.Find(".pairs li").Each(func(_ int, s *goquery.Selection) { pairs = append(pairs, s.Text()) })
	assert.Equal(t, []string{"DingTalk and WeChat: could not be compared", "DingTalk and WeCom: could not be compared", "WeChat and WeCom: different meanings"}, pairs)

	t.Run("one platform: sends the reader to the code page", func(t *testing.T) {
		doc := parse(t, files["code/60011/index.html"])
		assert.Equal(t, "https://errdex.example.org/wecom/60011/", doc.Find(`link[rel="canonical"]`).AttrOr("href", ""))
		assert.Equal(t, "../../wecom/60011/", doc.Find("main .to-code a").AttrOr("href", ""))
		assert.Zero(t, doc.Find(".number-card").Length())
		sitemap := string(files["sitemap.xml"])
		assert.NotContains(t, sitemap, "/code/60011/")
		assert.Contains(t, sitemap, "/code/40014/")
		assert.Contains(t, sitemap, "/wecom/60011/")
	})
	t.Run("one platform, no base URL: a relative canonical", func(t *testing.T) {
		files := readerFiles(t, "", "")
		doc := parse(t, files["code/60011/index.html"])
		assert.Equal(t, "../../wecom/60011/", doc.Find(`link[rel="canonical"]`).AttrOr("href", ""))
	})
}
