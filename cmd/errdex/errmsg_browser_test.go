package main

import (
	"fmt"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"errdex/search/searchtest"
)

// errmsgFile is the table of real errmsg strings, pasted without their
// codes, that package search's TestErrmsgCases runs through the Go engine.
var errmsgFile = filepath.Join("..", "..", "testdata", "errmsg-queries.tsv")

// TestSearchErrmsgs types every real errmsg of the table into the site's
// search page, over HTTP and from file://, and checks that the code's page
// is among the first results.
func TestSearchErrmsgs(t *testing.T) {
	f := setup(t)
	cases, err := searchtest.LoadTop(errmsgFile)
	require.NoError(t, err)
	require.GreaterOrEqual(t, len(cases), 40)
	for _, m := range f.modes() {
		t.Run(m.name, func(t *testing.T) {
			tab := f.tab(t, m.name)
			searchPage(t, tab, m)
			for _, c := range cases {
				t.Run(fmt.Sprint(c.Line), func(t *testing.T) {
					got, err := typeQuery(tab, c.Query)
					require.NoError(t, err, "query %q", c.Query)
					assert.True(t, c.Found(got), "errmsg-queries.tsv:%d: %q: want %s in the first %d, got %v", c.Line, c.Query, c.Want, c.Within, head(got, 5))
				})
			}
		})
	}
}
