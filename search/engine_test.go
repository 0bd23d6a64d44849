package search_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"errdex"
	"errdex/load"
	"errdex/search"
	"errdex/search/searchtest"
)

// engine indexes the shipped content once for the tests.
func engine(t *testing.T) *search.Engine {
	t.Helper()
	c, err := load.Read(os.DirFS(filepath.Join("..", "content")))
	require.NoError(t, err)
	e, err := search.NewEngine(c.Catalog)
	require.NoError(t, err)
	return e
}

func names(r search.Result) []string {
	var out []string
	for _, h := range r.Hits {
		out = append(out, fmt.Sprintf("%s/%s", h.Platform, h.Code))
	}
	return out
}

// TestEngineCases runs every case of testdata/queries.tsv through the Go
// engine (errdex explain) and checks the results shown first, as the
// browser tests check the site's script on the same cases.
func TestEngineCases(t *testing.T) {
	cases, err := searchtest.Load(filepath.Join("..", "testdata", "queries.tsv"))
	require.NoError(t, err)
	e := engine(t)
	for _, c := range cases {
		t.Run(strconv.Itoa(c.Line), func(t *testing.T) {
			r := e.Search(c.Query, search.LastUsed(errdex.Platform(c.Last)))
			assert.Equal(t, c.Parse, r.Query.String(), "queries.tsv:%d: %q", c.Line, c.Query)
			got := names(r)
			assert.True(t, c.CheckFirst(got), "queries.tsv:%d: %q (%s, last used %q): want first %v, got %v", c.Line, c.Query, c.Note, c.Last, c.First, head(got, 5))
		})
	}
}

func head(s []string, n int) []string { return s[:min(n, len(s))] }

// TestErrmsgCases: every real errmsg of testdata/errmsg-queries.tsv,
// pasted without its code, finds the code's page among the first results
// of the Go engine (errdex explain); cmd/errdex's TestSearchErrmsgs runs
// the same table in the browser.
func TestErrmsgCases(t *testing.T) {
	cases, err := searchtest.LoadTop(filepath.Join("..", "testdata", "errmsg-queries.tsv"))
	require.NoError(t, err)
	require.GreaterOrEqual(t, len(cases), 40)
	e := engine(t)
	for _, c := range cases {
		t.Run(strconv.Itoa(c.Line), func(t *testing.T) {
			got := names(e.Search(c.Query))
			assert.True(t, c.Found(got), "errmsg-queries.tsv:%d: %q: want %s in the first %d, got %v", c.Line, c.Query, c.Want, c.Within, head(got, 5))
		})
	}
}
