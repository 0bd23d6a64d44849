package scrape

import (
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"errdex"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// contentGlossary loads the project's content/glossary.toml.
func contentGlossary(t *testing.T) *Glossary {
	t.Helper()
	g, err := LoadGlossary(os.DirFS("../content"), GlossaryFile)
	require.NoError(t, err)
	return g
}

func TestGlossaryApply(t *testing.T) {
	// The terms alone: TestSpacing and TestSpacingRealRows cover spacing.
	g := contentGlossary(t)
	g.spacing = false
	tests := []struct {
		name, in, want string
	}{
		{"Nail at the start", "Nail error code", "DingTalk error code"},
		{"nail lower case", "Log in to nail enterprise management background with computer", "Log in to DingTalk enterprise management background with computer"},
		{"nailing", "The difference between the parameter value and the current time of the nailing server exceeds 1 minute",
			"The difference between the parameter value and the current time of the DingTalk server exceeds 1 minute"},
		{"Nailing capitalized", "Nailing open platform", "DingTalk open platform"},
		{"nailed", "It must be nailed open platform appId", "It must be DingTalk open platform appId"},
		{"not inside other words", "nails thumbnail nailer", "nails thumbnail nailer"},
		{"identifiers untouched", "Check access_token, userid, corpId, suite_access_token and appKey", "Check access_token, userid, corpId, suite_access_token and appKey"},
		{"identifier-like words around a term", "nail_disk nailId NAIL nail2 api/nail", "nail_disk nailId NAIL nail2 api/nail"},
		{"micro application, case kept", "Verify micro Application icon Field", "Verify micro app icon Field"},
		{"micro applications", "There are too many self built micro applications", "There are too many self built micro apps"},
		{"Microapplication", "H5 Microapplication : Registration free process", "H5 micro app : Registration free process"},
		{"micro app stays", "Invalid micro app name", "Invalid micro app name"},
		{"The lack of", "The lack of access_token Parameters", "Missing access_token Parameters"},
		{"perhaps", "Only for emp perhaps ext", "Only for emp or ext"},
		{"Overtime", "access_token Overtime", "access_token timeout"},
		{"God after a number", "exceeds 31 God , Please check the parameters .", "exceeds 31 days , Please check the parameters ."},
		{"Time after a number", "try again later 1 Time , Again up 3 Time .", "try again later once , Again up 3 times ."},
		{"lower-case time untouched", "Illegal time parameter", "Illegal time parameter"},
		{"developer background", "It can be obtained from the developer's background homepage .", "It can be obtained from the developer console homepage ."},
		{"note heading line", "Check it .\n\nBe careful\naccess_token This parameter", "Check it .\n\nNote:\naccess_token This parameter"},
		{"note words inside a line untouched", "Be careful with explain", "Be careful with explain"},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, g.Apply(tt.in))
		})
	}
}

func TestGlossaryNil(t *testing.T) {
	var g *Glossary
	assert.Equal(t, "Nail", g.Apply("Nail"))
	h := errdex.Harvest{Entries: []errdex.Entry{{Platform: errdex.DingTalk, EN: "Nail"}}}
	assert.Equal(t, h, g.CleanHarvest(h))
}

func TestGlossaryCleanHarvest(t *testing.T) {
	g := contentGlossary(t)
	raw := "72003{\n\"errcode\":72003,\n\"errmsg\": \" Failed to add file in nailing disk space \"\n}\nFailed to add file in nailing disk space nothing ."
	h := errdex.Harvest{
		Rows: 3,
		Entries: []errdex.Entry{
			{Platform: errdex.DingTalk, Code: "72003", EN: "Failed to add file in nailing disk space", Raw: raw},
			{Platform: errdex.DingTalk, Code: "40078", EN: "Nonexistent code", Fix: "See :\n\n- Applet : No license code\n- H5 Microapplication : Registration free process"},
			{Platform: errdex.WeChat, Code: "1", EN: "Nail", Fix: "nailing"},
		},
	}
	got := g.CleanHarvest(h)
	assert.Equal(t, "Failed to add file in DingTalk disk space", got.Entries[0].EN)
	assert.Equal(t, raw, got.Entries[0].Raw, "Raw keeps the text as captured")
	// The content glossary also closes up spacing (spacing = true).
	assert.Equal(t, "See:\n\n- mini program: No license code\n- H5 micro app: Registration free process", got.Entries[1].Fix)
	// The glossary applies to every entry of the harvest it is given: the
	// sources that name it in the manifest choose it (cmd/errdex's
	// TestGlossaryPerSource), not the platform.
	assert.Equal(t, "DingTalk", got.Entries[2].EN)
	assert.Equal(t, "DingTalk", got.Entries[2].Fix)
	assert.Equal(t, 3, got.Rows)
	assert.Equal(t, "Failed to add file in nailing disk space", h.Entries[0].EN, "the input harvest is not modified")
}

func TestLoadGlossaryErrors(t *testing.T) {
	tests := []struct {
		name, file string
		want       []string
	}{
		{"bad toml", "[[term]]\nfrom = \"Nail\"\nto = DingTalk\n", []string{"glossary.toml:3:"}},
		{"unknown key", "[[term]]\nfrom = \"Nail\"\nto = \"DingTalk\"\nwhole_wrd = true\n", []string{"glossary.toml:4:", "whole_wrd", "takes from, to"}},
		{"empty from", "[[term]]\nfrom = \"Nail\"\nto = \"DingTalk\"\n\n[[term]]\nfrom = \"\"\nto = \"x\"\n", []string{"glossary.toml:5:", "#2", "from is empty"}},
		{"identifier", "[[term]]\nfrom = \"access_token\"\nto = \"token\"\n", []string{"glossary.toml:1:", "identifier"}},
		{"camelCase identifier", "[[term]]\nfrom = \"corp corpId\"\nto = \"x\"\n", []string{"\"corpId\" is an identifier"}},
		{"whole word with punctuation", "[[term]]\nfrom = \"nothing .\"\nto = \"\"\nwhole_word = true\n", []string{"glossary.toml:1:", "whole_word needs"}},
		{"padded from", "[[term]]\nfrom = \" Nail\"\nto = \"DingTalk\"\n", []string{"trim it"}},
		{"same from and to", "[[term]]\nfrom = \"app\"\nto = \"app\"\n", []string{"remove the term"}},
		{"no terms", "# nothing yet\n", []string{"no [[term]] entries"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{GlossaryFile: {Data: []byte(tt.file)}}
			_, err := LoadGlossary(fsys, GlossaryFile)
			require.Error(t, err)
			for _, w := range tt.want {
				assert.Contains(t, err.Error(), w)
			}
		})
	}
	t.Run("missing file", func(t *testing.T) {
		_, err := LoadGlossary(fstest.MapFS{}, GlossaryFile)
		require.Error(t, err)
		assert.Contains(t, err.Error(), GlossaryFile)
	})
}

func TestGlossaryOptions(t *testing.T) {
	file := `
[[term]]
from = "micro application"
to = "micro app"
whole_word = true
ignore_case = true

[[term]]
from = "app"
to = "application"

[[term]]
from = "nothing ."
to = ""
whole_line = true
`
	g, err := LoadGlossary(fstest.MapFS{GlossaryFile: {Data: []byte(file)}}, GlossaryFile)
	require.NoError(t, err)
	tests := []struct{ in, want string }{
		{"Micro Application", "Micro application"}, // case follows the match, then "app" (substring) applies
		{"happy", "happlicationy"},                 // without whole_word, a substring matches
		{"appKey", "appKey"},                       // identifiers are never touched
		{"nothing .", ""},
		{"x\nnothing .", "x\n"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			assert.Equal(t, tt.want, g.Apply(tt.in))
		})
	}
}

func TestSpacing(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"before a full stop", "Interface call successful .", "Interface call successful."},
		{"after an identifier", "Please make sure the access_token , Whether it is right .", "Please make sure the access_token, Whether it is right."},
		{"inside brackets", "the length ( x ) is wrong", "the length (x) is wrong"},
		{"several marks", "See : a , b ; c ! d ? e", "See: a, b; c! d? e"},
		{"a mark that starts a word", "a defined type .msgtype Please", "a defined type .msgtype Please"},
		{"a file extension", "upload a .json file", "upload a .json file"},
		{"indentation and list markers", "  - Applet : No license code", "  - Applet: No license code"},
		{"nothing to do", "Check the conversation members.", "Check the conversation members."},
		{"only a mark", " .", " ."},
		{"trailing white space", "word .  ", "word."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, Spacing(tc.in))
		})
	}
}

// TestSpacingRealRows cleans the DingTalk source as the build does and
// checks real rows: the spaces before punctuation are gone from the
// cleaned texts, and Raw keeps them.
func TestSpacingRealRows(t *testing.T) {
	content := os.DirFS("../content")
	m, err := LoadManifest(content, ManifestFile)
	require.NoError(t, err)
	var ding []errdex.Source
	for _, s := range m.Sources {
		if s.ID == "dingtalk-server-2022" {
			ding = append(ding, s)
		}
	}
	require.Len(t, ding, 1)
	hs, err := All(content, &Manifest{Platforms: m.Platforms, Sources: ding, ScopeNames: m.ScopeNames})
	require.NoError(t, err)
	require.Len(t, hs, 1)
	h := contentGlossary(t).CleanHarvest(hs[0])
	byCode := map[string]errdex.Entry{}
	for _, e := range h.Entries {
		byCode[e.Code] = e
	}
	for _, tc := range []struct{ code, field, want, raw string }{
		{"0", "fix", "Interface call successful.", "Interface call successful ."},
		{"33001", "fix", "Please make sure the access_token Whether it is right.", "access_token Whether it is right ."},
		{"-1", "fix", "The server is temporarily unavailable, It is suggested to try again later once, Again up 3 times.", "unavailable , It is suggested"},
	} {
		t.Run(tc.code, func(t *testing.T) {
			e, ok := byCode[tc.code]
			require.True(t, ok)
			got := e.Fix
			if tc.field == "en" {
				got = e.EN
			}
			assert.Equal(t, tc.want, got)
			assert.Contains(t, e.Raw, tc.raw, "Raw keeps the text as captured")
		})
	}
	artifacts := 0
	for _, e := range h.Entries {
		for _, s := range []string{e.EN, e.Fix} {
			for _, l := range strings.Split(s, "\n") {
				if Spacing(l) != l {
					artifacts++
				}
			}
		}
	}
	assert.Zero(t, artifacts, "cleaned texts with spacing artifacts left")
}
