package render

import (
	"crypto/sha256"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"errdex"
)

// TestCappedCodeDigest: the digest of a code of the capped catalog the
// pages show is made from the digest of the code it was cut from, and
// changes with it; a code of neither catalog is walked.
func TestCappedCodeDigest(t *testing.T) {
	digests := func(change func(*errdex.Catalog)) (*builder, map[errdex.Key][32]byte) {
		full := testCatalog()
		change(full)
		b := &builder{cat: full.Capped(), full: full, opt: testOptions("")}
		b.opt.Salt = "test"
		require.True(t, b.ensureEnv())
		out := map[errdex.Key][32]byte{}
		for i, c := range b.cat.Codes {
			sum, err := b.dig.code(c)
			require.NoError(t, err)
			f, err := b.dig.code(b.full.Codes[i])
			require.NoError(t, err)
			assert.Equal(t, sha256.Sum256(append([]byte("capped\x00"), f[:]...)), sum, c.Key())
			out[c.Key()] = sum
		}
		return b, out
	}
	b, base := digests(func(*errdex.Catalog) {})
	loose := *b.cat.Codes[0]
	sum, err := b.dig.code(&loose)
	require.NoError(t, err)
	assert.NotEqual(t, base[loose.Key()], sum, "a code of neither catalog is walked")

	for _, tc := range []struct {
		name    string
		change  func(*errdex.Catalog)
		changed errdex.Key
	}{
		{"a fix", func(c *errdex.Catalog) { c.Lookup(errdex.WeCom, "40093").Meanings[0].Fix = "重新签名" }, errdex.Key{Platform: errdex.WeCom, Code: "40093"}},
		{"a text past the cut", func(c *errdex.Catalog) {
			c.Lookup(errdex.WeCom, "40093").Meanings[0].Troubleshooting = strings.Repeat("排查", errdex.MaxSectionBytes)
		}, errdex.Key{Platform: errdex.WeCom, Code: "40093"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, got := digests(tc.change)
			for k, sum := range got {
				if k == tc.changed {
					assert.NotEqual(t, base[k], sum, k)
				} else {
					assert.Equal(t, base[k], sum, k)
				}
			}
		})
	}
}
