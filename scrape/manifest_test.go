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
