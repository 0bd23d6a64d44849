package load_test

import (
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

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
