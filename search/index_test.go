package search

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"sort"
	"strconv"
	"strings"
	"testing"

	"errdex"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestFold(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"ACCESS_Token", "access_token"},
		{"４００１４", "40014"},
		{"ＡＢＣ　ｘ", "abc x"},
		{"不合法的：", "不合法的:"},
		{"云资源、云函数", "云资源、云函数"}, // only full-width ASCII folds
		{"Ünïcode", "Ünïcode"},
	} {
		t.Run(tc.in, func(t *testing.T) {
			got := foldString(tc.in)
			assert.Equal(t, tc.want, got)
			assert.Equal(t, len([]rune(tc.in)), len([]rune(got)), "folding keeps the length, for highlighting")
		})
	}
}

func TestIndexTokens(t *testing.T) {
	for _, tc := range []struct {
		name    string
		in      string
		singles bool
		want    []string
	}{
		{"cjk bigrams and singles", "不合法的", true, []string{"不", "不合", "合", "合法", "法", "法的", "的"}},
		{"cjk bigrams only", "不合法的", false, []string{"不合", "合法", "法的"}},
		{"a lone character always", "群 id", false, []string{"群", "id"}},
		{"mixed, glued", "不合法的access_token", false, []string{"不合", "合法", "法的", "access", "token"}},
		{"ascii words", "Invalid Access-Token: a b c2", true, []string{"invalid", "access", "token", "c2"}},
		{"numbers", "见错误码 40001 与 -1", false, []string{"见错", "错误", "误码", "40001", "与"}},
		{"urls are left out", "more info at https://open.work.weixin.qq.com/devtool/query?e=42001 ok", true, []string{"more", "info", "at", "ok"}},
		{"full width", "ＡＢＣ　４００１４", true, []string{"abc", "40014"}},
		{"punctuation separates runs", "云资源，云函数", false, []string{"云资", "资源", "云函", "函数"}},
		{"empty", "", true, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, indexTokens(tc.in, tc.singles))
		})
	}
}

func TestSegmentsNegative(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []segment
	}{
		{"-1", []segment{{text: "1", neg: true}}},
		{"-40400x", []segment{{text: "40400x", neg: true}}},
		{"a-1", []segment{{text: "a"}, {text: "1"}}},
		{"e=-503003", []segment{{text: "e"}, {text: "503003", neg: true}}},
		{"云-1", []segment{{text: "云", han: true}, {text: "1", neg: true}}},
	} {
		t.Run(tc.in, func(t *testing.T) { assert.Equal(t, tc.want, segments(tc.in)) })
	}
}

func TestPostingsRoundTrip(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{0, 1, 2, 50, 5000} {
		t.Run("", func(t *testing.T) {
			var pairs, docs, imps []int
			doc := r.IntN(3)
			for range n {
				doc += 1 + r.IntN(2000)
				imp := 1 + r.IntN(maxImpact)
				pairs = append(pairs, doc, imp)
				docs, imps = append(docs, doc), append(imps, imp)
			}
			enc := encodePostings(pairs)
			assert.NotContains(t, enc, `"`)
			gotDocs, gotImps, err := decodePostings(enc)
			require.NoError(t, err)
			assert.Equal(t, docs, gotDocs)
			assert.Equal(t, imps, gotImps)
		})
	}
	_, _, err := decodePostings("a!")
	assert.Error(t, err)
}

// decodedIndex is search-index.json, decoded.
type decodedIndex struct {
	V          int      `json:"v"`
	N          int      `json:"n"`
	Platforms  [][]any  `json:"platforms"`
	Docs       [][]any  `json:"docs"`
	Terms      []string `json:"terms"`
	Postings   []string `json:"postings"`
	DocShard   int      `json:"docShard"`
	TermShards []string `json:"termShards"`
	First      int      `json:"first"`
}

func decodeIndex(t *testing.T, data []byte) decodedIndex {
	t.Helper()
	var ix decodedIndex
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	require.NoError(t, dec.Decode(&ix))
	return ix
}

// postingsOf returns the docs of token in a decoded single-file index.
func postingsOf(t *testing.T, ix decodedIndex, token string) map[string]int {
	t.Helper()
	i := sort.SearchStrings(ix.Terms, token)
	if i == len(ix.Terms) || ix.Terms[i] != token {
		return nil
	}
	docs, imps, err := decodePostings(ix.Postings[i])
	require.NoError(t, err)
	out := map[string]int{}
	for k, d := range docs {
		out[ix.Docs[d][1].(string)+"@"+ix.Platforms[int(ix.Docs[d][0].(float64))][0].(string)] = imps[k]
	}
	return out
}

func TestSearchIndexSingle(t *testing.T) {
	files, err := IndexFiles(testCatalog(), 0)
	require.NoError(t, err)
	for name := range files {
		assert.True(t, name == "search-index.js" || !strings.HasSuffix(name, ".js"), "%s: the shards need no script form when search-index.js is the whole index", name)
	}
	ix := decodeIndex(t, files["search-index.json"])
	assert.Equal(t, indexVersion, ix.V)
	assert.Equal(t, 7, ix.N)
	require.Len(t, ix.Docs, ix.N)
	assert.Equal(t, [][]any{{"dingtalk", 0.0, 1.0}, {"wechat", 1.0, 3.0}, {"wecom", 3.0, 7.0}}, ix.Platforms)
	assert.Equal(t, []any{2.0, "40014", "不合法的 access_token", ""}, ix.Docs[4])
	assert.Equal(t, []any{1.0, "-503003", "云资源文件存储错误：文件不存在 / 云资源文件存储错误：非法签名", ""}, ix.Docs[1])
	assert.True(t, sort.StringsAreSorted(ix.Terms), "terms are sorted")
	assert.Len(t, ix.Postings, len(ix.Terms))
	for _, tok := range ix.Terms {
		assert.False(t, strings.HasPrefix(tok, "#"), "code token %s in the single-file form", tok)
	}

	t.Run("fields", func(t *testing.T) {
		acc := postingsOf(t, ix, "access")
		require.Contains(t, acc, "40014@wecom")
		fix := postingsOf(t, ix, "corpid") // only in the fix of wecom 40001
		require.Contains(t, fix, "40001@wecom")
		assert.Less(t, fix["40001@wecom"], acc["40014@wecom"], "fix weighs less than the message")
		ts := postingsOf(t, ix, "有效") // only in troubleshooting
		assert.Contains(t, ts, "40014@wecom")
		assert.Nil(t, postingsOf(t, ix, "效"), "no single characters from fix and troubleshooting")
		assert.Contains(t, postingsOf(t, ix, "函"), "-40400x@wechat", "single characters from messages")
		assert.Contains(t, postingsOf(t, ix, "云开"), "-40400x@wechat", "scope labels are indexed")
		assert.Contains(t, postingsOf(t, ix, "conversation"), "40017@dingtalk")
	})

	t.Run("js form", func(t *testing.T) {
		js := string(files["search-index.js"])
		assert.Equal(t, "window.ERRDEX_INDEX="+string(files["search-index.json"])+";\n", js)
	})
}

// shardOf is the term shard a token is in, by the manifest's first terms:
// the last shard whose first term is ≤ it (the script's Store.shardOf).
func shardOf(first []string, tok string) int {
	return max(0, sort.Search(len(first), func(i int) bool { return first[i] > tok })-1)
}

// TestSearchIndexShards checks the sharded form, which every site ships
// (search-index/manifest.json and its shards) and which search-index.json
// is for a big catalog: the shards hold the whole index, each token in the
// shard the manifest names with the postings of the whole index.
func TestSearchIndexShards(t *testing.T) {
	cat := testCatalog()
	single, err := IndexFiles(cat, 0)
	require.NoError(t, err)
	s := decodeIndex(t, single["search-index.json"])
	// The code tokens the single file leaves out: the script derives them
	// from its docs, each with the largest impact.
	codes := map[string][]string{}
	for i, d := range s.Docs {
		tok := "#" + strings.ToLower(d[1].(string))
		codes[tok] = append(codes[tok], strconv.Itoa(i))
	}
	for _, tc := range []struct {
		name       string
		shardAbove int
		split      bool // search-index.json is the manifest
	}{{"small catalog", 0, false}, {"big catalog", -1, true}} {
		t.Run(tc.name, func(t *testing.T) {
			files, err := IndexFiles(cat, tc.shardAbove)
			require.NoError(t, err)
			m := decodeIndex(t, files[ManifestFile])
			assert.Equal(t, docShardSize, m.DocShard)
			assert.Equal(t, 7, m.N)
			assert.Equal(t, s.Platforms, m.Platforms)
			assert.Nil(t, m.Docs)
			assert.Nil(t, m.Terms)
			require.NotEmpty(t, m.TermShards)
			assert.True(t, sort.StringsAreSorted(m.TermShards))
			if tc.split {
				assert.Equal(t, files[ManifestFile], files["search-index.json"], "a big catalog's search-index.json is the manifest")
			} else {
				assert.Equal(t, single["search-index.json"], files["search-index.json"], "search-index.json stays the whole index")
			}

			// The union of the term shards is the whole index plus the code
			// tokens, each token once, in order, in the shard the manifest
			// names for it.
			var all, posts []string
			for k := range m.TermShards {
				name := "search-index/t" + strconv.Itoa(k)
				sh := decodeIndex(t, files[name+".json"])
				js, ok := files[name+".js"]
				assert.Equal(t, tc.split, ok, "%s.js", name)
				if ok {
					assert.Equal(t, "ERRDEX_SHARD(\"t"+strconv.Itoa(k)+"\","+string(files[name+".json"])+");\n", string(js))
				}
				require.NotEmpty(t, sh.Terms)
				require.Len(t, sh.Postings, len(sh.Terms))
				assert.Equal(t, m.TermShards[k], sh.Terms[0])
				for _, tok := range sh.Terms {
					assert.Equal(t, k, shardOf(m.TermShards, tok), "token %q is reachable through the manifest", tok)
				}
				all = append(all, sh.Terms...)
				posts = append(posts, sh.Postings...)
			}
			var codeToks []string
			for i, tok := range all {
				if !strings.HasPrefix(tok, "#") {
					continue
				}
				codeToks = append(codeToks, tok)
				docs, imps, err := decodePostings(posts[i])
				require.NoError(t, err)
				var ids []string
				for k, d := range docs {
					ids = append(ids, strconv.Itoa(d))
					assert.Equal(t, maxImpact, imps[k])
				}
				assert.Equal(t, codes[tok], ids, "the docs of %s", tok)
			}
			assert.Len(t, codeToks, len(codes))
			assert.Equal(t, append(codeToks, s.Terms...), all)
			assert.Equal(t, s.Postings, posts[len(codeToks):], "the same postings as the whole index")
			assert.Contains(t, codeToks, "#-40400x")
			assert.Contains(t, codeToks, "#40014")

			var docs [][]any
			for k := 0; k*docShardSize < m.N; k++ {
				d := decodeIndex(t, files["search-index/d"+strconv.Itoa(k)+".json"])
				assert.Equal(t, k*docShardSize, d.First)
				docs = append(docs, d.Docs...)
			}
			assert.Equal(t, s.Docs, docs, "the doc shards hold every doc, in order")
		})
	}
}

func TestSearchIndexDeterministic(t *testing.T) {
	for _, shardAbove := range []int{0, -1} {
		a, err := IndexFiles(testCatalog(), shardAbove)
		require.NoError(t, err)
		cat := testCatalog()
		r := rand.New(rand.NewPCG(3, 4))
		r.Shuffle(len(cat.Codes), func(i, j int) { cat.Codes[i], cat.Codes[j] = cat.Codes[j], cat.Codes[i] })
		b, err := IndexFiles(cat, shardAbove)
		require.NoError(t, err)
		assert.Equal(t, a, b, "shardAbove %d: the same catalog, in any order, gives the same bytes", shardAbove)
	}
}

// testCatalog is a small catalog: a plain code, a conflict,
// troubleshooting, a number on two platforms, a pattern code (the same as
// render's).
func testCatalog() *errdex.Catalog {
	wecom := errdex.Source{ID: "wecom-new", Platform: errdex.WeCom, Format: "markdown", Supersedes: "wecom-old"}
	old := errdex.Source{ID: "wecom-old", Platform: errdex.WeCom, Format: "tsv"}
	ding := errdex.Source{ID: "ding", Platform: errdex.DingTalk, Format: "dingtalk"}
	wechat := errdex.Source{ID: "wechat", Platform: errdex.WeChat, Format: "tsv"}
	e := func(src errdex.Source, line int, code, zh, en, fix string) errdex.Entry {
		return errdex.Entry{Source: src.ID, Line: line, Platform: src.Platform, Code: code, ZH: zh, EN: en, Fix: fix, Raw: code}
	}
	ts := e(wecom, 20, "40014", "不合法的 access_token", "", "")
	ts.Troubleshooting = "access_token 参数错误。确认：\n\n1. 在有效期内调用\n2. 见错误码 40001 与 <script>alert(1)</script>"
	cloud1 := e(wechat, 2003, "-503003", "云资源文件存储错误：文件不存在", "", "")
	cloud1.Scope, cloud1.ScopeLabel = "cloudbase", "微信云开发"
	cloud2 := e(wechat, 2004, "-503003", "云资源文件存储错误：非法签名", "", "")
	cloud2.Scope, cloud2.ScopeLabel = "cloudbase", "微信云开发"
	pattern := e(wechat, 1975, "-40400x", "SDK 云函数错误：云函数调用失败", "", "")
	pattern.Scope, pattern.ScopeLabel = "cloudbase", "微信云开发"
	hs := []errdex.Harvest{
		{Source: wecom, Entries: []errdex.Entry{
			e(wecom, 18, "40001", "不合法的 secret 参数", "", "确认 <secret> & corpid 匹配"),
			ts,
			e(wecom, 30, "40017", "不合法的按钮类型", "", "支持的类型，参考：按钮类型"),
			e(wecom, 90, "40093", "jsapi 签名错误", "", ""),
		}},
		{Source: old, Entries: []errdex.Entry{
			e(old, 9, "40001", "不合法的secret参数", "", ""),
			e(old, 80, "40093", "不合法的jsapi_ticket参数", "", ""),
		}},
		{Source: ding, Entries: []errdex.Entry{
			e(ding, 236, "40017", "", "No one from the sender's company in the conversation", "Check the conversation members."),
		}},
		{Source: wechat, Entries: []errdex.Entry{cloud1, cloud2, pattern}},
	}
	// The measure cannot tell -503003's two rows apart; a maintainer's
	// review flags them, as content/reviews.toml does.
	fp := errdex.Merge(hs).Lookup(errdex.WeChat, "-503003").Fingerprint()
	return errdex.Merge(hs, errdex.WithReviews([]errdex.Review{{
		Platform: errdex.WeChat, Code: "-503003", Verdict: errdex.Different,
		Note: "file not found vs illegal signature", Date: "2026-12-01", Wordings: fp,
	}}))
}
