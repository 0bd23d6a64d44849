package search

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"errdex"
)

const (
	// indexVersion is the "v" of every index file; bump it when the format changes.
	indexVersion = 1
	// defaultShardAbove is the size of the single-file index (JSON bytes)
	// above which the index is split into shards.
	defaultShardAbove = 2 << 20
	// termShardBytes is the size a term shard is filled up to; a single
	// token with a longer posting list gets a shard of its own.
	termShardBytes = 8 << 10
	// docShardSize is the number of docs per doc shard.
	docShardSize = 32
	// textRunes is where a doc's display text is cut.
	textRunes = 80
	// maxImpact is the largest quantized impact of a posting (the script
	// gets it from ScriptConfig).
	maxImpact = 7
	// codeTokenPrefix starts the tokens that hold codes, e.g. "#40014"
	// (the script gets it from ScriptConfig).
	codeTokenPrefix = "#"
)

// BM25 parameters and field weights for the impacts. Message texts (the
// Chinese and English meaning, every wording of it) weigh fieldMessage;
// fix, troubleshooting and scope labels weigh fieldFix. Codes do not go
// through the impacts: the script ranks a code match above any text match.
const (
	bm25K1       = 1.2
	bm25B        = 0.75
	fieldMessage = 3.0
	fieldFix     = 1.0
)

// IndexFiles renders only the search index of cat, as Files writes it
// (not minified):
//
//   - search-index.json, the published index, and the same data as the
//     script search-index.js (for file://): the whole index in one file, or,
//     when that file would be larger than shardAbove bytes (0 means the
//     default, 2 MiB; a negative value always shards), the manifest of the
//     shards;
//   - always, the sharded form the hosted search loads a query's part of:
//     search-index/manifest.json, the term shards search-index/t<k>.json and
//     the doc shards search-index/d<k>.json;
//   - the shards' script forms search-index/<name>.js when search-index.js
//     is the manifest (from file:// the script then loads them).
func IndexFiles(cat *errdex.Catalog, shardAbove int) (map[string][]byte, error) {
	if shardAbove == 0 {
		shardAbove = defaultShardAbove
	}
	ix := buildIndex(cat)
	single, err := encodeJSON(ix.single())
	if err != nil {
		return nil, err
	}
	split := shardAbove < 0 || len(single) > shardAbove
	files, manifest, err := ix.sharded(split)
	if err != nil {
		return nil, err
	}
	files[ManifestFile] = manifest
	if split {
		single = manifest
	}
	files["search-index.json"] = single
	files["search-index.js"] = jsAssign(single)
	return files, nil
}

// ManifestFile is the manifest of the sharded index, the one file of the
// index the hosted search always loads.
const ManifestFile = "search-index/manifest.json"

// jsAssign is the script form of the index: it assigns the global the
// search script reads.
func jsAssign(data []byte) []byte {
	var b bytes.Buffer
	b.WriteString("window.ERRDEX_INDEX=")
	b.Write(data)
	b.WriteString(";\n")
	return b.Bytes()
}

// jsShard is the script form of a shard: it hands the data to the search
// script's callback.
func jsShard(name string, data []byte) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "ERRDEX_SHARD(%q,", name)
	b.Write(data)
	b.WriteString(");\n")
	return b.Bytes()
}

// encodeJSON encodes v compactly, without HTML escaping and without the
// trailing newline.
func encodeJSON(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, fmt.Errorf("render: search index: %w", err)
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}

// index is the search index in memory.
type index struct {
	platforms []platformRange
	docs      []indexDoc
	terms     []string // sorted
	postings  []string // postings[i] belongs to terms[i], encoded
}

// platformRange is the doc ids [Lo, Hi) of one platform; docs are sorted
// by platform, so each platform's docs are contiguous.
type platformRange struct {
	Name   string
	Lo, Hi int
}

// MarshalJSON writes the range as ["wecom", lo, hi].
func (r platformRange) MarshalJSON() ([]byte, error) {
	return json.Marshal([]any{r.Name, r.Lo, r.Hi})
}

// indexDoc is what a result shows: [platform index, code, zh, en]. The
// page is platform/code/.
type indexDoc struct {
	Platform int
	Code     string
	ZH, EN   string
}

// MarshalJSON writes the doc as an array.
func (d indexDoc) MarshalJSON() ([]byte, error) {
	return encodeJSON([]any{d.Platform, d.Code, d.ZH, d.EN})
}

// singleIndex is search-index.json for a catalog that needs no shards.
type singleIndex struct {
	V         int             `json:"v"`
	N         int             `json:"n"`
	Platforms []platformRange `json:"platforms"`
	Docs      []indexDoc      `json:"docs"`
	Terms     []string        `json:"terms"`
	Postings  []string        `json:"postings"`
}

// shardManifest is search-index.json for a sharded index.
type shardManifest struct {
	V         int             `json:"v"`
	N         int             `json:"n"`
	Platforms []platformRange `json:"platforms"`
	// DocShard is the number of docs per doc shard: doc i is in
	// search-index/d<i/DocShard>.json.
	DocShard int `json:"docShard"`
	// TermShards is the first token of each term shard: a token is in the
	// last shard whose first token is ≤ it, search-index/t<k>.json.
	TermShards []string `json:"termShards"`
}

// termShard is one search-index/t<k>.json.
type termShard struct {
	V        int      `json:"v"`
	Terms    []string `json:"terms"`
	Postings []string `json:"postings"`
}

// docShard is one search-index/d<k>.json.
type docShard struct {
	V     int        `json:"v"`
	First int        `json:"first"`
	Docs  []indexDoc `json:"docs"`
}

// single is the one-file form. It leaves out the code tokens: they sort
// first, and the script derives them from docs.
func (ix *index) single() singleIndex {
	k := sort.Search(len(ix.terms), func(i int) bool { return !strings.HasPrefix(ix.terms[i], codeTokenPrefix) })
	return singleIndex{V: indexVersion, N: len(ix.docs), Platforms: ix.platforms, Docs: ix.docs, Terms: ix.terms[k:], Postings: ix.postings[k:]}
}

// sharded splits the index: term shards by token range, each filled up to
// termShardBytes of JSON, and doc shards of docShardSize docs. It returns
// the shard files (with their script forms when scripts is set) and the
// manifest.
func (ix *index) sharded(scripts bool) (map[string][]byte, []byte, error) {
	files := map[string][]byte{}
	put := func(name string, v any) error {
		data, err := encodeJSON(v)
		if err != nil {
			return err
		}
		files["search-index/"+name+".json"] = data
		if scripts {
			files["search-index/"+name+".js"] = jsShard(name, data)
		}
		return nil
	}
	m := shardManifest{V: indexVersion, N: len(ix.docs), Platforms: ix.platforms, DocShard: docShardSize}
	var cur termShard
	size := 0
	flush := func() error {
		if len(cur.Terms) == 0 {
			return nil
		}
		name := "t" + strconv.Itoa(len(m.TermShards))
		m.TermShards = append(m.TermShards, cur.Terms[0])
		cur.V = indexVersion
		err := put(name, cur)
		cur, size = termShard{}, 0
		return err
	}
	for i, t := range ix.terms {
		n := len(t) + len(ix.postings[i]) + 6
		if size > 0 && size+n > termShardBytes {
			if err := flush(); err != nil {
				return nil, nil, err
			}
		}
		cur.Terms = append(cur.Terms, t)
		cur.Postings = append(cur.Postings, ix.postings[i])
		size += n
	}
	if err := flush(); err != nil {
		return nil, nil, err
	}
	for lo := 0; lo < len(ix.docs); lo += docShardSize {
		hi := min(lo+docShardSize, len(ix.docs))
		if err := put("d"+strconv.Itoa(lo/docShardSize), docShard{V: indexVersion, First: lo, Docs: ix.docs[lo:hi]}); err != nil {
			return nil, nil, err
		}
	}
	data, err := encodeJSON(m)
	if err != nil {
		return nil, nil, err
	}
	return files, data, nil
}

// indexText is one text of a doc that is indexed, with its field weight.
type indexText struct {
	text   string
	weight float64
}

// docTexts lists the texts of a code that are indexed: every meaning's and
// wording's Chinese and English text, and the message of every observed
// API response, at the message weight; fixes, troubleshooting and scope
// labels at the fix weight. Each distinct text once.
func docTexts(c *errdex.Code) []indexText {
	var out []indexText
	seen := map[string]bool{}
	add := func(s string, w float64) {
		s = strings.TrimSpace(s)
		if s == "" || seen[s] {
			return
		}
		seen[s] = true
		out = append(out, indexText{s, w})
	}
	for _, m := range c.Meanings {
		add(m.ZH, fieldMessage)
		add(m.EN, fieldMessage)
		for _, w := range m.Wordings {
			add(w.ZH, fieldMessage)
			add(w.EN, fieldMessage)
		}
	}
	for _, m := range c.Meanings {
		add(m.Fix, fieldFix)
		add(m.Troubleshooting, fieldFix)
		for _, w := range m.Wordings {
			add(w.Fix, fieldFix)
			add(w.Troubleshooting, fieldFix)
		}
		for _, l := range m.ScopeLabels {
			add(l, fieldFix)
		}
	}
	// What the API returns, without its variable parts, weighs as a
	// message: it is what readers paste.
	for _, r := range c.Responses {
		add(r.Text(), fieldMessage)
	}
	return out
}

// displayText joins the distinct non-empty texts with " / " and cuts the
// result at textRunes runes.
func displayText(texts []string) string {
	var parts []string
	seen := map[string]bool{}
	for _, t := range texts {
		t = strings.TrimSpace(t)
		if t != "" && !seen[t] {
			seen[t] = true
			parts = append(parts, t)
		}
	}
	s := strings.Join(parts, " / ")
	if utf8.RuneCountInString(s) > textRunes {
		r := []rune(s)
		s = strings.TrimSpace(string(r[:textRunes-1])) + "…"
	}
	return s
}

// buildIndex tokenizes every code of cat and computes the postings.
func buildIndex(cat *errdex.Catalog) *index {
	table := cat.PlatformTable()
	platformIndex := table.Index
	codes := append([]*errdex.Code(nil), cat.Codes...)
	sort.SliceStable(codes, func(i, j int) bool {
		ri, rj := platformIndex(codes[i].Platform), platformIndex(codes[j].Platform)
		if ri != rj {
			return ri < rj
		}
		return errdex.CodeLess(codes[i].Code, codes[j].Code)
	})
	ix := &index{}
	for i, p := range table.IDs() {
		r := platformRange{Name: string(p)}
		r.Lo = sort.Search(len(codes), func(k int) bool { return platformIndex(codes[k].Platform) >= i })
		r.Hi = sort.Search(len(codes), func(k int) bool { return platformIndex(codes[k].Platform) > i })
		ix.platforms = append(ix.platforms, r)
	}

	// Average text lengths per field weight, for BM25's length normalization.
	texts := make([][]indexText, len(codes))
	sum := map[float64]float64{}
	cnt := map[float64]float64{}
	for i, c := range codes {
		texts[i] = docTexts(c)
		for _, t := range texts[i] {
			sum[t.weight] += float64(textLength(t.text))
			cnt[t.weight]++
		}
	}
	avg := func(w float64) float64 {
		if cnt[w] == 0 || sum[w] == 0 {
			return 1
		}
		return sum[w] / cnt[w]
	}

	post := map[string][]int{} // token → doc, impact, doc, impact, …
	for i, c := range codes {
		var zh, en []string
		for _, m := range c.Meanings {
			zh = append(zh, m.ZH)
			en = append(en, m.EN)
		}
		ix.docs = append(ix.docs, indexDoc{Platform: platformIndex(c.Platform), Code: c.Code, ZH: displayText(zh), EN: displayText(en)})

		best := map[string]float64{}
		for _, t := range texts[i] {
			toks := indexTokens(t.text, t.weight == fieldMessage)
			tf := map[string]int{}
			for _, tok := range toks {
				tf[tok]++
			}
			norm := bm25K1 * (1 - bm25B + bm25B*float64(textLength(t.text))/avg(t.weight))
			for tok, n := range tf {
				s := t.weight * float64(n) * (bm25K1 + 1) / (float64(n) + norm)
				best[tok] = max(best[tok], s)
			}
		}
		toks := make([]string, 0, len(best)+1)
		for tok := range best {
			toks = append(toks, tok)
		}
		sort.Strings(toks)
		ct := codeTokenPrefix + strings.ToLower(c.Code)
		post[ct] = append(post[ct], i, maxImpact)
		for _, tok := range toks {
			post[tok] = append(post[tok], i, quantize(best[tok]))
		}
	}
	for tok := range post {
		ix.terms = append(ix.terms, tok)
	}
	sort.Strings(ix.terms)
	for _, tok := range ix.terms {
		ix.postings = append(ix.postings, encodePostings(post[tok]))
	}
	return ix
}

// quantize maps an impact to 1…maxImpact. The largest impact a single
// occurrence reaches is that of a one-token message text.
func quantize(s float64) int {
	top := fieldMessage * (bm25K1 + 1) / (1 + bm25K1*(1-bm25B))
	q := int(math.Round(s / top * maxImpact))
	return min(max(q, 1), maxImpact)
}

// postingDigits (the script gets them from ScriptConfig) are the digits of a posting list: a value is written in
// base 32, most significant digit first, every digit but the last from the
// second half of the alphabet.
const postingDigits = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_"

// encodePostings turns doc, impact pairs (docs ascending, each doc once)
// into the index form: for each doc the value gap×8 + impact, the gap
// counted from the previous doc (from 0 for the first), written with
// postingDigits.
func encodePostings(pairs []int) string {
	var b []byte
	prev := 0
	for k := 0; k+1 < len(pairs); k += 2 {
		v := (pairs[k]-prev)*(maxImpact+1) + pairs[k+1]
		prev = pairs[k]
		var digits [8]byte
		n := len(digits) - 1
		digits[n] = postingDigits[v%32]
		for v /= 32; v > 0; v /= 32 {
			n--
			digits[n] = postingDigits[32+v%32]
		}
		b = append(b, digits[n:]...)
	}
	return string(b)
}

// decodePostings is the inverse of encodePostings.
func decodePostings(enc string) (docs, impacts []int, err error) {
	doc, v := 0, 0
	for i := 0; i < len(enc); i++ {
		d := strings.IndexByte(postingDigits, enc[i])
		if d < 0 {
			return nil, nil, fmt.Errorf("posting list: bad digit %q", enc[i])
		}
		if d >= 32 {
			v = v*32 + d - 32
			continue
		}
		v = v*32 + d
		doc += v / (maxImpact + 1)
		docs = append(docs, doc)
		impacts = append(impacts, v%(maxImpact+1))
		v = 0
	}
	return docs, impacts, nil
}
