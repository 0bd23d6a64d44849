package errdex

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The sources of the test harvests, as the manifest describes them.
var (
	srcWeComNew = Source{ID: "wecom-global-2023", Platform: WeCom, Format: "markdown", Supersedes: "wecom-global-older"}
	srcWeComOld = Source{ID: "wecom-global-older", Platform: WeCom, Format: "tsv"}
	srcOP       = Source{ID: "wechat-oplatform-2025", Platform: WeChat, Format: "tsv"}
	srcOA       = Source{ID: "wechat-oa-global-en", Platform: WeChat, Format: "pipe"}
	srcDT       = Source{ID: "dingtalk-server-2022", Platform: DingTalk, Format: "dingtalk"}
)

// row is one test entry: the row of a snapshot, after scope mapping.
type row struct {
	src      Source
	line     int
	platform Platform // "" for the source's platform
	code     string
	scope    string
	label    string
	zh, en   string
}

func (r row) entry() Entry {
	p := r.platform
	if p == "" {
		p = r.src.Platform
	}
	return Entry{
		Source: r.src.ID, Line: r.line, Platform: p, Code: r.code,
		Scope: r.scope, ScopeLabel: r.label, ZH: r.zh, EN: r.en,
		Raw: fmt.Sprintf("%s\t%s\t%s", r.code, r.zh, r.en),
	}
}

// harvests groups rows into one harvest per source, in the order the
// sources first appear.
func harvests(rows ...row) []Harvest {
	var out []Harvest
	index := map[string]int{}
	for _, r := range rows {
		i, ok := index[r.src.ID]
		if !ok {
			i = len(out)
			index[r.src.ID] = i
			out = append(out, Harvest{Source: r.src})
		}
		out[i].Entries = append(out[i].Entries, r.entry())
		out[i].Rows++
	}
	return out
}

// fixture is a small catalog's worth of rows taken from the snapshots,
// chosen for the conflicts, variants and siblings they show.
var fixture = []row{
	// WeCom, 2023 page and older capture
	{srcWeComNew, 25, "", "40007", "", "", "不合法的 media*id 参数", ""},
	{srcWeComNew, 31, "", "40017", "", "", "不合法的按钮类型", ""},
	{srcWeComNew, 51, "", "40009", "", "", "上传图片大小不是有效值", ""},
	{srcWeComNew, 78, "", "40093", "", "", "jsapi 签名错误", ""},
	{srcWeComNew, 98, "", "41006", "", "", "缺少 media_id", ""},
	{srcWeComNew, 255, "", "60003", "", "", "部门 ID 不存在", ""},
	{srcWeComNew, 265, "", "60020", "", "", "不安全的访问 IP", ""},
	{srcWeComNew, 421, "", "82001", "", "", "指定的成员/部门/标签全部为空", ""},
	{srcWeComNew, 20, "", "6000", "", "", "数据版本冲突", ""},
	{srcWeComOld, 12, "", "40007", "", "", "不合法的media_id参数", ""},
	{srcWeComOld, 22, "", "40017", "", "", "不合法的按钮类型", ""},
	{srcWeComOld, 17, "", "40009", "", "", "上传图片大小不是有效值", ""},
	{srcWeComOld, 64, "", "40093", "", "", "不合法的jsapi_ticket参数", ""},
	{srcWeComOld, 70, "", "41006", "", "", "缺少media_id参数", ""},
	{srcWeComOld, 110, "", "60003", "", "", "部门ID不存在", ""},
	{srcWeComOld, 118, "", "60020", "", "", "访问ip不在白名单之中", ""},
	{srcWeComOld, 150, "", "82001", "", "", "指定的成员/部门/标签全部无效", ""},
	// WeChat Official Accounts page, with its rows for WeCom
	{srcOA, 1, "", "-1", "", "", "系统繁忙,此时请开发者稍候再试", "System busy. Please try again later."},
	{srcOA, 49, "", "40009", "", "", "不合法的图片文件大小", "Invalid image file size"},
	{srcOA, 81, "", "40017", "", "OA Platform", "不合法的按钮个数", "Invalid number of menu buttons"},
	{srcOA, 85, "", "40017", "open-platform", "Developer Platform", "不合法的按钮类型", "Invalid menu button type"},
	{srcOA, 361, WeCom, "40093", "", "Work WeChat", "不合法的跳转target", "Invalid redirect target"},
	{srcOA, 1705, WeCom, "60003", "", "Work WeChat", "部门不存在", "Department does not exist"},
	{srcOA, 1769, WeCom, "60020", "", "Work WeChat", "访问ip不在白名单之中", "The IP address is not on the IP whitelist."},
	// WeChat open platform page
	{srcOP, 17, "", "-1", "", "公共错误码", "系统繁忙,此时请开发者稍候再试", "system error"},
	{srcOP, 61, "", "40017", "", "通用错误码", "不合法的按钮类型", "invalid button type"},
	{srcOP, 1857, "", "-1", "shop", "微信小店", "", "system error"},
	{srcOP, 1946, "", "-1", "cloudbase", "微信云开发", "通用错误", ""},
	{srcOP, 1973, "", "-404011", "cloudbase", "微信云开发", "SDK 云函数错误:云函数调用失败:函数执行失败", ""},
	{srcOP, 1976, "", "-404011", "cloudbase", "微信云开发", "SDK 云函数错误:云函数执行失败", ""},
	{srcOP, 2003, "", "-503003", "cloudbase", "微信云开发", "云资源文件存储错误:文件不存在", ""},
	{srcOP, 2004, "", "-503003", "cloudbase", "微信云开发", "云资源文件存储错误:非法签名", ""},
	// DingTalk (English only)
	{srcDT, 8, "", "-1", "", "", "", "The system is busy"},
	{srcDT, 193, "", "40009", "", "", "", "Illegal Department id"},
	{srcDT, 236, "", "40017", "", "", "", "No one in the same enterprise as the sender was found in the conversation"},
	{srcDT, 1049, "", "60003", "", "", "", "Departments don't exist"},
}

func TestMergeConflicts(t *testing.T) {
	all := fixture
	pick := func(code string, srcs ...Source) []row {
		var out []row
		for _, r := range all {
			for _, s := range srcs {
				if r.code == code && r.src.ID == s.ID {
					out = append(out, r)
				}
			}
		}
		return out
	}
	tests := []struct {
		name     string
		rows     []row
		key      Key
		meanings int
		want     []ConflictKind
	}{
		{"two snapshots disagree (WeCom 40093)", pick("40093", srcWeComOld, srcWeComNew),
			Key{WeCom, "40093"}, 2, []ConflictKind{ConflictSources}},
		{"two snapshots and a WeChat page's WeCom row (WeCom 40093)", pick("40093", srcWeComOld, srcWeComNew, srcOA),
			Key{WeCom, "40093"}, 3, []ConflictKind{ConflictSources}},
		{"snapshots change the meaning (WeCom 82001)", pick("82001", srcWeComOld, srcWeComNew),
			Key{WeCom, "82001"}, 2, []ConflictKind{ConflictSources}},
		{"reworded, not a conflict (WeCom 41006)", pick("41006", srcWeComOld, srcWeComNew),
			Key{WeCom, "41006"}, 1, nil},
		{"equivalent phrasing, not a conflict (WeCom 60020)", pick("60020", srcWeComOld, srcWeComNew, srcOA),
			Key{WeCom, "60020"}, 1, nil},
		{"formatting only (WeCom 40007)", pick("40007", srcWeComOld, srcWeComNew),
			Key{WeCom, "40007"}, 1, nil},
		{"scopes use the number differently (WeChat 40017)", pick("40017", srcOA),
			Key{WeChat, "40017"}, 2, []ConflictKind{ConflictScopes}},
		{"and a second source agrees with one scope (WeChat 40017)", pick("40017", srcOA, srcOP),
			Key{WeChat, "40017"}, 2, []ConflictKind{ConflictScopes, ConflictSources}},
		{"one source lists a code twice (WeChat -503003)", pick("-503003", srcOP),
			Key{WeChat, "-503003"}, 2, []ConflictKind{ConflictRows}},
		{"listed twice, same meaning (WeChat -404011)", pick("-404011", srcOP),
			Key{WeChat, "-404011"}, 1, nil},
		// 通用错误 (云开发) and 系统繁忙 share nothing, but 通用 alone is too
		// little to show a different meaning: one meaning in four scopes.
		{"a section without Chinese joins by its English (WeChat -1)", pick("-1", srcOP, srcOA),
			Key{WeChat, "-1"}, 1, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.NotEmpty(t, tt.rows)
			cat := Merge(harvests(tt.rows...))
			c := cat.Lookup(tt.key.Platform, tt.key.Code)
			require.NotNil(t, c)
			assert.Len(t, c.Meanings, tt.meanings)
			assert.Equal(t, tt.want, c.Conflicts)
		})
	}
}

// TestMergeWordings: variants merge into one meaning that keeps every
// wording and every source, and takes its text from the platform's own,
// current page.
func TestMergeWordings(t *testing.T) {
	cat := Merge(harvests(fixture...))
	tests := []struct {
		key      Key
		zh, en   string
		wordings []Wording
	}{
		{Key{WeCom, "60020"}, "不安全的访问 IP", "The IP address is not on the IP whitelist.", []Wording{
			{ZH: "不安全的访问 IP", Sources: []SourceRef{{"wecom-global-2023", 265}}},
			{ZH: "访问ip不在白名单之中", Sources: []SourceRef{{"wecom-global-older", 118}}, Superseded: true},
			{ZH: "访问ip不在白名单之中", EN: "The IP address is not on the IP whitelist.", ScopeLabel: "Work WeChat",
				Sources: []SourceRef{{"wechat-oa-global-en", 1769}}},
		}},
		{Key{WeCom, "41006"}, "缺少 media_id", "", []Wording{
			{ZH: "缺少 media_id", Sources: []SourceRef{{"wecom-global-2023", 98}}},
			{ZH: "缺少media_id参数", Sources: []SourceRef{{"wecom-global-older", 70}}, Superseded: true},
		}},
		{Key{WeChat, "-404011"}, "SDK 云函数错误:云函数调用失败:函数执行失败", "", []Wording{
			{ZH: "SDK 云函数错误:云函数调用失败:函数执行失败", Scope: "cloudbase", ScopeLabel: "微信云开发",
				Sources: []SourceRef{{"wechat-oplatform-2025", 1973}}},
			{ZH: "SDK 云函数错误:云函数执行失败", Scope: "cloudbase", ScopeLabel: "微信云开发",
				Sources: []SourceRef{{"wechat-oplatform-2025", 1976}}},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.key.Code, func(t *testing.T) {
			c := cat.Lookup(tt.key.Platform, tt.key.Code)
			require.NotNil(t, c)
			require.Len(t, c.Meanings, 1)
			m := c.Meanings[0]
			assert.Equal(t, "m1", m.ID)
			assert.Equal(t, tt.zh, m.ZH)
			assert.Equal(t, tt.en, m.EN)
			assert.Equal(t, tt.wordings, m.Wordings)
			var refs []SourceRef
			for _, w := range tt.wordings {
				refs = append(refs, w.Sources...)
			}
			assert.ElementsMatch(t, refs, m.Sources)
		})
	}
}

// shuffled returns a copy of hs with the harvests and the entries of each
// in a random order.
func shuffled(r *rand.Rand, hs []Harvest) []Harvest {
	out := make([]Harvest, len(hs))
	copy(out, hs)
	for i := range out {
		out[i].Entries = append([]Entry(nil), out[i].Entries...)
		r.Shuffle(len(out[i].Entries), func(a, b int) {
			out[i].Entries[a], out[i].Entries[b] = out[i].Entries[b], out[i].Entries[a]
		})
		out[i].Skipped = append([]Skip(nil), out[i].Skipped...)
		r.Shuffle(len(out[i].Skipped), func(a, b int) {
			out[i].Skipped[a], out[i].Skipped[b] = out[i].Skipped[b], out[i].Skipped[a]
		})
	}
	r.Shuffle(len(out), func(a, b int) { out[a], out[b] = out[b], out[a] })
	return out
}

// pairHarvests turns the labeled pairs into two harvests: pair i becomes
// code "9000i" in source A and in source B, in the general scope of one
// platform, so that Merge has to decide every pair.
func pairHarvests(pairs []labeledPair) []Harvest {
	a := Harvest{Source: Source{ID: "pairs-a", Platform: WeChat}}
	b := Harvest{Source: Source{ID: "pairs-b", Platform: WeChat}}
	for i, p := range pairs {
		code := strconv.Itoa(90000 + i)
		a.Entries = append(a.Entries, Entry{Source: "pairs-a", Line: p.line, Platform: WeChat, Code: code, ZH: p.a.ZH, EN: p.a.EN})
		b.Entries = append(b.Entries, Entry{Source: "pairs-b", Line: p.line, Platform: WeChat, Code: code, ZH: p.b.ZH, EN: p.b.EN})
	}
	return []Harvest{a, b}
}

// TestMergeOrderIndependent: the catalog does not depend on the order of
// the harvests or of their entries.
func TestMergeOrderIndependent(t *testing.T) {
	tests := []struct {
		name string
		hs   []Harvest
	}{
		{"fixture", harvests(fixture...)},
		{"labeled pairs", pairHarvests(readPairs(t, "testdata/pairs.tsv"))},
		{"synthetic", syntheticHarvests(600)},
	}
	// Skipped rows are reported in order too.
	tests[0].hs[0].Skipped = []Skip{{Line: 7, Reason: "no code"}, {Line: 3, Reason: "heading"}, {Line: 7, Reason: "blank"}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want := Merge(tt.hs)
			r := rand.New(rand.NewPCG(1, 2))
			for i := range 20 {
				got := Merge(shuffled(r, tt.hs))
				require.Equal(t, want, got, "shuffle %d", i)
			}
		})
	}
}

// TestMergeConflictSymmetric: a conflict between two rows is flagged the
// same whichever comes first, whether the rows are in one harvest or two.
func TestMergeConflictSymmetric(t *testing.T) {
	tests := []struct {
		name string
		a, b row
		want []ConflictKind
	}{
		{"sources", fixture[3], fixture[12], []ConflictKind{ConflictSources}},
		{"scopes", fixture[19], fixture[20], []ConflictKind{ConflictScopes}},
		{"rows",
			row{srcOP, 61, "", "40017", "", "通用错误码", "不合法的按钮类型", ""},
			row{srcOP, 62, "", "40017", "", "通用错误码", "不合法的按钮个数", ""},
			[]ConflictKind{ConflictRows}},
		{"none: reworded", fixture[4], fixture[13], nil},
		{"none: variants", fixture[28], fixture[29], nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.Equal(t, tt.a.code, tt.b.code)
			key := tt.a.entry().Key()
			var noise []row // the other codes of the fixture
			for _, r := range fixture {
				if r.code != tt.a.code {
					noise = append(noise, r)
				}
			}
			orders := map[string][]Harvest{
				"a,b":            harvests(tt.a, tt.b),
				"b,a":            harvests(tt.b, tt.a),
				"a,b apart":      append(harvests(tt.a), harvests(tt.b)...),
				"b,a apart":      append(harvests(tt.b), harvests(tt.a)...),
				"b,a with noise": harvests(append([]row{tt.b}, append(noise, tt.a)...)...),
			}
			for name, hs := range orders {
				c := Merge(hs).Lookup(key.Platform, key.Code)
				require.NotNil(t, c, name)
				assert.Equal(t, tt.want, c.Conflicts, name)
			}
		})
	}
	// Every pair of the labeled set, both ways round.
	pairs := readPairs(t, "testdata/pairs.tsv")
	ab := Merge(pairHarvests(pairs))
	swapped := make([]labeledPair, len(pairs))
	for i, p := range pairs {
		p.a, p.b = p.b, p.a
		swapped[i] = p
	}
	ba := Merge(pairHarvests(swapped))
	for i, p := range pairs {
		code := strconv.Itoa(90000 + i)
		x, y := ab.Lookup(WeChat, code), ba.Lookup(WeChat, code)
		assert.Equal(t, x.Conflicts, y.Conflicts, "line %d", p.line)
		// Merge's measure adds a lexicon mined from the harvests, so only
		// Compare's Same is binding here: the same meaning is never flagged.
		if Compare(p.a, p.b) == Same {
			assert.Empty(t, x.Conflicts, "line %d: the same meaning is not a conflict", p.line)
		}
	}
}

// TestMergeEveryEntryOnce: every entry of every source lands in exactly one
// meaning, and in exactly one wording of it.
func TestMergeEveryEntryOnce(t *testing.T) {
	tests := []struct {
		name string
		hs   []Harvest
	}{
		{"fixture", harvests(fixture...)},
		{"labeled pairs", pairHarvests(readPairs(t, "testdata/pairs.tsv"))},
		{"synthetic", syntheticHarvests(4000)},
		{"one entry", harvests(fixture[0])},
		{"nothing", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cat := Merge(tt.hs)
			want := map[SourceRef]Key{}
			n := 0
			for _, h := range tt.hs {
				for _, e := range h.Entries {
					n++
					_, dup := want[e.Ref()]
					require.False(t, dup, "test data: %v twice", e.Ref())
					want[e.Ref()] = e.Key()
				}
			}
			seen := map[SourceRef]int{}
			inWordings := map[SourceRef]int{}
			for _, c := range cat.Codes {
				for _, m := range c.Meanings {
					for _, r := range m.Sources {
						seen[r]++
						assert.Equal(t, want[r], c.Key(), "%v is filed under the wrong code", r)
					}
					for _, w := range m.Wordings {
						for _, r := range w.Sources {
							inWordings[r]++
						}
					}
				}
			}
			total := 0
			for r, k := range seen {
				total += k
				assert.Equal(t, 1, k, "%v is in %d meanings", r, k)
				assert.Equal(t, 1, inWordings[r], "%v is in %d wordings", r, inWordings[r])
			}
			assert.Equal(t, n, total, "source refs across all meanings")
			assert.Len(t, seen, len(want))
		})
	}
}

func TestMergeWithMatcher(t *testing.T) {
	never := func(a, b Text) bool { return false }
	always := func(a, b Text) bool { return true }
	tests := []struct {
		name    string
		matcher func(a, b Text) bool
		// meanings of WeCom 40017 (two identical rows), 60020 (three rows,
		// two of them with the same Chinese) and 40093 (three different rows)
		want [3]int
	}{
		{"never: only identical texts share a meaning", never, [3]int{1, 3, 3}},
		{"always", always, [3]int{1, 1, 1}},
		{"default", nil, [3]int{1, 1, 3}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var opts []MergeOption
			if tt.matcher != nil {
				opts = append(opts, WithMatcher(tt.matcher))
			}
			cat := Merge(harvests(fixture...), opts...)
			var got [3]int
			for i, code := range []string{"40017", "60020", "40093"} {
				got[i] = len(cat.Lookup(WeCom, code).Meanings)
			}
			assert.Equal(t, tt.want, got)
		})
	}
}

// TestElsewhere: the same number on other platforms, and whether they agree.
func TestElsewhere(t *testing.T) {
	cat := Merge(harvests(fixture...))
	type sib struct {
		platform  Platform
		agrees    bool
		agreement Verdict
	}
	tests := []struct {
		name string
		key  Key
		want []sib
	}{
		// WeCom documents 40017 in Chinese only, DingTalk in English only:
		// nothing to compare. WeChat's page has English: it differs.
		{"DingTalk 40017", Key{DingTalk, "40017"}, []sib{{WeChat, false, Different}, {WeCom, false, Unknown}}},
		{"WeCom 40017", Key{WeCom, "40017"}, []sib{{DingTalk, false, Unknown}, {WeChat, true, Same}}},
		// WeChat's page for WeCom gives WeCom 60003 English, which DingTalk shares.
		{"DingTalk 60003", Key{DingTalk, "60003"}, []sib{{WeCom, true, Same}}},
		{"WeCom 60003", Key{WeCom, "60003"}, []sib{{DingTalk, true, Same}}},
		{"DingTalk 40009", Key{DingTalk, "40009"}, []sib{{WeChat, false, Different}, {WeCom, false, Unknown}}},
		{"WeChat -1", Key{WeChat, "-1"}, []sib{{DingTalk, true, Same}}},
		{"WeCom 6000: alone", Key{WeCom, "6000"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := cat.Lookup(tt.key.Platform, tt.key.Code)
			require.NotNil(t, c)
			var got []sib
			for _, s := range c.Elsewhere {
				other := cat.Lookup(s.Platform, tt.key.Code)
				require.NotNil(t, other)
				assert.Equal(t, CodeURL(s.Platform, tt.key.Code), s.URL)
				assert.Equal(t, other.Title(), s.Title)
				got = append(got, sib{s.Platform, s.Agrees, Agreement(c, other)})
				// Agreement is symmetric.
				assert.Equal(t, Agreement(c, other), Agreement(other, c))
			}
			assert.Equal(t, tt.want, got)
		})
	}
}

// syntheticHarvests makes n entries in five sources shaped like the real
// ones: most codes in one or two sources, some listed twice, some in several
// scopes, and texts that are reworded, truncated or different.
func syntheticHarvests(n int) []Harvest {
	r := rand.New(rand.NewPCG(7, 11))
	srcs := []Source{srcWeComNew, srcWeComOld, srcOP, srcOA, srcDT}
	hs := make([]Harvest, len(srcs))
	for i, s := range srcs {
		hs[i].Source = s
	}
	objects := []string{"按钮", "子菜单", "媒体文件", "部门", "成员", "标签", "应用", "会话", "access_token", "agentid"}
	predicates := []string{"不合法的%s", "缺少%s参数", "%s不存在", "%s已存在", "%s数量超过限制"}
	enObjects := []string{"button", "sub-menu", "media file", "department", "user", "tag", "app", "chat", "access_token", "agentid"}
	enPredicates := []string{"Invalid %s", "Missing %s", "%s does not exist", "%s already exists", "Too many %s"}
	scopes := []string{"", "", "", "shop", "cloudbase"}
	lines := make([]int, len(srcs))
	for i := 0; i < n; i++ {
		code := strconv.Itoa(40000 + r.IntN(n/3+1))
		s := r.IntN(len(srcs))
		o, p := r.IntN(len(objects)), r.IntN(len(predicates))
		zh := fmt.Sprintf(predicates[p], objects[o])
		en := fmt.Sprintf(enPredicates[p], enObjects[o])
		switch r.IntN(4) {
		case 0:
			zh += ",请检查参数"
		case 1:
			en += ". Check the request."
		}
		e := Entry{Source: srcs[s].ID, Platform: srcs[s].Platform, Code: code}
		switch srcs[s].Platform {
		case WeCom:
			e.ZH = zh
		case DingTalk:
			e.EN = en
		default:
			e.ZH, e.EN = zh, en
			e.Scope = scopes[r.IntN(len(scopes))]
		}
		lines[s]++
		e.Line = lines[s]
		hs[s].Entries = append(hs[s].Entries, e)
		hs[s].Rows++
	}
	return hs
}

func BenchmarkMerge(b *testing.B) {
	hs := syntheticHarvests(4000)
	b.ReportAllocs()
	for b.Loop() {
		Merge(hs)
	}
}

// TestBridge: what the APIs return shows that two platforms' codes agree
// where their documentation shares no language, and only then.
func TestBridge(t *testing.T) {
	srcSeen := Source{ID: "api-responses", Platform: WeCom, Format: "responses"}
	seen := func(p Platform, code, msg string) Entry {
		e := Entry{Source: srcSeen.ID, Line: 1, Platform: p, Code: code, SeenAt: "https://example.com/" + code, Rule: "marks", Raw: msg}
		if HasHan(msg) {
			e.ZH = msg
		} else {
			e.EN = msg
		}
		return e
	}
	doc := func(src Source, code, zh, en string) Entry {
		return Entry{Source: src.ID, Line: 1, Platform: src.Platform, Code: code, ZH: zh, EN: en, Raw: code}
	}
	tests := []struct {
		name    string
		wecom   []Entry // WeCom's documentation and responses of code 48002
		want    Verdict
		wantVia string
	}{
		{"no response: nothing to compare", []Entry{doc(srcWeComNew, "48002", "API 接口无权限调用", "")}, Unknown, ""},
		{"the errmsg states DingTalk's meaning",
			[]Entry{doc(srcWeComNew, "48002", "API 接口无权限调用", ""), seen(WeCom, "48002", "api forbidden, hint: [{hint}]")},
			Same, ViaResponses},
		{"an errmsg of another meaning bridges nothing",
			[]Entry{doc(srcWeComNew, "48002", "API 接口无权限调用", ""), seen(WeCom, "48002", "invalid media_id, hint: [{hint}]")},
			Unknown, ""},
		{"two meanings: the errmsg stands for neither",
			[]Entry{doc(srcWeComNew, "48002", "不合法的按钮个数", ""), func() Entry {
				e := doc(srcWeComNew, "48002", "不合法的按钮类型", "")
				e.Line = 2
				e.Scope = "contacts"
				return e
			}(),
				seen(WeCom, "48002", "api forbidden, hint: [{hint}]")},
			Unknown, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hs := []Harvest{
				{Source: srcWeComNew}, {Source: srcWeComOld}, {Source: srcSeen},
				{Source: srcDT, Entries: []Entry{doc(srcDT, "48002", "", "API is forbidden")}},
			}
			for _, e := range tt.wecom {
				for i := range hs {
					if hs[i].Source.ID == e.Source {
						hs[i].Entries = append(hs[i].Entries, e)
					}
				}
			}
			cat := Merge(hs, WithReviews([]Review{{Platform: WeCom, Code: "48002", Verdict: Different}}))
			x, y := cat.Lookup(WeCom, "48002"), cat.Lookup(DingTalk, "48002")
			require.NotNil(t, x)
			require.NotNil(t, y)
			require.Len(t, x.Elsewhere, 1)
			assert.Equal(t, tt.want, x.Elsewhere[0].Agreement)
			assert.Equal(t, tt.wantVia, x.Elsewhere[0].Via)
			require.Len(t, y.Elsewhere, 1)
			assert.Equal(t, tt.want, y.Elsewhere[0].Agreement, "symmetric")
			assert.Equal(t, tt.want, Agreement(x, y))
		})
	}
}
