package main

import (
	"os"
	"path/filepath"
	"testing"

	"errdex"
	"errdex/load"
	"errdex/load/loadtest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// genSite is a content tree with what gen reads: the capture it repeats
// (under its shipped name and id, with two scoped sections, a rows count
// the copies must not keep) and another source whose codes stay single.
const genSite = `
-- sources.toml --
[[source]]
id = "wecom-global"
platform = "wecom"
title = "企业微信 全局错误码"
format = "tsv"
path = "wecom.tsv"

[[source]]
id = "wechat-oplatform-2025"
platform = "wechat"
title = "微信开放平台 错误码"
url = "https://developers.weixin.qq.com/doc/oplatform/"
format = "tsv"
path = "wechat-oplatform-errcode-2025.tsv"
rows = 3

[source.scopes]
"公共错误码" = { scope = "" }
"视频号" = { scope = "channels" }
-- wecom.tsv --
错误码	错误说明
40001	不合法的 secret 参数
40014	不合法的 access_token
-- wechat-oplatform-errcode-2025.tsv --
公共错误码
错误码	英文描述	中文描述
-1	system error	系统繁忙
40001	invalid credential	获取 access_token 时 AppSecret 错误

视频号
错误码	英文描述	中文描述
10020	product not found	商品不存在
`

// genFrom runs gen on the content tree for extra codes more than it holds,
// and returns the catalogs before and after.
func genFrom(t *testing.T, content string, extra int) (base, got *errdex.Catalog) {
	t.Helper()
	b, err := load.Read(os.DirFS(content))
	require.NoError(t, err)
	out := filepath.Join(t.TempDir(), "content")
	require.NoError(t, run(content, out, len(b.Catalog.Codes)+extra))
	c, err := load.Read(os.DirFS(out))
	require.NoError(t, err)
	return b.Catalog, c.Catalog
}

// TestGen makes synthetic content and loads it: the copies add new codes
// (renumbered, none merged with an existing one, in the capture's scopes),
// and the catalog holds at least the codes asked for.
func TestGen(t *testing.T) {
	content := loadtest.Write(t, genSite)
	t.Run("no copy needed", func(t *testing.T) {
		base, got := genFrom(t, content, 0)
		require.Len(t, base.Codes, 5)
		assert.Len(t, got.Codes, 5)
	})
	t.Run("two copies", func(t *testing.T) {
		base, got := genFrom(t, content, 3+1) // 3 codes a copy
		assert.Len(t, got.Codes, len(base.Codes)+2*3)
		for _, k := range []string{"9001", "9002"} {
			assert.NotNil(t, got.Lookup(errdex.WeChat, k+"40001"), "copy %s renumbers 40001", k)
			assert.NotNil(t, got.Lookup(errdex.WeChat, "-"+k+"1"), "copy %s renumbers -1", k)
			c := got.Lookup(errdex.WeChat, k+"10020")
			require.NotNil(t, c, "copy %s renumbers 10020", k)
			assert.Equal(t, "channels", c.Meanings[0].Wordings[0].Scope, "the copy keeps the capture's scopes")
		}
		assert.Nil(t, got.Lookup(errdex.WeChat, "900340001"), "no third copy")
		assert.Nil(t, got.Lookup(errdex.WeCom, "900140001"), "only the capture is copied")
	})
	// bench/scale.sh runs gen on the shipped content, and gen names the
	// capture it repeats by its shipped file: this case keeps them in step.
	t.Run("the shipped content", func(t *testing.T) {
		if testing.Short() {
			t.Skip("loads the shipped content three times")
		}
		base, got := genFrom(t, "../../content", 1)
		assert.Greater(t, len(got.Codes), len(base.Codes))
		assert.NotNil(t, got.Lookup(errdex.WeChat, "900140001"), "copy 1 renumbers 40001")
	})
	t.Run("existing output", func(t *testing.T) {
		assert.Error(t, run(content, t.TempDir(), 10))
	})
	t.Run("no capture", func(t *testing.T) {
		dir := loadtest.Write(t, `
-- sources.toml --
[[source]]
id = "wecom-global"
platform = "wecom"
title = "企业微信 全局错误码"
format = "tsv"
path = "wecom.tsv"
-- wecom.tsv --
错误码	错误说明
40001	不合法的 secret 参数
`)
		err := run(dir, filepath.Join(t.TempDir(), "out"), 10)
		require.Error(t, err)
		assert.Contains(t, err.Error(), capture)
	})
}
