package search_test

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"errdex/load"
	"errdex/search"
)

// TestResponsesFindTheirCode searches for the message of every distinct
// observed API response of a documented code (content/api-responses.tsv),
// without its code, and reports how often the code's page is first and
// among the first three: the figure in docs/api-responses.md. The misses
// are messages several codes share ("invalid url"); the floor catches a
// regression of the search or of the source.
func TestResponsesFindTheirCode(t *testing.T) {
	c, err := load.Read(os.DirFS(filepath.Join("..", "content")))
	require.NoError(t, err)
	e, err := search.NewEngine(c.Catalog)
	require.NoError(t, err)
	n, first, top3 := 0, 0, 0
	seen := map[string]bool{}
	for _, code := range c.Catalog.Codes {
		for _, r := range code.Responses {
			q := r.Text()
			if q == "" || seen[q] {
				continue
			}
			seen[q] = true
			n++
			got := names(e.Search(q))
			want := fmt.Sprintf("%s/%s", code.Platform, code.Code)
			switch i := slices.Index(got, want); {
			case i == 0:
				first++
				top3++
			case i > 0 && i < 3:
				top3++
			default:
				t.Logf("not in the first 3: %s %q -> %v", want, q, head(got, 3))
			}
		}
	}
	t.Logf("%d distinct messages: the code first for %d (%.1f%%), in the first 3 for %d (%.1f%%)",
		n, first, 100*float64(first)/float64(n), top3, 100*float64(top3)/float64(n))
	require.Greater(t, n, 200)
	assert.GreaterOrEqual(t, float64(top3)/float64(n), 0.95, "share of messages whose code is in the first 3")
}
