package render

import (
	"crypto/sha256"
	"reflect"
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

// planCase is a type with what the digest plans handle: every kind walk
// encodes, pointers to itself, codes, sources, maps and interfaces.
type planCase struct {
	B      bool
	I      int
	I8     int8
	I16    int16
	I32    int32
	I64    int64
	U      uint
	U8     uint8
	U16    uint16
	U32    uint32
	U64    uint64
	UP     uintptr
	F32    float32
	F64    float64
	S      string
	Bytes  []byte
	Arr    [3]byte
	Ints   []int
	Next   *planCase
	Any    any
	M      map[string][]int
	Code   *errdex.Code
	Codes  []*errdex.Code
	Source errdex.SourceInfo
	Refs   []refView
	hidden string
}

// TestPlanEqualsWalk: the digest plans encode values exactly as walk
// does: the bytes, and the values walk cannot digest.
func TestPlanEqualsWalk(t *testing.T) {
	cat := testCatalog()
	code := cat.Codes[0]
	src := errdex.SourceInfo{Source: errdex.Source{ID: "wecom-global"}, Rows: 3}
	deep := &planCase{}
	for range 70 {
		deep = &planCase{Next: deep}
	}
	for _, tc := range []struct {
		name  string
		value any
	}{
		{"zero", planCase{}},
		{"every kind", planCase{B: true, I: -1, I8: -8, I16: -16, I32: -32, I64: -1 << 40, U: 1, U8: 8, U16: 16, U32: 32,
			U64: 1 << 63, UP: 7, F32: 1.5, F64: -2.25, S: "不合法", Bytes: []byte("ab"), Arr: [3]byte{1, 2, 3},
			Ints: []int{1, -2}, hidden: "h"}},
		{"empty, not nil", planCase{Bytes: []byte{}, Ints: []int{}, M: map[string][]int{}}},
		{"pointers to itself", planCase{Next: &planCase{S: "x", Next: &planCase{I: 2}}}},
		{"interfaces", planCase{Any: planCase{S: "inner", Any: &planCase{I: 3}}}},
		{"interface holding a string", planCase{Any: "s"}},
		{"map", planCase{M: map[string][]int{"b": {2}, "a": {1}}}},
		{"codes and sources", planCase{Code: code, Codes: []*errdex.Code{code, nil, cat.Codes[1]}, Source: src,
			Refs: []refView{{Title: src.Title, URL: "https://example.com/x", Path: "x.tsv", Official: true, Line: 4}}}},
		{"a page", page{URL: "wecom/", Title: "WeCom", Crumbs: []crumb{{URL: "x"}}, Data: codeView{C: code}, abs: true}},
		{"too deep", *deep},
		{"a function", planCase{Any: func() {}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := &digester{codes: map[*errdex.Code][32]byte{}}
			v := reflect.ValueOf(tc.value)
			want, wantErr := d.walk([]byte("x"), v, 0)
			p := reflect.New(v.Type())
			p.Elem().Set(v)
			got, err := d.encode([]byte("x"), v.Type(), p.UnsafePointer())
			assert.Equal(t, wantErr, err)
			assert.Equal(t, want, got)
		})
	}
}

// TestPlanDigestsEqualWalk builds the test site with the plans and with
// walk alone: every file gets the same digest.
func TestPlanDigestsEqualWalk(t *testing.T) {
	for _, tc := range []struct {
		name   string
		mutate func(*Options)
	}{
		{"hosted", func(*Options) {}},
		{"bundle", func(o *Options) { o.Bundle, o.BaseURL = true, "" }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o := testOptions("")
			tc.mutate(&o)
			o.Salt = "test"
			records := func() map[string]string {
				_, stats, err := FilesFrom(testCatalog(), o, nil)
				require.NoError(t, err)
				out := map[string]string{}
				for _, r := range stats.Records {
					out[r.Name] = r.Digest
				}
				return out
			}
			plans := records()
			require.NotEmpty(t, plans["wecom/40014/index.html"])
			walkOnly = true
			defer func() { walkOnly = false }()
			assert.Equal(t, records(), plans)
		})
	}
}
