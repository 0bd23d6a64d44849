package load_test

import (
	"fmt"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"errdex"
	"errdex/load"
)

// TestShippedCuration: every maintainer's file in content/ still matches
// the data. A thesaurus group no wording uses, a review of a code that is
// gone or whose wordings changed, fails here (and errdex check lists it).
func TestShippedCuration(t *testing.T) {
	c, err := load.Read(os.DirFS("../content"))
	require.NoError(t, err)
	require.NotNil(t, c.Thesaurus)
	assert.Empty(t, c.Thesaurus.Unused(c.Catalog), "thesaurus groups no wording uses")
	assert.Empty(t, c.Catalog.UnmatchedReviews(c.Reviews), "reviews of codes the catalog does not hold")
	for _, code := range c.Catalog.Codes {
		if code.Review != nil {
			assert.False(t, code.Review.Stale, "%s %s: the review no longer matches the wordings (now %s)", code.Platform, code.Code, code.Fingerprint())
		}
	}
	assert.Len(t, c.Errata, 9)
	for _, code := range []string{"40086", "41006"} {
		for _, ch := range c.Catalog.Changes {
			assert.False(t, ch.Code == code && ch.Kind == "reworded", "%s is reworded only in the broken capture", code)
		}
	}
}

// TestElsewhereShipped: the same number on two platforms is compared with
// the merge's measure and thesaurus (issue 9's examples).
func TestElsewhereShipped(t *testing.T) {
	c, err := load.Read(os.DirFS("../content"))
	require.NoError(t, err)
	for _, tc := range []struct {
		platform, code, other string
		want                  errdex.Verdict
	}{
		{"wecom", "60114", "dingtalk", errdex.Same}, // 性别 / sex
		{"wecom", "40061", "dingtalk", errdex.Same}, // app icon / app avatar
		{"wecom", "40014", "wechat", errdex.Same},   // 不合法的 access_token
		{"wechat", "40017", "dingtalk", errdex.Different},
	} {
		code := c.Catalog.Lookup(errdex.Platform(tc.platform), tc.code)
		require.NotNil(t, code, "%s %s", tc.platform, tc.code)
		found := false
		for _, s := range code.Elsewhere {
			if string(s.Platform) == tc.other {
				found = true
				assert.Equal(t, tc.want, s.Agreement, "%s %s vs %s", tc.platform, tc.code, tc.other)
				assert.Equal(t, tc.want == errdex.Same, s.Agrees)
			}
		}
		assert.True(t, found, "%s %s has no sibling on %s", tc.platform, tc.code, tc.other)
	}
}

// TestBridgeShipped lists the siblings that agree only through observed
// API responses (docs/api-responses.md); each was read and confirmed. A
// new one fails the test until it is read and added here.
func TestBridgeShipped(t *testing.T) {
	c, err := load.Read(os.DirFS("../content"))
	require.NoError(t, err)
	confirmed := map[string]bool{
		"wecom 40007 dingtalk": true, "dingtalk 40007 wecom": true,
		"wecom 40008 dingtalk": true, "dingtalk 40008 wecom": true,
		"wecom 48002 dingtalk": true, "dingtalk 48002 wecom": true,
		"wecom 40029 dingtalk": true, "dingtalk 40029 wecom": true,
		"wecom -1 dingtalk": true, "dingtalk -1 wecom": true,
	}
	var got []string
	for _, x := range c.Catalog.Codes {
		for _, s := range x.Elsewhere {
			if s.Via == errdex.ViaResponses {
				key := fmt.Sprintf("%s %s %s", x.Platform, x.Code, s.Platform)
				t.Logf("%s: %q ~ %q", key, x.Title(), s.Title)
				got = append(got, key)
				assert.True(t, confirmed[key], "%s agrees through responses: read it and add it to confirmed", key)
			}
		}
	}
	assert.Len(t, got, len(confirmed), "every confirmed bridge still stands")
}
