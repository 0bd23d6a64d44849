package errdex

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestChangesWeCom runs the codes the older WeCom capture and the 2023 page
// word differently, as the snapshots write them (before the adapters repair
// split cells), through Merge and checks how each changed.
func TestChangesWeCom(t *testing.T) {
	tests := []struct {
		code     string
		old, new string
		want     ChangeKind // "" for no change
	}{
		{"40007", "不合法的media_id参数", "不合法的 media*id 参数", ""}, // Markdown escape, unescaped
		{"40068", "不合法的标签ID", "不合法的标签/标签组", ChangeReworded},
		{"40086", "不合法的第三方应用appid", "不合法的第三方应用", ChangeReworded},
		{"40088", "jobid不存在", "jobid 不存在 请检查", ChangeReworded},
		{"40093", "不合法的jsapi_ticket参数", "jsapi 签名错误", ChangeMeaning},
		{"41006", "缺少media_id参数", "缺少 media_id", ChangeReworded},
		{"43004", "指定的userid未绑定微信或未关注微信插件", "指定的 userid 未绑定微信或未关注微信插件(原企业号)", ChangeReworded},
		{"48003", "不合法的suite_id", "不合法的 suite_id 确认 suite_access_token", ChangeReworded},
		{"60020", "访问ip不在白名单之中", "不安全的访问 IP", ChangeReworded},
		{"81011", "无权限操作标签", "无权限操作标签 查看帮助", ChangeReworded},
		{"81013", "UserID、部门ID、标签ID全部非法或无权限", "UserID、部门 ID、标签 ID", ChangeReworded},
		{"82001", "指定的成员/部门/标签全部无效", "指定的成员/部门/标签全部为空", ChangeMeaning},
		{"84024", "无注册信息", "无注册信息 查看帮助", ChangeReworded},
		{"85005", "可信域名未通过所有权校验", "可信域名未通过所有权校验 查看帮助", ChangeReworded},
		{"91040", "获取ticket的类型无效", "获取 ticket 的类型无效 查看帮助", ChangeReworded},
		{"40014", "不合法的access_token", "不合法的 access_token", ""},
		{"45024", "帐号数量超过上限", "账号数量超过上限", ""},
	}
	var rows []row
	for i, tt := range tests {
		rows = append(rows,
			row{srcWeComOld, 10 + i, "", tt.code, "", "", tt.old, ""},
			row{srcWeComNew, 100 + i, "", tt.code, "", "", tt.new, ""})
	}
	cat := Merge(harvests(rows...))
	got := map[string]Change{}
	for _, c := range cat.Changes {
		require.NotContains(t, got, c.Code, "one change per code")
		got[c.Code] = c
	}
	for i, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			c, ok := got[tt.code]
			if tt.want == "" {
				assert.False(t, ok, "no change expected, got %+v", c)
				return
			}
			require.True(t, ok)
			assert.Equal(t, Change{
				Platform: WeCom, Code: tt.code, Kind: tt.want,
				From: SourceRef{"wecom-global-older", 10 + i}, To: SourceRef{"wecom-global-2023", 100 + i},
				Old: tt.old, New: tt.new,
			}, c)
		})
	}
	// The README counts 14 codes worded differently in the raw snapshots;
	// the Markdown escape of 40007 is formatting, not wording.
	assert.Len(t, cat.Changes, 14)
}

func TestDiffCode(t *testing.T) {
	old := func(line int, zh string) Entry {
		return Entry{Source: "old", Line: line, Platform: WeCom, Code: "301025", ZH: zh}
	}
	cur := func(line int, zh string) Entry {
		return Entry{Source: "new", Line: line, Platform: WeCom, Code: "301025", ZH: zh}
	}
	scoped := func(e Entry, scope string) Entry { e.Scope = scope; return e }
	withFix := func(e Entry, fix string) Entry { e.Fix = fix; return e }
	k := Key{WeCom, "301025"}
	change := func(kind ChangeKind, from, to int, o, n string) Change {
		return Change{Platform: WeCom, Code: "301025", Kind: kind,
			From: SourceRef{"old", from}, To: SourceRef{"new", to}, Old: o, New: n}
	}
	tests := []struct {
		name string
		o, n []Entry
		want []Change
	}{
		{"neither", nil, nil, nil},
		{"added", nil, []Entry{cur(5, "应用不存在")},
			[]Change{change(ChangeAdded, 0, 5, "", "应用不存在")}},
		{"removed", []Entry{old(3, "应用不存在")}, nil,
			[]Change{change(ChangeRemoved, 3, 0, "应用不存在", "")}},
		{"unchanged but for spaces", []Entry{old(3, "不合法的UserID")}, []Entry{cur(5, "不合法的 UserID")}, nil},
		{"reworded", []Entry{old(3, "缺少media_id参数")}, []Entry{cur(5, "缺少 media_id")},
			[]Change{change(ChangeReworded, 3, 5, "缺少media_id参数", "缺少 media_id")}},
		{"changed", []Entry{old(3, "不合法的jsapi_ticket参数")}, []Entry{cur(5, "jsapi 签名错误")},
			[]Change{change(ChangeMeaning, 3, 5, "不合法的jsapi_ticket参数", "jsapi 签名错误")}},
		{"listed twice in the newer, once unchanged",
			[]Entry{old(3, "部门不存在")}, []Entry{cur(5, "部门不存在"), cur(6, "部门ID不合法")},
			[]Change{change(ChangeAdded, 0, 6, "", "部门ID不合法")}},
		{"listed twice in the newer, the unchanged one second",
			[]Entry{old(3, "部门不存在")}, []Entry{cur(5, "部门ID不合法"), cur(6, "部门不存在")},
			[]Change{change(ChangeAdded, 0, 5, "", "部门ID不合法")}},
		{"an exact match wins over a rewording",
			[]Entry{old(3, "缺少media_id参数")}, []Entry{cur(5, "缺少 media_id"), cur(6, "缺少 media_id 参数")},
			[]Change{change(ChangeAdded, 0, 5, "", "缺少 media_id")}},
		{"two rows each way",
			[]Entry{old(3, "不合法的jsapi_ticket参数"), old(4, "缺少media_id参数")},
			[]Entry{cur(5, "jsapi 签名错误"), cur(6, "缺少 media_id")},
			[]Change{
				change(ChangeMeaning, 3, 5, "不合法的jsapi_ticket参数", "jsapi 签名错误"),
				change(ChangeReworded, 4, 6, "缺少media_id参数", "缺少 media_id"),
			}},
		{"other scopes do not pair",
			[]Entry{scoped(old(3, "应用不存在"), "a")}, []Entry{scoped(cur(5, "应用不存在"), "b")},
			[]Change{change(ChangeRemoved, 3, 0, "应用不存在", ""), change(ChangeAdded, 0, 5, "", "应用不存在")}},
		{"same message, another fix",
			[]Entry{withFix(old(3, "获取打卡记录时间间隔超限"), "间隔少于93天")},
			[]Entry{withFix(cur(5, "获取打卡记录时间间隔超限"), "间隔少于一个月")},
			[]Change{change(ChangeFix, 3, 5, "间隔少于93天", "间隔少于一个月")}},
		{"the newer page dropped the fix",
			[]Entry{withFix(old(3, "不合法的子菜单级数"), "长度应不超过60个字节")},
			[]Entry{cur(5, "不合法的子菜单级数")},
			[]Change{change(ChangeFix, 3, 5, "长度应不超过60个字节", "")}},
		{"the same fix in other spacing is no change",
			[]Entry{withFix(old(3, "不合法的UserID"), "确认userid")},
			[]Entry{withFix(cur(5, "不合法的 UserID"), "确认 userid")}, nil},
		{"English only", []Entry{{Source: "old", Line: 3, EN: "Missing media_id parameter"}},
			[]Entry{{Source: "new", Line: 5, EN: "The lack of media_id Parameters"}},
			[]Change{change(ChangeReworded, 3, 5, "Missing media_id parameter", "The lack of media_id Parameters")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := diffCode(k, "old", "new", tt.o, tt.n, Compare)
			assert.ElementsMatch(t, tt.want, got)
		})
	}
}

// TestChangesOnlySupersededPairs: only a source and the one it supersedes
// are compared, and the order of harvests does not matter.
func TestChangesOnlySupersededPairs(t *testing.T) {
	rows := []row{
		{srcWeComOld, 3, "", "40093", "", "", "不合法的jsapi_ticket参数", ""},
		{srcWeComNew, 78, "", "40093", "", "", "jsapi 签名错误", ""},
		{srcWeComNew, 20, "", "6000", "", "", "数据版本冲突", ""},
		{srcWeComOld, 4, "", "40094", "", "", "不合法的URL", ""},
		// not a snapshot of the WeCom page: never a change
		{srcOA, 361, WeCom, "40093", "", "Work WeChat", "不合法的跳转target", "Invalid redirect target"},
		{srcOA, 362, WeCom, "40095", "", "Work WeChat", "修改失败,并发冲突", "Edit failed. Concurrency conflict."},
	}
	want := []Change{
		{Platform: WeCom, Code: "6000", Kind: ChangeAdded, From: SourceRef{"wecom-global-older", 0},
			To: SourceRef{"wecom-global-2023", 20}, New: "数据版本冲突"},
		{Platform: WeCom, Code: "40093", Kind: ChangeMeaning, From: SourceRef{"wecom-global-older", 3},
			To: SourceRef{"wecom-global-2023", 78}, Old: "不合法的jsapi_ticket参数", New: "jsapi 签名错误"},
		{Platform: WeCom, Code: "40094", Kind: ChangeRemoved, From: SourceRef{"wecom-global-older", 4},
			To: SourceRef{"wecom-global-2023", 0}, Old: "不合法的URL"},
	}
	for _, order := range [][]int{{0, 1, 2, 3, 4, 5}, {5, 4, 3, 2, 1, 0}, {2, 4, 0, 5, 1, 3}} {
		var rs []row
		for _, i := range order {
			rs = append(rs, rows[i])
		}
		assert.Equal(t, want, Merge(harvests(rs...)).Changes, "order %v", order)
	}
}

// TestSupersededFillsNothing: a newer snapshot's empty fix is not filled
// from the snapshot it supersedes (40026); the older wording stays, marked
// as history.
func TestSupersededFillsNothing(t *testing.T) {
	newer := Source{ID: "new", Platform: WeCom, Supersedes: "old"}
	older := Source{ID: "old", Platform: WeCom}
	cat := Merge([]Harvest{
		{Source: newer, Rows: 1, Entries: []Entry{{Source: "new", Line: 9, Platform: WeCom, Code: "40026", ZH: "不合法的子菜单级数"}}},
		{Source: older, Rows: 1, Entries: []Entry{{Source: "old", Line: 4, Platform: WeCom, Code: "40026", ZH: "不合法的子菜单级数", Fix: "长度应不超过60个字节"}}},
	})
	c := cat.Lookup(WeCom, "40026")
	require.Len(t, c.Meanings, 1)
	m := c.Meanings[0]
	assert.Empty(t, m.Fix, "the current page gives no fix")
	require.Len(t, m.Wordings, 2)
	assert.False(t, m.Wordings[0].Superseded)
	assert.True(t, m.Wordings[1].Superseded)
	assert.Equal(t, "长度应不超过60个字节", m.Wordings[1].Fix)
	require.Len(t, cat.Changes, 1)
	assert.Equal(t, ChangeFix, cat.Changes[0].Kind)
}
