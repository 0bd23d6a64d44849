package scrape

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"errdex"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// oaSource is the manifest's WeChat OA (English edition) source, written out
// so snippet tests do not depend on reading the manifest.
func oaSource() errdex.Source {
	src := testSource("pipe", errdex.WeChat)
	src.Scopes = map[string]errdex.ScopeTarget{
		"": {}, "OA Platform": {}, "Developer Platform": {Scope: "open-platform"},
		"WeChat Wifi": {Scope: "wifi"}, "Red Packets": {Scope: "red-packets"},
		"Customer Service": {Scope: "customer-service"}, "Coupons": {Scope: "coupons"},
		"Work WeChat": {Platform: errdex.WeCom}, "WeCom": {Platform: errdex.WeCom},
		"Enterprise": {Platform: errdex.WeCom},
	}
	return src
}

func TestPipeQuirks(t *testing.T) {
	type want struct {
		line               int
		code, label, scope string
		zh, en             string
		platform           errdex.Platform
		skipLine           int
		skipReason         string
	}
	tests := []struct {
		name  string
		input string
		rows  int
		skips int
		check []want
	}{
		{
			name:  "empty scope is the general scope",
			input: tpLines("-1 |", "系统繁忙,此时请开发者稍候再试 |", "System busy. Please try again later. |", "|"),
			rows:  1,
			check: []want{{line: 1, code: "-1", zh: "系统繁忙,此时请开发者稍候再试", en: "System busy. Please try again later.", platform: errdex.WeChat}},
		},
		{
			name: "40017 twice with different scopes and meanings",
			input: tpLines(
				"40017 |", "不合法的按钮个数 |", "Invalid number of menu buttons |", "OA Platform |",
				"40017 |", "不合法的按钮类型 |", "Invalid menu button type |", "Developer Platform |",
			),
			rows: 2,
			check: []want{
				{line: 1, code: "40017", label: "OA Platform", zh: "不合法的按钮个数", en: "Invalid number of menu buttons", platform: errdex.WeChat},
				{line: 5, code: "40017", label: "Developer Platform", scope: "open-platform", zh: "不合法的按钮类型", en: "Invalid menu button type", platform: errdex.WeChat},
			},
		},
		{
			name: "WeCom/td> debris and Work WeChat resolve to the WeCom platform",
			input: tpLines(
				"91028 |", "缺少count参数 |", "Missing count parameter |", "WeCom/td> |",
				"40058 |", "不合法的红包参数 |", "Invalid red packet parameter |", "Work WeChat |",
			),
			rows: 2,
			check: []want{
				{line: 1, code: "91028", label: "WeCom", zh: "缺少count参数", en: "Missing count parameter", platform: errdex.WeCom},
				{line: 5, code: "40058", label: "Work WeChat", zh: "不合法的红包参数", en: "Invalid red packet parameter", platform: errdex.WeCom},
			},
		},
		{
			name:  "empty English cell; last line without newline",
			input: "60125 |\n非法部门名字,长度超过限制、重名等 |\n|\nWork WeChat |\n60126 |\n创建部门失败 |\nFailed to create department |\nWork WeChat |",
			rows:  2,
			check: []want{
				{line: 1, code: "60125", label: "Work WeChat", zh: "非法部门名字,长度超过限制、重名等", platform: errdex.WeCom},
				{line: 5, code: "60126", label: "Work WeChat", zh: "创建部门失败", en: "Failed to create department", platform: errdex.WeCom},
			},
		},
		{
			name: "malformed records: resynchronize on the next code line",
			input: tpLines(
				"Global Return Code |",
				"40001 |", "不合法的调用凭证 |", "Developer Platform |", // English cell lost
				"40002 |", "不合法的凭证类型 |", "Invalid certificate type |", "OA Platform |", "stray |",
				"40003 |", "不合法的OpenID |", "Invalid OpenID |", "|",
				"40004 |", "|", "|", "Coupons |",
				"40005",
				"上传素材文件格式不对", "(extension) |", "Invalid file type |", "",
				"|",
				"40006 |", "不合法的媒体文件大小 |", "Invalid media size",
			),
			rows:  6,
			skips: 4,
			check: []want{
				{skipLine: 2, skipReason: "record has 2 cells after the code, want 3 (Chinese, English, scope)"},
				{skipLine: 5, skipReason: "record has 4 cells after the code, want 3 (Chinese, English, scope)"},
				{line: 10, code: "40003", zh: "不合法的OpenID", en: "Invalid OpenID", platform: errdex.WeChat},
				{skipLine: 14, skipReason: "code 40004: row has no message and no fix"},
				{line: 18, code: "40005", zh: "上传素材文件格式不对 (extension)", en: "Invalid file type", platform: errdex.WeChat},
				{skipLine: 24, skipReason: "record has 2 cells after the code, want 3 (Chinese, English, scope)"},
			},
		},
		{
			name:  "CRLF line ends",
			input: "41001 |\r\n缺少access_token参数 |\r\nMissing access_token |\r\nCustomer Service |\r\n",
			rows:  1,
			check: []want{{line: 1, code: "41001", label: "Customer Service", scope: "customer-service", zh: "缺少access_token参数", en: "Missing access_token", platform: errdex.WeChat}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, err := parsePipe(strings.NewReader(tt.input), oaSource())
			require.NoError(t, err)
			requireAccounted(t, h)
			assert.Equal(t, tt.rows, h.Rows, "rows")
			assert.Len(t, h.Skipped, tt.skips, "skips: %v", h.Skipped)
			for _, w := range tt.check {
				if w.skipReason != "" {
					assert.Contains(t, h.Skipped, errdex.Skip{Line: w.skipLine, Reason: w.skipReason})
					continue
				}
				e := tpEntryAt(t, h, w.line)
				assert.Equal(t, w.code, e.Code, "line %d code", w.line)
				assert.Equal(t, w.label, e.ScopeLabel, "line %d label", w.line)
				assert.Equal(t, w.scope, e.Scope, "line %d scope", w.line)
				assert.Equal(t, w.platform, e.Platform, "line %d platform", w.line)
				assert.Equal(t, w.zh, e.ZH, "line %d zh", w.line)
				assert.Equal(t, w.en, e.EN, "line %d en", w.line)
				assert.Equal(t, "", e.Fix)
				assert.True(t, strings.HasPrefix(e.Raw, w.code), "raw %q", e.Raw)
			}
		})
	}
}

func TestPipeGolden(t *testing.T) {
	for _, name := range []string{"oa-records"} {
		t.Run(name, func(t *testing.T) {
			f, err := os.Open(filepath.Join("testdata", "pipe", name+".txt"))
			require.NoError(t, err)
			defer f.Close()
			h, err := parsePipe(f, oaSource())
			require.NoError(t, err)
			requireAccounted(t, h)
			golden(t, "pipe/"+name+".golden", harvestJSON(t, h))
		})
	}
}

func TestPipeOAFile(t *testing.T) {
	h := tpParseContent(t, "wechat-oa-global-en")
	requireAccounted(t, h)
	require.Equal(t, 595, h.Rows)
	assert.Len(t, h.Entries, 595)
	assert.Empty(t, h.Skipped)

	src := contentSource(t, "wechat-oa-global-en")
	perLabel := map[string]int{}
	seen := map[string]int{}
	for _, e := range h.Entries {
		perLabel[e.ScopeLabel]++
		seen[e.Code]++
		_, _, ok := src.Resolve(e.ScopeLabel)
		assert.True(t, ok, "line %d: label %q is not in the manifest", e.Line, e.ScopeLabel)
		assert.Equal(t, 1, e.Line%4, "records are four lines")
		assert.NotContains(t, e.ScopeLabel, "td>")
	}
	assert.Equal(t, map[string]int{
		"": 240, "OA Platform": 4, "Developer Platform": 12, "Work WeChat": 204, "WeCom": 44,
		"Enterprise": 1, "WeChat Wifi": 48, "Red Packets": 23, "Customer Service": 12, "Coupons": 7,
	}, perLabel)
	twice := 0
	for _, n := range seen {
		if n > 1 {
			twice++
		}
	}
	assert.Equal(t, 22, twice, "codes that appear twice")

	t.Run("40017 under two scopes", func(t *testing.T) {
		es := tpEntriesOf(h, "40017")
		require.Len(t, es, 2)
		assert.Equal(t, "OA Platform", es[0].ScopeLabel)
		assert.Equal(t, "", es[0].Scope)
		assert.Equal(t, "不合法的按钮个数", es[0].ZH)
		assert.Equal(t, "Developer Platform", es[1].ScopeLabel)
		assert.Equal(t, "open-platform", es[1].Scope)
		assert.Equal(t, "不合法的按钮类型", es[1].ZH)
	})
	t.Run("40058 Work WeChat is WeCom", func(t *testing.T) {
		es := tpEntriesOf(h, "40058")
		require.Len(t, es, 1)
		assert.Equal(t, errdex.WeCom, es[0].Platform)
		assert.Equal(t, "Work WeChat", es[0].ScopeLabel)
	})
	t.Run("WeCom/td> debris", func(t *testing.T) {
		e := tpEntryAt(t, h, 2209)
		assert.Equal(t, "91028", e.Code)
		assert.Equal(t, "WeCom", e.ScopeLabel)
		assert.Equal(t, errdex.WeCom, e.Platform)
		assert.Contains(t, e.Raw, "WeCom/td> |")
	})
	t.Run("empty English cell", func(t *testing.T) {
		e := tpEntryAt(t, h, 1885)
		assert.Equal(t, "60125", e.Code)
		assert.Equal(t, "", e.EN)
		assert.NotEmpty(t, e.ZH)
	})
	t.Run("last record without trailing newline", func(t *testing.T) {
		last := h.Entries[len(h.Entries)-1]
		assert.Equal(t, 2377, last.Line)
		assert.Equal(t, "WeCom", last.ScopeLabel)
	})
}

func FuzzPipe(f *testing.F) {
	for _, seed := range []string{
		"-1 |\n系统繁忙,此时请开发者稍候再试 |\nSystem busy. Please try again later. |\n|\n0 |\n请求成功 |\nSuccessful request |\n|\n",
		"40017 |\n不合法的按钮个数 |\nInvalid number of menu buttons |\nOA Platform |\n40017 |\n不合法的按钮类型 |\nInvalid menu button type |\nDeveloper Platform |\n",
		"91028 |\n缺少count参数 |\nMissing count parameter |\nWeCom/td> |\n91029 |\n缺少card_id |\nMissing card_id |\nWork WeChat |",
		"60125 |\n非法部门名字 |\n|\nWork WeChat |\n",
		"x |\n40001 |\n不合法的调用凭证 |\nDeveloper Platform |\n40005\n上传素材\n(ext) |\nInvalid |\n\n|\n",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, input string) {
		h, err := parsePipe(strings.NewReader(input), oaSource())
		if err != nil {
			return
		}
		requireAccounted(t, h)
		for _, e := range h.Entries {
			if e.Line < 1 || !isCode(e.Code) {
				t.Fatalf("bad entry %+v", e)
			}
		}
	})
}

// The snippet sources must map labels exactly as the manifest does.
func TestTSVPipeSnippetSourcesMatchManifest(t *testing.T) {
	assert.Equal(t, contentSource(t, "wechat-oplatform-2025").Scopes, oplatformSource().Scopes)
	assert.Equal(t, contentSource(t, "wechat-oa-global-en").Scopes, oaSource().Scopes)
}
