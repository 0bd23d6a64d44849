package scrape

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestClean(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"full-width letters and digits", "ＡＰＩ调用超过１０次", "API调用超过10次"},
		{"chinese punctuation kept", "系统繁忙，此时请开发者稍候再试：稍后（3次）", "系统繁忙，此时请开发者稍候再试：稍后（3次）"},
		{"ideographic space", "不合法的　access_token", "不合法的 access_token"},
		{"white space", "  a \t b\n c  ", "a b c"},
		{"html entity", "不能含有 :?*\"<>&#124; 等字符", "不能含有 :?*\"<>| 等字符"},
		{"markdown escape", `media\_id \[x\]`, "media_id [x]"},
		{"unicode escape kept", `不能包含\uxxxx 格式的字符`, `不能包含\uxxxx 格式的字符`},
	} {
		t.Run(tc.name, func(t *testing.T) { assert.Equal(t, tc.want, clean(tc.in)) })
	}
}

func TestFixText(t *testing.T) {
	for _, tc := range []struct {
		in   string
		fix  string
		help bool
	}{
		{"-", "", false}, {"nothing .", "", false}, {"查看帮助", "", true}, {"", "", false},
		{"建议重试", "建议重试", false},
	} {
		t.Run(tc.in, func(t *testing.T) {
			fix, help := fixText(tc.in)
			assert.Equal(t, tc.fix, fix)
			assert.Equal(t, tc.help, help)
		})
	}
}

func TestStripDebris(t *testing.T) {
	assert.Equal(t, "WeCom", stripDebris("WeCom/td>"))
	assert.Equal(t, "OA Platform", stripDebris("<td>OA Platform</td>"))
}
