package scrape

import (
	"errors"
	"fmt"
	"os"
	"sort"
	"strings"
	"testing"
	"testing/iotest"

	"errdex"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const dtFile = "../content/dingtalk-errors-2022-07-05-en.txt"

// dtOne parses a snippet that holds exactly one block and returns its row.
func dtOne(t *testing.T, snippet string) dtRow {
	t.Helper()
	rows, err := dtParse(strings.NewReader(snippet), testSource("dingtalk", errdex.DingTalk))
	require.NoError(t, err)
	require.Len(t, rows, 1)
	return rows[0]
}

func TestDingTalkSplit(t *testing.T) {
	tests := []struct {
		name     string
		snippet  string
		code     string
		suspect  bool
		rule     string
		en, fix  string
		errmsgIs string // the errmsg value as extracted, when worth checking
	}{
		{
			name:    "normal",
			snippet: "34002{\n\"errcode\":34002,\n\"errmsg\":\" Sender of invalid session message \"\n}\nSender of invalid session message Check sender Is the field empty .\n",
			code:    "34002", rule: "prefix",
			en: "Sender of invalid session message", fix: "Check sender Is the field empty .",
		},
		{
			name:    "Error code key and no comma (33005)",
			snippet: "33005{\n“ Error code ”:33005\n\"errmsg\":\" Invalid mobile homepage of micro app \"\n}\nInvalid mobile homepage of micro app Verify the mobile homepage of the micro Application , Cannot be empty and must be preceded by http Beginning or https start\n",
			code:    "33005", rule: "prefix",
			en:  "Invalid mobile homepage of micro app",
			fix: "Verify the mobile homepage of the micro Application , Cannot be empty and must be preceded by http Beginning or https start",
		},
		{
			name:    "broken opening quote (-1)",
			snippet: "-1{\n“ Error code ”:-1,\n\"errmsg\": The system is busy \"\n}\nThe system is busy The server is temporarily unavailable , It is suggested to try again later 1 Time , Again up 3 Time .\n",
			code:    "-1", suspect: true, rule: "prefix", errmsgIs: "The system is busy",
			en:  "The system is busy",
			fix: "The server is temporarily unavailable , It is suggested to try again later 1 Time , Again up 3 Time .",
		},
		{
			name:    "errmsg misread, line reworded (41008)",
			snippet: "41008{\n“ Error code ”:41008,\n“errmsg”:“ black oauth”\n}\nThe lack of oauth nothing .\n",
			code:    "41008", suspect: true, rule: "fixword", errmsgIs: "black oauth",
			en: "The lack of oauth", fix: "",
		},
		{
			name:    "errms key and truncated value (42001)",
			snippet: "42001{\n“ Error code ”:42001,\n“errms”:“access_tokeng”\n}\naccess_token Overtime Please check the network status .\n",
			code:    "42001", suspect: true, rule: "wordprefix+fixword", errmsgIs: "access_tokeng",
			en: "access_token Overtime", fix: "Please check the network status .",
		},
		{
			name:    "curly quotes, value lost a word (42003)",
			snippet: "42003{\n“ Error code ”:42003,\n“errmsg”:“oauth_ Code ”\n}\noauth_code Overtime Please check the network status .\n",
			code:    "42003", suspect: true, rule: "prefix+fixword", errmsgIs: "oauth_ Code",
			en: "oauth_code Overtime", fix: "Please check the network status .",
		},
		{
			name:    "two errmsg keys on one line (52016)",
			snippet: "52016{\n\"errcode\":52016,\n\"errmsg\": \" Please check “url, nonceStr, timestamp, ticket” Whether the parameters are correct , \"errmsg\": \" Invalid signature parameter \"\n}\nInvalid signature parameter Please check url、nonceStr、timestamp、ticket Whether the parameters are correct .\n",
			code:    "52016", suspect: true, rule: "prefix", errmsgIs: "Invalid signature parameter",
			en: "Invalid signature parameter", fix: "Please check url、nonceStr、timestamp、ticket Whether the parameters are correct .",
		},
		{
			name:    "nothing means no fix",
			snippet: "40002{\n\"errcode\":40002,\n\"errmsg\": \" Illegal voucher type \"\n}\nIllegal voucher type nothing .\n",
			code:    "40002", rule: "prefix",
			en: "Illegal voucher type", fix: "",
		},
		{
			name:    "errcode and errmsg on one line, nothing (49013)",
			snippet: "49013{\n\"errcode\":49013, \"errmsg\": \" The group leader cannot be empty \"\n}\nThe group leader cannot be empty nothing .\n",
			code:    "49013", rule: "prefix",
			en: "The group leader cannot be empty", fix: "",
		},
		{
			name:    "errmsg has an extra word, nothing (49008)",
			snippet: "49008{\n\"errcode\":49008,\n\"errmsg\": \" Illegal group type , You can only import 0 or 2 limit \"\n}\nIllegal group type , You can only import 0 or 2 nothing .\n",
			code:    "49008", rule: "fixword",
			en: "Illegal group type , You can only import 0 or 2", fix: "",
		},
		{
			name:    "message split mid-word (41007)",
			snippet: "41007{\n“ Error code ”:41007,\n\"errmsg\": \" invalid ssocode\"\n}\ninvalid ssocodesso Permanent authorization of code Invalid , Check whether it is empty , See getting the background login free of micro applications access_token.\n",
			code:    "41007", rule: "prefix",
			en:  "invalid ssocode",
			fix: "sso Permanent authorization of code Invalid , Check whether it is empty , See getting the background login free of micro applications access_token.",
		},
		{
			name:    "line reworded, fix starts with Check (40104)",
			snippet: "40104{\n\"errcode\":40104,\n\"errmsg\": \" The phone number is invalid \"\n}\nInvalid phone number Check whether the format of mobile phone number is correct .\n",
			code:    "40104", rule: "fixword",
			en: "Invalid phone number", fix: "Check whether the format of mobile phone number is correct .",
		},
		{
			name:    "line holds only the fix, twice (41004)",
			snippet: "41004{\n\"errcode\":41004,\n\"errmsg\": \" The lack of secret Parameters \"\n}\nCheck secret Whether the parameter is empty Check secret Whether the parameter is empty .\n",
			code:    "41004", rule: "fixonly",
			en: "The lack of secret Parameters", fix: "Check secret Whether the parameter is empty .",
		},
		{
			name:    "line keeps the first half of errmsg (41029)",
			snippet: "41029{\n\"errcode\":41029,\n\"errmsg\": \" Exceed the maximum number of message recipients , Enterprise access is 5000,ISV Access as 1000\"\n}\nExceed the maximum number of message recipients send out OA The number of messages exceeds the upper limit .\n",
			code:    "41029", rule: "wordprefix",
			en: "Exceed the maximum number of message recipients", fix: "send out OA The number of messages exceeds the upper limit .",
		},
		{
			name:    "line reworded, split at a new clause (41041)",
			snippet: "41041{\n\"errcode\":41041,\n\"errmsg\": \" The time span is too big \"\n}\nThe query interval is too long The query interval of attendance clock data exceeds 7 God .\n",
			code:    "41041", rule: "capital",
			en: "The query interval is too long", fix: "The query interval of attendance clock data exceeds 7 God .",
		},
		{
			name:    "line reworded entirely (40103)",
			snippet: "40103{\n\"errcode\":40103,\n\"errmsg\": \" This user needs their consent to add , An invitation has been sent to the other party \"\n}\nThe user turned on account protection , Cannot be added to your team Due to the protection mechanism of adding new users to the address book .\n",
			code:    "40103", rule: "capital",
			en: "The user turned on account protection , Cannot be added to your team", fix: "Due to the protection mechanism of adding new users to the address book .",
		},
		{
			name:    "header errcode differs from the block's (41102)",
			snippet: "41102{\n“ Error code ”:41101,\n\"errmsg\": \" Parameter value is too large \"\n}\nParameter value is too large Upload files or idlist Other parameters are too large .\n",
			code:    "41102", rule: "prefix",
			en: "Parameter value is too large", fix: "Upload files or idlist Other parameters are too large .",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			row := dtOne(t, tt.snippet)
			require.NotNil(t, row.Entry, "skipped: %+v", row.Skip)
			assert.Equal(t, tt.code, row.Entry.Code)
			assert.Equal(t, 1, row.Entry.Line)
			assert.Equal(t, errdex.DingTalk, row.Entry.Platform)
			assert.Equal(t, tt.suspect, row.Suspect, "suspect")
			assert.Equal(t, tt.rule, row.Rule, "rule")
			assert.Equal(t, tt.en, row.Entry.EN, "EN")
			assert.Equal(t, tt.fix, row.Entry.Fix, "Fix")
			assert.Empty(t, row.Entry.ZH)
			assert.Equal(t, strings.TrimSuffix(tt.snippet, "\n"), row.Entry.Raw, "Raw is the block as written")
			if tt.errmsgIs != "" {
				assert.Equal(t, tt.errmsgIs, row.ErrMsg, "errmsg")
			}
		})
	}
}

func TestDingTalkFixLines(t *testing.T) {
	tests := []struct {
		name    string
		snippet string
		en, fix string
	}{
		{
			name: "bullets (40078)",
			snippet: "40078{\n\"errcode\":40078,\n\"errmsg\": \" Nonexistent temporary authorization code \"\n}\n" +
				"Nonexistent temporary authorization code The temporary authorization code cannot be empty , And can only be used once , See the following interfaces :\n\n" +
				"  • Applet : No license code\n  • H5 Microapplication : Registration free process\n",
			en: "Nonexistent temporary authorization code",
			fix: "The temporary authorization code cannot be empty , And can only be used once , See the following interfaces :\n\n" +
				"- Applet : No license code\n- H5 Microapplication : Registration free process",
		},
		{
			name: "bullets after a reworded line (41029)",
			snippet: "41029{\n\"errcode\":41029,\n\"errmsg\": \" Exceed the maximum number of message recipients , Enterprise access is 5000,ISV Access as 1000\"\n}\n" +
				"Exceed the maximum number of message recipients send out OA The number of messages exceeds the upper limit .\n\n" +
				"  • The maximum number of enterprise messages :5000\n  • ISV The maximum number of messages :1000\n",
			en: "Exceed the maximum number of message recipients",
			fix: "send out OA The number of messages exceeds the upper limit .\n\n" +
				"- The maximum number of enterprise messages :5000\n- ISV The maximum number of messages :1000",
		},
		{
			name: "numbered list, no fix on the message line (50002)",
			snippet: "50002{\n\"errcode\":50002,\n\"errmsg\": \" Enterprise employees are not within the scope of authorization \"\n}\n" +
				"Enterprise employees are not within the scope of authorization\n" +
				"  1. \u00a0 Enterprise internal application - Application details - You can use range settings\n" +
				"  2. Check whether it is within the scope of Authorization\n",
			en: "Enterprise employees are not within the scope of authorization",
			fix: "1. Enterprise internal application - Application details - You can use range settings\n" +
				"2. Check whether it is within the scope of Authorization",
		},
		{
			name: "note heading (40014)",
			snippet: "40014{\n\"errcode\":40014,\n\"errmsg\": \" illegal access_token\"\n}\nillegal access_token Check access_token Whether it is right .\n\n" +
				"Be careful \u00a0\naccess_token This parameter should be carried in url hinder .\n",
			en:  "illegal access_token",
			fix: "Check access_token Whether it is right .\n\nBe careful\naccess_token This parameter should be carried in url hinder .",
		},
		{
			name: "continuation lines without bullets (60020)",
			snippet: "60020{\n\"errcode\":60020,\n\"errmsg\": \" visit ip Not on the white list \"\n}\n" +
				"visit ip Not on the white list Enterprise applications : Check the configured server exit ip Address and request ip The address is consistent .\n" +
				"isv application : Check the kit ip White lists and requests ip Is it consistent .\n",
			en: "visit ip Not on the white list",
			fix: "Enterprise applications : Check the configured server exit ip Address and request ip The address is consistent .\n" +
				"isv application : Check the kit ip White lists and requests ip Is it consistent .",
		},
		{
			name: "nothing, then a remark",
			snippet: "1{\n\"errcode\":1,\n\"errmsg\": \" Something \"\n}\nSomething nothing .\n\n" +
				"  • a remark\n",
			en:  "Something",
			fix: "- a remark",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			row := dtOne(t, tt.snippet)
			require.NotNil(t, row.Entry, "skipped: %+v", row.Skip)
			assert.Equal(t, tt.en, row.Entry.EN)
			assert.Equal(t, tt.fix, row.Entry.Fix)
			assert.Equal(t, strings.TrimSuffix(tt.snippet, "\n"), row.Entry.Raw)
		})
	}
}

func TestDingTalkSkips(t *testing.T) {
	tests := []struct {
		name, snippet, reason string
	}{
		{"no closing brace", "404{\n\"errcode\":404,\n\"errmsg\":\" Requested URI \"\n", "no closing }"},
		{"no message at all", "7{\n\"errcode\":7\n}\n", "no message"},
		{"empty errmsg and no line", "7{\n\"errcode\":7,\n\"errmsg\": \"\"\n}\n\n", "no message"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, err := parseDingTalk(strings.NewReader(tt.snippet), testSource("dingtalk", errdex.DingTalk))
			require.NoError(t, err)
			requireAccounted(t, h)
			require.Len(t, h.Skipped, 1)
			assert.Equal(t, 1, h.Skipped[0].Line)
			assert.Contains(t, h.Skipped[0].Reason, tt.reason)
		})
	}
}

func TestDingTalkReadError(t *testing.T) {
	src := testSource("dingtalk", errdex.DingTalk)
	_, err := parseDingTalk(iotest.ErrReader(errors.New("disk gone")), src)
	require.Error(t, err)
	assert.Contains(t, err.Error(), src.Path)
	assert.Contains(t, err.Error(), "disk gone")
}

// dtSnippet is the top of the file, a few blocks of each kind and the
// footer, as in the file.
const dtSnippet = "当前位置:网站首页>Nail error code Encyclopedia\n\nNail error code Encyclopedia\n\n" +
	"2022-07-05 22:34:00 Tell the peach blossom not to bloom\n\nParameters Reference resources reason Investigation method\n" +
	"-1{\n“ Error code ”:-1,\n\"errmsg\": The system is busy \"\n}\n" +
	"The system is busy The server is temporarily unavailable , It is suggested to try again later 1 Time , Again up 3 Time .\n" +
	"40014{\n\"errcode\":40014,\n\"errmsg\": \" illegal access_token\"\n}\nillegal access_token Check access_token Whether it is right .\n\n" +
	"Be careful \u00a0\naccess_token This parameter should be carried in url hinder .\n" +
	"41008{\n“ Error code ”:41008,\n“errmsg”:“ black oauth”\n}\nThe lack of oauth nothing .\n" +
	"49013{\n\"errcode\":49013, \"errmsg\": \" The group leader cannot be empty \"\n}\nThe group leader cannot be empty nothing .\n" +
	"810003{\n“ Error code ”:810003,\n\"errmsg\": \" Approval process form format error \"\n}\n" +
	"Approval process form format error Check the approval form , Remove unsupported controls .\n" +
	"原网站\n\n版权声明\n本文为[Tell the peach blossom not to bloom]所创，转载请带上原文链接，感谢\nhttps://yzsam.com/2022/02/202202140422150476.html\n"

func TestDingTalkSnippetGolden(t *testing.T) {
	h, err := parseDingTalk(strings.NewReader(dtSnippet), testSource("dingtalk", errdex.DingTalk))
	require.NoError(t, err)
	requireAccounted(t, h)
	require.Equal(t, 5, h.Rows)
	require.Len(t, h.Entries, 5)
	last := h.Entries[4]
	assert.NotContains(t, last.Raw, "原网站", "the footer is not part of the last row")
	assert.Equal(t, "Check the approval form , Remove unsupported controls .", last.Fix)
	golden(t, "dingtalk/snippet.golden", harvestJSON(t, h))
}

// dtFileRows parses the whole snapshot.
func dtFileRows(t *testing.T) ([]dtRow, errdex.Harvest) {
	t.Helper()
	src := testSource("dingtalk", errdex.DingTalk)
	src.ExpectedRows = 374
	data, err := os.ReadFile(dtFile)
	require.NoError(t, err)
	rows, err := dtParse(strings.NewReader(string(data)), src)
	require.NoError(t, err)
	h, err := parseDingTalk(strings.NewReader(string(data)), src)
	require.NoError(t, err)
	h.Source = src
	return rows, h
}

func TestDingTalkFile(t *testing.T) {
	rows, h := dtFileRows(t)
	require.Equal(t, 374, h.Rows)
	requireAccounted(t, h)
	require.Len(t, h.Entries, 374, "every block of the file is an entry")
	require.Empty(t, h.Skipped)
	seen := map[string]int{}
	for _, e := range h.Entries {
		assert.NotEmpty(t, e.EN, "line %d: empty EN", e.Line)
		assert.True(t, isCode(e.Code), "line %d: code %q", e.Line, e.Code)
		assert.True(t, strings.HasPrefix(e.Raw, e.Code+"{"), "line %d: raw starts with the header", e.Line)
		assert.NotContains(t, e.Raw, "原网站")
		assert.NotEqual(t, "nothing .", e.Fix)
		assert.Zero(t, seen[e.Code], "code %s at lines %d and %d", e.Code, seen[e.Code], e.Line)
		seen[e.Code] = e.Line
	}
	// The file's entries are summarized in testdata/snapshots (a hash) and
	// its odd rows kept in testdata/defects (TestKnownDefects). Here: how
	// many rows each split rule decided, and the rows whose errmsg quoting
	// was broken (Suspect), the ones to read.
	counts := map[string]int{}
	var suspect strings.Builder
	for _, r := range rows {
		counts[r.Rule]++
		if r.Suspect {
			fmt.Fprintf(&suspect, "%d\t%s\t%s\terrmsg: %s\n", r.Line, r.Code, r.Rule, r.ErrMsg)
		}
	}
	var names []string
	for k := range counts {
		names = append(names, k)
	}
	sort.Strings(names)
	var head strings.Builder
	for _, k := range names {
		fmt.Fprintf(&head, "# %s: %d\n", k, counts[k])
	}
	golden(t, "dingtalk/split-rules.golden", []byte(head.String()+suspect.String()))
	assert.Equal(t, 364, counts["prefix"]+counts["prefix+fixword"], "rows whose line starts with errmsg")
	assert.Equal(t, 1, counts["prefix+fixword"])
}

func TestDingTalkFileGlossary(t *testing.T) {
	_, h := dtFileRows(t)
	g, err := LoadGlossary(os.DirFS("../content"), GlossaryFile)
	require.NoError(t, err)
	clean := g.CleanHarvest(h)
	requireAccounted(t, clean)
	// What the glossary changes is summarized (a count and a hash) in
	// testdata/snapshots/dingtalk-server-2022.golden.
	for i, e := range clean.Entries {
		assert.Equal(t, h.Entries[i].Raw, e.Raw, "Raw is never cleaned")
	}
	for _, e := range clean.Entries {
		for _, w := range strings.Fields(e.EN + " " + e.Fix) {
			assert.NotEqual(t, "nailing", strings.ToLower(w), "line %d", e.Line)
		}
	}
}

// FuzzDingTalk checks that any input parses without panicking and that
// every candidate row is accounted for.
func FuzzDingTalk(f *testing.F) {
	f.Add(dtSnippet)
	f.Add("42001{\n“ Error code ”:42001,\n“errms”:“access_tokeng”\n}\naccess_token Overtime Please check the network status .\n")
	f.Add("42003{\n“ Error code ”:42003,\n“errmsg”:“oauth_ Code ”\n}\noauth_code Overtime Please check the network status .\n")
	f.Add("41004{\n\"errcode\":41004,\n\"errmsg\": \" The lack of secret Parameters \"\n}\nCheck secret Whether the parameter is empty Check secret Whether the parameter is empty .\n")
	f.Add("40078{\n\"errcode\":40078,\n\"errmsg\": \" Nonexistent temporary authorization code \"\n}\nNonexistent temporary authorization code See the following interfaces :\n\n  • Applet : No license code\n")
	f.Add("41041{\n\"errcode\":41041,\n\"errmsg\": \" The time span is too big \"\n}\nThe query interval is too long The query interval of attendance clock data exceeds 7 God .\n")
	f.Add("1{\n}\n2{\n\"errmsg\": \"x\"}\n3{")
	f.Add("0{\"errm\":10\xa2}\n1 0\x800") // invalid UTF-8 right after the errmsg prefix
	f.Fuzz(func(t *testing.T, s string) {
		h, err := parseDingTalk(strings.NewReader(s), testSource("dingtalk", errdex.DingTalk))
		if err != nil {
			t.Fatal(err)
		}
		requireAccounted(t, h)
		for _, e := range h.Entries {
			if e.EN == "" {
				t.Fatalf("line %d: empty EN", e.Line)
			}
		}
	})
}
