package errdex

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestThesaurus(t *testing.T) {
	th := &Thesaurus{Groups: []TermGroup{
		{Terms: []string{"chatid", "会话ID"}},
		{Terms: []string{"群主", "会话管理员", "chat owner"}},
		{Terms: []string{"客服", "custom service", "客服帐号", "custom service account"}},
	}}
	with := newComparer(th.compile(), nil)
	without := newComparer(nil, nil)
	tests := []struct {
		name          string
		a, b          Text
		with, without Verdict
	}{
		{"identifier and Chinese name", Text{ZH: "参数 需要 chatid"}, Text{ZH: "缺少会话ID"}, Same, Unknown},
		{"old and new vocabulary", Text{ZH: "参数 群主不合法"}, Text{ZH: "不合法的会话管理员"}, Same, Unknown},
		{"across languages", Text{EN: "invalid custom service account"}, Text{ZH: "无效客服帐号"}, Same, Unknown},
		{"a real substitution stays", Text{ZH: "不合法的按钮个数"}, Text{ZH: "不合法的按钮类型"}, Different, Different},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.with, with.compare(tt.a, tt.b), "with the thesaurus")
			assert.Equal(t, tt.with, with.compare(tt.b, tt.a), "with the thesaurus, swapped")
			assert.Equal(t, tt.without, without.compare(tt.a, tt.b), "without")
		})
	}
}

func TestThesaurusUnused(t *testing.T) {
	th := &Thesaurus{Groups: []TermGroup{
		{Terms: []string{"chatid", "会话ID"}, Line: 3},
		{Terms: []string{"avatar", "头像", "icon"}, Line: 7},
		{Terms: []string{"permanent_code", "永久授权码"}, Line: 11},
		{Terms: []string{"contact assistant", "通讯录同步助手"}, Line: 15},
	}}
	src := Source{ID: "s", Platform: WeCom}
	seen := Source{ID: "seen", Platform: WeCom, Format: "responses"}
	cat := Merge([]Harvest{{Source: src, Rows: 2, Entries: []Entry{
		{Source: "s", Line: 1, Platform: WeCom, Code: "86201", ZH: "参数 需要 chatid"},
		{Source: "s", Line: 2, Platform: WeCom, Code: "86202", ZH: "缺少会话ID", EN: "Missing ChatID"},
		{Source: "s", Line: 3, Platform: WeCom, Code: "40061", ZH: "设置头像失败"},
		{Source: "s", Line: 4, Platform: WeCom, Code: "48009", ZH: "不再允许通讯录同步助手读取"},
	}}, {Source: seen, Rows: 1, Entries: []Entry{
		// A group may join a term of what the API returns with the page's.
		{Source: "seen", Line: 1, Platform: WeCom, Code: "48009", EN: "api forbidden for contact assistant, hint: [{hint}]", SeenAt: "https://example.com/1", Rule: "marks"},
	}}}, WithThesaurus(th))
	var lines []int
	for _, g := range th.Unused(cat) {
		lines = append(lines, g.Line)
	}
	// avatar/头像: only one of its terms is in use; permanent_code: none.
	assert.Equal(t, []int{7, 11}, lines)
}

func TestLexicon(t *testing.T) {
	var texts []Text
	for _, p := range [][2]string{
		{"不合法的按钮类型", "invalid button type"},
		{"不合法的按钮个数", "invalid number of buttons"},
		{"按钮名字长度超限", "button name too long"},
		{"菜单类型不合法", "invalid menu type"},
		{"文件类型不合法", "invalid file type"},
		{"不合法的文件大小", "invalid file size"},
		{"不合法的appid", "invalid appid"},
		{"缺少appid参数", "missing appid"},
		{"appid不存在", "appid does not exist"},
	} {
		texts = append(texts, Text{ZH: p[0], EN: p[1]})
	}
	lex := mineLexicon(texts, nil)
	assert.Contains(t, lex.zh["button"], "按钮")
	assert.Contains(t, lex.zh["type"], "类型")
	assert.NotContains(t, lex.zh, "appid", "an identifier the Chinese writes as it is is never translated")
	c := newComparer(nil, lex)
	assert.Equal(t, Same, c.compare(Text{EN: "invalid button type"}, Text{ZH: "按钮类型不合法"}))
	assert.NotEqual(t, Same, c.compare(Text{EN: "invalid button type"}, Text{ZH: "不合法的按钮个数"}))
}
