package render

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"errdex"
)

// TestCatalogJSON checks that data/errdex.json, encoded a code at a time,
// is byte for byte what marshal makes of the whole jsonCatalog.
func TestCatalogJSON(t *testing.T) {
	noChanges := testCatalog()
	noChanges.Changes = nil
	empty := errdex.Merge(nil)
	tests := []struct {
		name string
		cat  *errdex.Catalog
	}{
		{"test catalog", testCatalog()},
		{"no changes", noChanges},
		{"no codes", empty},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want := jsonCatalog{Sources: []jsonSource{}, Codes: []jsonCode{}, Changes: nonNil(tt.cat.Changes)}
			for _, s := range tt.cat.Sources {
				want.Sources = append(want.Sources, jsonSource{
					ID: s.ID, Platform: string(s.Platform), Title: s.Title, URL: s.URL,
					Retrieved: s.Retrieved, Format: s.Format, Path: s.Path, Supersedes: s.Supersedes,
					Rows: s.Rows, Entries: s.Entries, Sections: s.Sections, Attached: s.Attached,
					Skipped: nonNil(s.Skipped), Orphans: nonNil(s.Orphans), Repairs: nonNil(s.Repairs), Unattached: nonNil(s.Unattached), Observed: s.Observed,
				})
			}
			for _, c := range tt.cat.Codes {
				want.Codes = append(want.Codes, toJSONCode(c))
			}
			wantData, err := marshal(want)
			require.NoError(t, err)
			got, err := catalogJSON(tt.cat)
			require.NoError(t, err)
			assert.Equal(t, string(wantData), string(got))
			assert.Equal(t, len(got), cap(got), "the result is one slice of its length")
		})
	}
}

// TestChunks checks the writer catalogJSON encodes into across chunk
// boundaries: writes that fit, that do not, and one larger than a chunk.
func TestChunks(t *testing.T) {
	tests := []struct {
		name   string
		writes []int // lengths; a negative length unwrites that many bytes
	}{
		{"nothing", nil},
		{"small", []int{10, 20, -1, 5}},
		{"fills a chunk exactly", []int{chunkSize - 3, 3, 1}},
		{"does not fit", []int{chunkSize - 3, 4, -2, 7}},
		{"larger than a chunk", []int{5, 2*chunkSize + 1, -1, 9, chunkSize}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var c chunks
			var want []byte
			for i, n := range tt.writes {
				if n < 0 {
					c.unwrite(-n)
					want = want[:len(want)+n]
					continue
				}
				p := bytes.Repeat([]byte{byte('a' + i)}, n)
				got, err := c.Write(p)
				require.NoError(t, err)
				require.Equal(t, n, got)
				want = append(want, p...)
			}
			for _, b := range c.list {
				assert.GreaterOrEqual(t, cap(b), chunkSize, "every chunk is at least chunkSize")
			}
			got := c.bytes()
			assert.Equal(t, len(want), len(got))
			assert.True(t, bytes.Equal(want, got), "%q… against %q…", head(got), head(want))
		})
	}
}

func head(b []byte) string { return strings.ToValidUTF8(string(b[:min(len(b), 20)]), "?") }
