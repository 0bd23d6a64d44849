package errdex

import (
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestCodeNumber: a code's number reads x (or X) as 0, and anything else
// that is not a number as 1<<62, as lowercasing first read it.
func TestCodeNumber(t *testing.T) {
	lowered := func(s string) int64 {
		n, err := strconv.ParseInt(strings.ReplaceAll(strings.ToLower(s), "x", "0"), 10, 64)
		if err != nil {
			return 1 << 62
		}
		return n
	}
	for _, tc := range []struct {
		code string
		want int64
	}{
		{"40014", 40014}, {"-1", -1}, {"0", 0}, {"-40400x", -404000}, {"-40400X", -404000},
		{"4xx", 400}, {"+7", 7}, {"abc", 1 << 62}, {"", 1 << 62}, {"１２", 1 << 62},
		{"Ｘ1", 1 << 62}, {"9223372036854775808", 1 << 62}, {"40O14", 1 << 62},
	} {
		t.Run(tc.code, func(t *testing.T) {
			assert.Equal(t, tc.want, codeNumber(tc.code))
			assert.Equal(t, lowered(tc.code), codeNumber(tc.code))
		})
	}
}

// TestCatalogOrder: Numbers and the merged catalog's codes are in
// CodeLess order, platforms in the table's order.
func TestCatalogOrder(t *testing.T) {
	for _, tc := range []struct {
		name string
		hs   []Harvest
	}{
		{"fixture", harvests(fixture...)},
		{"synthetic", syntheticHarvests(500)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cat := Merge(tc.hs)
			nums := cat.Numbers()
			assert.True(t, sort.SliceIsSorted(nums, func(i, j int) bool { return CodeLess(nums[i], nums[j]) }))
			assert.Len(t, slices.Compact(slices.Clone(nums)), len(nums), "distinct")
			codes := cat.Codes
			assert.True(t, sort.SliceIsSorted(codes, func(i, j int) bool {
				a, b := codes[i], codes[j]
				if a.Platform != b.Platform {
					return cat.platformRank(a.Platform) < cat.platformRank(b.Platform)
				}
				return CodeLess(a.Code, b.Code)
			}))
		})
	}
}
