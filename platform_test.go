package errdex

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestContrast(t *testing.T) {
	assert.InDelta(t, 21, Contrast("#000000", "#ffffff"), 0.01)
	assert.InDelta(t, 1, Contrast("#777777", "#777777"), 0.01)
	assert.InDelta(t, 4.54, Contrast("#767676", "#ffffff"), 0.01)
	assert.Zero(t, Contrast("red", "#ffffff"))
}

// TestDefaultPlatforms keeps the built-in table valid and its colours AA
// on the badge text of both schemes.
func TestDefaultPlatforms(t *testing.T) {
	d := DefaultPlatforms()
	require.NoError(t, d.Validate())
	assert.Equal(t, []Platform{DingTalk, WeChat, WeCom}, d.IDs())
	for _, p := range d {
		assert.GreaterOrEqual(t, Contrast(p.Color, BadgeText), MinContrast, p.ID)
		assert.GreaterOrEqual(t, Contrast(p.ColorDark, BadgeTextDark), MinContrast, p.ID)
	}
	assert.Equal(t, "企业微信", d.Info(WeCom).NameZH)
	assert.Equal(t, "feishu", d.Info("feishu").Name, "a platform not in the table is named by its id")
	d[0].Name = "changed"
	assert.Equal(t, "DingTalk", DefaultPlatforms()[0].Name, "each call gets its own table")
}

func TestPlatformTableValidate(t *testing.T) {
	ok := PlatformInfo{ID: "feishu", Name: "Feishu", NameZH: "飞书", Color: "#245bdb", ColorDark: "#7fa6ff"}
	for _, tc := range []struct {
		name   string
		mutate func(*PlatformInfo)
		want   string
	}{
		{"upper-case id", func(p *PlatformInfo) { p.ID = "Feishu" }, "lower-case"},
		{"no Chinese name", func(p *PlatformInfo) { p.NameZH = "" }, "name_zh"},
		{"bad colour", func(p *PlatformInfo) { p.Color = "blue" }, "#rrggbb"},
		{"light on white", func(p *PlatformInfo) { p.Color = "#7fa6ff" }, "make it darker"},
		{"dark on dark", func(p *PlatformInfo) { p.ColorDark = "#245bdb" }, "make it lighter"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := ok
			tc.mutate(&p)
			err := PlatformTable{p}.Validate()
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
	require.NoError(t, PlatformTable{ok}.Validate())
	assert.Error(t, PlatformTable{ok, ok}.Validate(), "twice")
	assert.Error(t, PlatformTable{}.Validate(), "empty")
}

// TestMergeWithPlatforms: codes sort, and a number's codes on several
// platforms list, in the table's order.
func TestMergeWithPlatforms(t *testing.T) {
	table := PlatformTable{
		{ID: WeCom, Name: "WeCom", NameZH: "企业微信", Color: "#1a66c9", ColorDark: "#6ea8ff"},
		{ID: "feishu", Name: "Feishu", NameZH: "飞书", Color: "#245bdb", ColorDark: "#7fa6ff"},
	}
	hs := []Harvest{
		{Source: Source{ID: "f", Platform: "feishu"}, Entries: []Entry{{Source: "f", Platform: "feishu", Code: "1", ZH: "飞书"}}},
		{Source: Source{ID: "w", Platform: WeCom}, Entries: []Entry{{Source: "w", Platform: WeCom, Code: "1", ZH: "企业微信"}}},
	}
	cat := Merge(hs, WithPlatforms(table))
	require.Len(t, cat.Codes, 2)
	assert.Equal(t, []Platform{WeCom, "feishu"}, []Platform{cat.Codes[0].Platform, cat.Codes[1].Platform})
	assert.Equal(t, table, cat.PlatformTable())
	require.Len(t, cat.Codes[0].Elsewhere, 1)
	assert.Equal(t, Platform("feishu"), cat.Codes[0].Elsewhere[0].Platform)
	assert.Equal(t, DefaultPlatforms(), Merge(hs).PlatformTable())
}
