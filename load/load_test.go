package load_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"errdex"
	"errdex/load"
	"errdex/load/loadtest"
)

// TestReadGlossaryPerSource: a glossary cleans the sources that name it in
// the manifest, whatever their platform, and no other.
func TestReadGlossaryPerSource(t *testing.T) {
	c, err := load.Read(loadtest.FS(`
-- sources.toml --
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
-- g.toml --
[[term]]
from = "Nail"
to = "DingTalk"
whole_word = true
-- a.tsv --
code	errmsg
1	Nail error
-- b.tsv --
code	errmsg
2	Nail error
`))
	require.NoError(t, err)
	clean, raw := c.Catalog.Lookup(errdex.WeChat, "1"), c.Catalog.Lookup(errdex.DingTalk, "2")
	require.NotNil(t, clean)
	require.NotNil(t, raw)
	assert.Equal(t, "DingTalk error", clean.Meanings[0].EN)
	assert.Equal(t, "Nail error", raw.Meanings[0].EN, "a source without glossary is left as it is")
}

// TestRead: what load.Read makes of small content trees, each stated in
// full.
func TestRead(t *testing.T) {
	t.Run("errata correct a row", func(t *testing.T) {
		c, err := load.Read(loadtest.FS(`
-- sources.toml --
[[source]]
id = "wecom"
platform = "wecom"
title = "企业微信 全局错误码"
format = "markdown"
path = "wecom.md"
-- wecom.md --
| 错误码 | 错误说明 | 排查方法 |
| --- | --- | --- |
| 40068 | 不合法的标签/标签组 | ID 标签/标签组 ID 未指定 |
-- errata.toml --
[[erratum]]
source = "wecom"
line = 3
code = "40068"
zh = "不合法的标签/标签组 ID"
fix = "标签/标签组 ID 未指定"
reason = "the capture moved the cell boundary"
`))
		require.NoError(t, err)
		require.Len(t, c.Errata, 1)
		code := c.Catalog.Lookup(errdex.WeCom, "40068")
		require.NotNil(t, code)
		require.Len(t, code.Meanings, 1)
		assert.Equal(t, "不合法的标签/标签组 ID", code.Meanings[0].ZH)
		assert.Nil(t, c.Thesaurus, "no thesaurus.toml")
		assert.Empty(t, c.Reviews, "no reviews.toml")
	})
	t.Run("a platform from the manifest", func(t *testing.T) {
		c, err := load.Read(loadtest.FS(`
-- sources.toml --
[[platform]]
id = "feishu"
name = "Feishu"
name_zh = "飞书"
color = "#245bdb"
color_dark = "#7fa6ff"

[[source]]
id = "feishu-server"
platform = "feishu"
title = "飞书 服务端错误码"
format = "markdown"
path = "feishu.md"
-- feishu.md --
| 错误码 | 错误说明 |
| --- | --- |
| 99991663 | tenant access token 无效 |
`))
		require.NoError(t, err)
		require.NotNil(t, c.Catalog.Lookup("feishu", "99991663"))
		assert.Equal(t, []errdex.Platform{"feishu"}, c.Catalog.Platforms.IDs(), "the manifest's table replaces the default one")
	})
	t.Run("an erratum of a row that is not there", func(t *testing.T) {
		_, err := load.Read(loadtest.FS(`
-- sources.toml --
[[source]]
id = "wecom"
platform = "wecom"
title = "企业微信 全局错误码"
format = "markdown"
path = "wecom.md"
-- wecom.md --
| 错误码 | 错误说明 |
| --- | --- |
| 40001 | 不合法的 secret 参数 |
-- errata.toml --
[[erratum]]
source = "wecom"
line = 9
code = "40001"
zh = "x"
reason = "y"
`))
		require.Error(t, err)
		assert.True(t, strings.HasPrefix(err.Error(), "errata.toml:1: no row of wecom at line 9"), err.Error())
	})
	t.Run("a glossary that is missing", func(t *testing.T) {
		_, err := load.Read(loadtest.FS(`
-- sources.toml --
[[source]]
id = "ding"
platform = "dingtalk"
format = "tsv"
path = "b.tsv"
glossary = "g.toml"
-- b.tsv --
code	errmsg
2	Nail error
`))
		require.Error(t, err)
		assert.Contains(t, err.Error(), "g.toml")
		assert.Contains(t, err.Error(), `the glossary of source "ding"`)
	})
}
