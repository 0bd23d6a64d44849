package scrape

import (
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"errdex"
)

func TestCurationErrors(t *testing.T) {
	tests := []struct {
		name, file, text, want string
		load                   func(fstest.MapFS, string) error
	}{
		{"thesaurus: one term", "thesaurus.toml", "[[group]]\nterms = [\"chatid\"]\n", "thesaurus.toml:1: a group needs two terms or more",
			func(f fstest.MapFS, n string) error { _, err := LoadThesaurus(f, n); return err }},
		{"thesaurus: a term in two groups", "thesaurus.toml", "[[group]]\nterms = [\"a1\", \"b1\"]\n\n[[group]]\nterms = [\"A1\", \"c1\"]\n", "thesaurus.toml:4: term \"A1\" is already in the group at thesaurus.toml:1",
			func(f fstest.MapFS, n string) error { _, err := LoadThesaurus(f, n); return err }},
		{"thesaurus: unknown key", "thesaurus.toml", "[[group]]\nterms = [\"a\", \"b\"]\nwhy = \"x\"\n", "thesaurus.toml: unknown key \"group.why\"",
			func(f fstest.MapFS, n string) error { _, err := LoadThesaurus(f, n); return err }},
		{"reviews: verdict", "reviews.toml", "[[review]]\nplatform = \"wecom\"\ncode = \"1\"\nverdict = \"maybe\"\nnote = \"n\"\nwordings = \"abc\"\n", "reviews.toml:1: verdict \"maybe\": write same or different",
			func(f fstest.MapFS, n string) error { _, err := LoadReviews(f, n); return err }},
		{"reviews: no fingerprint", "reviews.toml", "[[review]]\nplatform = \"wecom\"\ncode = \"1\"\nverdict = \"same\"\nnote = \"n\"\n", "reviews.toml:1: code, note and wordings are required",
			func(f fstest.MapFS, n string) error { _, err := LoadReviews(f, n); return err }},
		{"reviews: twice", "reviews.toml", "[[review]]\nplatform = \"wecom\"\ncode = \"1\"\nverdict = \"same\"\nnote = \"n\"\nwordings = \"a\"\n[[review]]\nplatform = \"wecom\"\ncode = \"1\"\nverdict = \"same\"\nnote = \"n\"\nwordings = \"a\"\n", "reviews.toml:7: wecom 1 is already reviewed at reviews.toml:1",
			func(f fstest.MapFS, n string) error { _, err := LoadReviews(f, n); return err }},
		{"errata: nothing corrected", "errata.toml", "[[erratum]]\nsource = \"s\"\nline = 3\ncode = \"1\"\nreason = \"r\"\n", "errata.toml:1: give the corrected zh, en or fix",
			func(f fstest.MapFS, n string) error { _, err := LoadErrata(f, n); return err }},
		{"errata: syntax", "errata.toml", "[[erratum]\n", "errata.toml:2: expected end of table array name",
			func(f fstest.MapFS, n string) error { _, err := LoadErrata(f, n); return err }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.load(fstest.MapFS{tt.file: {Data: []byte(tt.text)}}, tt.file)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}

func TestApplyErrata(t *testing.T) {
	src := errdex.Source{ID: "wecom-global-2023", Path: "wecom.md"}
	harvest := func() []errdex.Harvest {
		return []errdex.Harvest{{Source: src, Rows: 1, Entries: []errdex.Entry{
			{Source: src.ID, Line: 73, Code: "40086", ZH: "不合法的第三方应用", Fix: "appid 至少有一个不存在应用 id", Raw: "| 40086 | … |"},
		}}}
	}
	zh, fix := "不合法的第三方应用 appid", "至少有一个不存在应用 id"
	er := Erratum{Source: src.ID, Line: 73, Code: "40086", ZH: &zh, Fix: &fix, Reason: "cell boundary", Where: "errata.toml:5"}

	hs := harvest()
	require.NoError(t, ApplyErrata(hs, []Erratum{er}))
	e := hs[0].Entries[0]
	assert.Equal(t, zh, e.ZH)
	assert.Equal(t, fix, e.Fix)
	assert.Equal(t, "cell boundary", e.Corrected)
	assert.Equal(t, "| 40086 | … |", e.Raw, "the row as captured is kept")
	require.Len(t, hs[0].Repairs, 1)
	assert.Equal(t, 73, hs[0].Repairs[0].Line)

	wrongCode := er
	wrongCode.Code = "40087"
	err := ApplyErrata(harvest(), []Erratum{wrongCode})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "errata.toml:5: wecom.md:73 is code 40086, not 40087")

	noRow := er
	noRow.Line = 74
	err = ApplyErrata(harvest(), []Erratum{noRow})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "errata.toml:5: no row of wecom-global-2023 at line 74")
}
