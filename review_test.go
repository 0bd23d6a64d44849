package errdex

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMergeReviews(t *testing.T) {
	src := Source{ID: "s", Platform: WeChat}
	rows := func(second string) []Harvest {
		return []Harvest{{Source: src, Rows: 2, Entries: []Entry{
			{Source: "s", Line: 1, Platform: WeChat, Code: "-503003", Scope: "cloudbase", ZH: "云资源文件存储错误：文件不存在"},
			{Source: "s", Line: 2, Platform: WeChat, Code: "-503003", Scope: "cloudbase", ZH: second},
		}}}
	}
	base := rows("云资源文件存储错误：非法签名")
	fp := Merge(base).Lookup(WeChat, "-503003").Fingerprint()
	review := func(v Verdict) []Review {
		return []Review{{Platform: WeChat, Code: "-503003", Verdict: v, Note: "n", Date: "2026-12-01", Wordings: fp}}
	}
	tests := []struct {
		name      string
		hs        []Harvest
		reviews   []Review
		meanings  int
		conflicts []ConflictKind
		flag      string
		stale     bool
	}{
		{"no review: the measure", base, nil, 2, []ConflictKind{ConflictRows}, "detected", false},
		{"reviewed different", base, review(Different), 2, []ConflictKind{ConflictRows}, "reviewed", false},
		{"reviewed same: one meaning, no flag", base, review(Same), 1, nil, "reviewed", false},
		{"wordings changed: stale, the measure applies", rows("云资源文件存储错误：签名过期"), review(Same), 2, []ConflictKind{ConflictRows}, "detected", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := Merge(tt.hs, WithReviews(tt.reviews)).Lookup(WeChat, "-503003")
			require.NotNil(t, c)
			assert.Len(t, c.Meanings, tt.meanings)
			assert.Equal(t, tt.conflicts, c.Conflicts)
			assert.Equal(t, tt.flag, c.Flag())
			assert.Equal(t, []ConflictKind{ConflictRows}, c.Detected, "Detected is the measure's, whatever the review")
			if tt.reviews != nil {
				require.NotNil(t, c.Review)
				assert.Equal(t, tt.stale, c.Review.Stale)
			}
		})
	}
}

func TestMergeReviewSplits(t *testing.T) {
	// The measure finds these the same (the Chinese is one text); a review
	// says the English of one page states another thing.
	src := Source{ID: "s", Platform: WeChat}
	other := Source{ID: "t", Platform: WeChat}
	hs := []Harvest{
		{Source: src, Rows: 1, Entries: []Entry{{Source: "s", Line: 1, Platform: WeChat, Code: "40050", ZH: "不合法的分组id", EN: "Invalid Group ID"}}},
		{Source: other, Rows: 1, Entries: []Entry{{Source: "t", Line: 9, Platform: WeChat, Code: "40050", ZH: "不合法的分组 id", EN: "invalid timeline type"}}},
	}
	c := Merge(hs).Lookup(WeChat, "40050")
	require.Len(t, c.Meanings, 1)
	r := []Review{{Platform: WeChat, Code: "40050", Verdict: Different, Note: "group id vs timeline type", Wordings: c.Fingerprint()}}
	c = Merge(hs, WithReviews(r)).Lookup(WeChat, "40050")
	assert.Len(t, c.Meanings, 2)
	assert.Equal(t, []ConflictKind{ConflictSources}, c.Conflicts)
	assert.Equal(t, "reviewed", c.Flag())
}

func TestFingerprint(t *testing.T) {
	mk := func(texts ...Text) *Code {
		c := &Code{}
		for _, x := range texts {
			c.Meanings = append(c.Meanings, Meaning{Wordings: []Wording{{ZH: x.ZH, EN: x.EN}}})
		}
		return c
	}
	a := mk(Text{ZH: "不合法的 UserID"}, Text{EN: "Invalid UserID"})
	assert.Equal(t, a.Fingerprint(), mk(Text{EN: "invalid userid"}, Text{ZH: "不合法的UserID"}).Fingerprint(), "formatting and order do not change it")
	assert.NotEqual(t, a.Fingerprint(), mk(Text{ZH: "不合法的 UserID"}, Text{EN: "Invalid user ID list"}).Fingerprint())
	assert.Len(t, a.Fingerprint(), 12)
}
