package scrape

import (
	"testing"
	"testing/fstest"

	"errdex"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const feishuSource = `
[[source]]
id = "s"
platform = "feishu"
format = "tsv"
path = "s.tsv"
glossary = "g.toml"
`

const feishuPlatform = `
[[platform]]
id = "feishu"
name = "Feishu"
name_zh = "飞书"
words = ["lark"]
color = "#245bdb"
color_dark = "#7fa6ff"
`

func loadManifestText(text string) (*Manifest, error) {
	return LoadManifest(fstest.MapFS{"sources.toml": {Data: []byte(text)}}, "sources.toml")
}

func TestManifestPlatforms(t *testing.T) {
	t.Run("a table", func(t *testing.T) {
		m, err := loadManifestText(feishuPlatform + feishuSource)
		require.NoError(t, err)
		assert.Equal(t, errdex.PlatformTable{{ID: "feishu", Name: "Feishu", NameZH: "飞书", Words: []string{"lark"}, Color: "#245bdb", ColorDark: "#7fa6ff"}}, m.Platforms)
		require.Len(t, m.Sources, 1)
		assert.Equal(t, errdex.Platform("feishu"), m.Sources[0].Platform)
		assert.Equal(t, "g.toml", m.Sources[0].Glossary)
	})
	t.Run("none: the built-in three", func(t *testing.T) {
		m, err := loadManifestText(`
[[source]]
id = "s"
platform = "wecom"
format = "tsv"
path = "s.tsv"
`)
		require.NoError(t, err)
		assert.Equal(t, errdex.DefaultPlatforms(), m.Platforms)
		assert.Empty(t, m.Sources[0].Glossary)
	})
	for _, tc := range []struct{ name, text, want string }{
		{"a platform the table lacks", feishuSource, `unknown platform "feishu": use one of dingtalk, wechat, wecom`},
		{"low contrast", `[[platform]]
id = "feishu"
name = "Feishu"
name_zh = "飞书"
color = "#7fa6ff"
color_dark = "#7fa6ff"
` + feishuSource, `color #7fa6ff has a contrast of`},
		{"two words", `[[platform]]
id = "feishu"
name = "Feishu"
name_zh = "飞书"
words = ["open platform"]
color = "#245bdb"
color_dark = "#7fa6ff"
` + feishuSource, `word "open platform"`},
		{"a path of the site", `[[platform]]
id = "search"
name = "S"
name_zh = "搜"
color = "#245bdb"
color_dark = "#7fa6ff"
` + feishuSource, `the site uses /search/`},
		{"an unknown key", `[[platform]]
id = "feishu"
colour = "#245bdb"
` + feishuSource, `unknown key "platform.colour"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := loadManifestText(tc.text)
			require.Error(t, err)
			assert.Contains(t, err.Error(), "sources.toml")
			assert.Contains(t, err.Error(), tc.want)
		})
	}
}

func TestManifestLinks(t *testing.T) {
	t.Run("platform links, site report and source kinds", func(t *testing.T) {
		m, err := loadManifestText(`
[site]
report = "https://example.com/issues/new?title={title}&body={url}"

[[platform]]
id = "wecom"
name = "WeCom"
name_zh = "企业微信"
color = "#1a66c9"
color_dark = "#6ea8ff"
lookup = "https://open.work.weixin.qq.com/devtool/query?e={code}"
anchor = "https://developer.work.weixin.qq.com/document/path/90313#错误码：{code}"

[[source]]
id = "a"
platform = "wecom"
format = "tsv"
path = "a.tsv"
kind = "copy"

[[source]]
id = "b"
platform = "wecom"
format = "tsv"
path = "b.tsv"
`)
		require.NoError(t, err)
		info := m.Platforms.Info("wecom")
		assert.Equal(t, "https://open.work.weixin.qq.com/devtool/query?e=60011", info.LookupURL("60011"))
		assert.Equal(t, "https://developer.work.weixin.qq.com/document/path/90313#错误码：-1", info.AnchorURL("-1"))
		assert.Equal(t, "https://example.com/issues/new?title=WeCom+60011&body=https%3A%2F%2Fx.org%2Fwecom%2F60011%2F", m.Site.ReportURL("WeCom 60011", "https://x.org/wecom/60011/"))
		require.Len(t, m.Sources, 2)
		assert.False(t, m.Sources[0].Official())
		assert.True(t, m.Sources[1].Official())
	})
	t.Run("none configured", func(t *testing.T) {
		m, err := loadManifestText(feishuPlatform + feishuSource)
		require.NoError(t, err)
		assert.Empty(t, m.Site.ReportURL("t", "u"))
		assert.Empty(t, m.Platforms.Info("feishu").LookupURL("1"))
	})
	for _, tc := range []struct{ name, text, want string }{
		{"a lookup without {code}", `[[platform]]
id = "feishu"
name = "Feishu"
name_zh = "飞书"
color = "#245bdb"
color_dark = "#7fa6ff"
lookup = "https://open.feishu.cn/lookup"
` + feishuSource, `lookup: "https://open.feishu.cn/lookup" lacks {code}`},
		{"a relative report URL", `[site]
report = "/issues/new"
` + feishuPlatform + feishuSource, `[site] report: "/issues/new" is not an absolute http(s) URL`},
		{"an unknown kind", feishuPlatform + feishuSource + `kind = "mirror"
`, `kind "mirror": use "official"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := loadManifestText(tc.text)
			require.Error(t, err)
			assert.Contains(t, err.Error(), "sources.toml")
			assert.Contains(t, err.Error(), tc.want)
		})
	}
}
