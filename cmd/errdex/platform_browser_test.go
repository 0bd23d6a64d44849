package main

import (
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"errdex/load/loadtest"
	"errdex/render"
	"errdex/static"
	"errdex/templates"
)

// feishuContent is a small content directory with Feishu (飞书) as a
// fourth platform: a manifest edit and a snapshot, no Go code.
const feishuContent = `
-- sources.toml --
[[platform]]
id = "dingtalk"
name = "DingTalk"
name_zh = "钉钉"
color = "#0868c2"
color_dark = "#5cb6ff"

[[platform]]
id = "feishu"
name = "Feishu"
name_zh = "飞书"
words = ["lark"]
color = "#245bdb"
color_dark = "#7fa6ff"

[[platform]]
id = "wecom"
name = "WeCom"
name_zh = "企业微信"
words = ["企微"]
color = "#1a66c9"
color_dark = "#6ea8ff"

[[source]]
id = "feishu-server"
platform = "feishu"
title = "飞书 服务端错误码"
url = "https://open.feishu.cn/document/server-docs/getting-started/server-error-codes"
format = "markdown"
path = "feishu.md"
rows = 2

[[source]]
id = "wecom-mini"
platform = "wecom"
title = "企业微信 全局错误码"
url = "https://developer.work.weixin.qq.com/document/path/90313"
format = "markdown"
path = "wecom.md"
rows = 2
-- feishu.md --
| 错误码 | 错误说明 | 排查方法 |
| --- | --- | --- |
| 99991663 | tenant access token 无效 | 重新获取 tenant_access_token |
| 99991668 | user access token 无效 | 重新获取 user_access_token |
-- wecom.md --
| 错误码 | 错误说明 | 排查方法 |
| --- | --- | --- |
| 40014 | 不合法的access_token | 检查 access_token |
| 99991663 | 企业微信没有这个码，测试用 | 无 |
`

// TestFeishuPlatform builds a site with a fourth platform from
// feishuContent and checks, in the browser, that the search knows it
// (its words filter, its results have its names), that the home page
// lists it and that its badge has its colour.
func TestFeishuPlatform(t *testing.T) {
	f := setup(t)
	cat, _, err := load(loadtest.Write(t, feishuContent))
	require.NoError(t, err)
	site, err := render.Files(cat, render.Options{Templates: templates.FS, Static: static.FS})
	require.NoError(t, err)
	require.Contains(t, site, "feishu/99991663/index.html")
	srv := newSiteServer(t, site, nil) // as errdex serve serves it
	m := mode{name: "feishu", base: srv.URL + "/"}
	tab := f.tab(t, "feishu")

	t.Run("search", func(t *testing.T) {
		searchPage(t, tab, m)
		for _, q := range []string{"飞书 99991663", "feishu 99991663", "Lark 99991663", "飞书99991663"} {
			got, err := typeQuery(tab, q)
			require.NoError(t, err, q)
			assert.Equal(t, []string{"feishu/99991663"}, got, q)
		}
		got, err := typeQuery(tab, "99991663")
		require.NoError(t, err)
		assert.Equal(t, []string{"feishu/99991663", "wecom/99991663"}, got, "platform order of the table")
		badge, err := eval[[]string](tab, `(() => { const b = document.querySelector('#results li[data-platform="feishu"] .badge'); return [b.textContent, b.title]; })()`)
		require.NoError(t, err)
		assert.Equal(t, []string{"飞书", "Feishu"}, badge)
	})

	t.Run("a filter that widens names the platform", func(t *testing.T) {
		// Before the script got its platforms from the table, a platform it
		// did not know left the page at "Searching…" here.
		searchPage(t, tab, m)
		got, err := typeQuery(tab, "飞书 40014")
		require.NoError(t, err)
		assert.Equal(t, []string{"wecom/40014"}, got)
		status, err := eval[string](tab, `document.getElementById("results-status").textContent`)
		require.NoError(t, err)
		assert.Contains(t, status, "(none on Feishu; showing other platforms)")
	})

	t.Run("enter goes to the code page", func(t *testing.T) {
		openPage(t, tab, m, "")
		require.NoError(t, typeKeys(tab, "q-home", "suggest-home", "feishu 99991663"))
		require.NoError(t, browse(tab, 5*time.Second, chromedp.KeyEvent("\r")))
		_, err := location(tab, "/feishu/99991663/")
		require.NoError(t, err)
		require.NoError(t, browse(tab, 10*time.Second, waitFor(`document.querySelector("h1") !== null`)))
		h1, err := eval[string](tab, `document.querySelector("h1").textContent`)
		require.NoError(t, err)
		assert.Contains(t, h1, "Feishu 99991663")
	})

	t.Run("home lists it, badge has its colour", func(t *testing.T) {
		openPage(t, tab, m, "")
		type card struct{ Text, Href, Background string }
		cards, err := eval[[]card](tab, `Array.from(document.querySelectorAll("#main .card a")).map(a => ({
			Text: a.textContent.replace(/\s+/g, " ").trim(), Href: a.getAttribute("href"),
			Background: getComputedStyle(a.querySelector(".badge")).backgroundColor }))`)
		require.NoError(t, err)
		require.Len(t, cards, 3)
		assert.Equal(t, card{Text: "飞书 Feishu", Href: "feishu/", Background: "rgb(36, 91, 219)"}, cards[1])
		assert.Equal(t, "rgb(26, 102, 201)", cards[2].Background, "WeCom keeps its colour")
		nav, err := eval[[]string](tab, `Array.from(document.querySelectorAll(".platform-nav a")).map(a => a.textContent.replace(/\s+/g, " ").trim())`)
		require.NoError(t, err)
		assert.Equal(t, []string{"钉钉 DingTalk", "飞书 Feishu", "企业微信 WeCom"}, nav)
	})
}
