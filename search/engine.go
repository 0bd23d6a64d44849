package search

import (
	"math"
	"sort"
	"strings"

	"errdex"
)

// Ranking holds the numbers of the ranking (docs/search.md, "Ranking").
// The script gets them from ScriptConfig; Engine uses the same, so the
// site's search and `errdex explain` rank alike.
type Ranking struct {
	Exact        float64 `json:"exact"`        // code score of the code as typed
	Pattern      float64 `json:"pattern"`      // code score of a pattern code over it (-40400x)
	Prefix       float64 `json:"prefix"`       // code score of a longer code it starts…
	PrefixStep   float64 `json:"prefixStep"`   // …less this per extra character…
	PrefixCap    int     `json:"prefixCap"`    // …counted up to this many
	PrefixWeight float64 `json:"prefixWeight"` // weight of a term's prefix expansions
	Expansions   int     `json:"expansions"`   // prefix expansions looked at, at most
	CodeFactor   float64 `json:"codeFactor"`   // a code score's weight against text
	CoverShort   float64 `json:"coverShort"`   // share of terms a doc must match, queries of ≤ 2 terms
	Cover        float64 `json:"cover"`        // the same, longer queries
	CoverPasted  float64 `json:"coverPasted"`  // the same, pasted responses
	Near         float64 `json:"near"`         // code score of a code one edit away, when the query is only codes and none is exact
	NearDigits   int     `json:"nearDigits"`   // the fewest digits a code needs for near misses
	// Last is added to the code score of the docs of the platform the
	// reader last used (a browser-only input: LastUsed), when the query
	// names no platform and is no pasted response. It is below every gap
	// between code scores, so it orders only docs of the same kind of code
	// match (the three exact 60011s), and above what the words of a bare
	// code query add.
	Last float64 `json:"last"`
}

// ranking is the one ranking of errdex's search.
var ranking = Ranking{
	Exact: 100, Pattern: 90, Prefix: 60, PrefixStep: 5, PrefixCap: 8,
	PrefixWeight: 0.7, Expansions: 64, CodeFactor: 10,
	CoverShort: 1, Cover: 0.6, CoverPasted: 0.5,
	Near: 50, NearDigits: 4, Last: 1,
}

// Option changes one search: see LastUsed.
type Option func(*options)

type options struct {
	last errdex.Platform
}

// LastUsed ranks the docs of platform p first among those of the same code
// score (Ranking.Last): in the browser, p is the platform of the code page
// the reader last opened or the result they last picked. "" changes
// nothing.
func LastUsed(p errdex.Platform) Option {
	return func(o *options) { o.last = p }
}

// Engine runs queries over a catalog in Go, as the site's script runs
// them in the browser: the same index, query rules and ranking. It backs
// `errdex explain`; testdata/queries.tsv holds the cases both must pass.
type Engine struct {
	rules *Rules
	ix    *index
	post  map[string]postingList
	terms []string // sorted, code tokens included
}

type postingList struct{ docs, impacts []int }

// Hit is one result of a search.
type Hit struct {
	Platform errdex.Platform
	Code     string
	Score    float64
	Exact    bool // the code as typed (or the one pattern code over it)
}

// Result is what a search found.
type Result struct {
	Query   Query
	Hits    []Hit // best first
	Exact   int   // how many hits have the code as typed
	Widened bool  // no hit on the query's platforms: the others are shown
	Near    bool  // no code is as typed: codes one edit away are ranked in
}

// NewEngine indexes cat.
func NewEngine(cat *errdex.Catalog) (*Engine, error) {
	rules, err := NewRules(cat.PlatformTable())
	if err != nil {
		return nil, err
	}
	ix := buildIndex(cat)
	e := &Engine{rules: rules, ix: ix, post: map[string]postingList{}, terms: ix.terms}
	for i, t := range ix.terms {
		docs, imps, err := decodePostings(ix.postings[i])
		if err != nil {
			return nil, err
		}
		e.post[t] = postingList{docs, imps}
	}
	return e, nil
}

// Rules returns the engine's query rules.
func (e *Engine) Rules() *Rules { return e.rules }

type lookup struct {
	token  string
	kind   string // exact, pattern or prefix
	prefix bool
}

// codeLookups lists the code tokens of a code: itself, the pattern codes
// it falls under ("-404001" under "-40400x"), and, unless pasted, the
// longer codes it starts.
func codeLookups(c string, pasted bool) []lookup {
	out := []lookup{{token: codeTokenPrefix + c, kind: "exact"}}
	digits := strings.TrimPrefix(c, "-")
	if isDigits(digits) {
		for k := 1; k <= 3 && k < len(digits); k++ {
			out = append(out, lookup{token: codeTokenPrefix + c[:len(c)-k] + "xxx"[:k], kind: "pattern"})
		}
	}
	if !pasted && len(digits) >= 2 {
		out = append(out, lookup{token: codeTokenPrefix + c, kind: "prefix", prefix: true})
	}
	return out
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// nearCodes lists the codes one edit away from c (a digit deleted,
// inserted, replaced, or two neighbours swapped), for a typed code of
// NearDigits digits or more. The script makes the same list (nearCodes).
func nearCodes(c string) []string {
	neg := strings.HasPrefix(c, "-")
	d := strings.TrimPrefix(c, "-")
	if !isDigits(d) || len(d) < ranking.NearDigits {
		return nil
	}
	sign := ""
	if neg {
		sign = "-"
	}
	seen := map[string]bool{d: true}
	var out []string
	add := func(s string) {
		if !seen[s] {
			seen[s] = true
			out = append(out, sign+s)
		}
	}
	const digits = "0123456789"
	for i := 0; i <= len(d); i++ {
		if i < len(d) {
			add(d[:i] + d[i+1:])
			for _, x := range digits {
				add(d[:i] + string(x) + d[i+1:])
			}
		}
		for _, x := range digits {
			add(d[:i] + string(x) + d[i:])
		}
		if i+1 < len(d) {
			add(d[:i] + d[i+1:i+2] + d[i:i+1] + d[i+2:])
		}
	}
	return out
}

// expand lists the tokens longer than prefix that start with it, at most
// ranking.Expansions.
func (e *Engine) expand(prefix string) []string {
	var out []string
	for i := sort.SearchStrings(e.terms, prefix); i < len(e.terms) && len(out) < ranking.Expansions; i++ {
		t := e.terms[i]
		if !strings.HasPrefix(t, prefix) {
			break
		}
		if t != prefix {
			out = append(out, t)
		}
	}
	return out
}

func (e *Engine) platformOf(doc int) errdex.Platform {
	for _, r := range e.ix.platforms {
		if doc >= r.Lo && doc < r.Hi {
			return errdex.Platform(r.Name)
		}
	}
	return ""
}

type hit struct {
	doc   int
	score float64
	exact int
}

// rank scores every doc the query reaches; with near, the codes one edit
// away from each code of the query too. The docs of platform last get
// Ranking.Last when the query names no platform and is not pasted.
func (e *Engine) rank(q Query, near bool, last errdex.Platform) []hit {
	n := float64(len(e.ix.docs))
	code := map[int]float64{}
	exact := map[int]int{}
	text := map[int]float64{}
	matched := map[int]int{}
	touched := map[int]bool{}
	for _, c := range q.Codes {
		for _, l := range codeLookups(c, q.Pasted) {
			if l.kind == "prefix" {
				for _, t := range e.expand(l.token) {
					extra := min(len(t)-len(l.token), ranking.PrefixCap)
					s := ranking.Prefix - ranking.PrefixStep*float64(extra)
					for _, d := range e.post[t].docs {
						touched[d] = true
						code[d] = max(code[d], s)
					}
				}
				continue
			}
			p, ok := e.post[l.token]
			if !ok {
				continue
			}
			s, x := ranking.Pattern, 1
			if l.kind == "exact" {
				s, x = ranking.Exact, 2
			}
			for _, d := range p.docs {
				touched[d] = true
				code[d] = max(code[d], s)
				exact[d] = max(exact[d], x)
			}
		}
	}
	if near {
		for _, c := range q.Codes {
			for _, nc := range nearCodes(c) {
				for _, d := range e.post[codeTokenPrefix+nc].docs {
					touched[d] = true
					code[d] = max(code[d], ranking.Near)
				}
			}
		}
	}
	idf := func(df int) float64 { return math.Log(1 + n/float64(max(df, 1))) }
	for _, term := range q.Terms {
		best := map[int]float64{}
		add := func(p postingList, w float64) {
			f := idf(len(p.docs)) * w / maxImpact
			for i, d := range p.docs {
				if s := f * float64(p.impacts[i]); s > best[d] {
					best[d] = s
				}
			}
		}
		if p, ok := e.post[term.Token]; ok {
			add(p, 1)
		}
		if term.Prefix {
			for _, t := range e.expand(term.Token) {
				add(e.post[t], ranking.PrefixWeight)
			}
		}
		for d, s := range best {
			touched[d] = true
			text[d] += s
			matched[d]++
		}
	}
	anyCode := false
	for d := range touched {
		anyCode = anyCode || code[d] > 0
	}
	T := float64(len(q.Terms))
	minCov := ranking.Cover
	if len(q.Terms) <= 2 {
		minCov = ranking.CoverShort
	}
	if q.Pasted {
		minCov = ranking.CoverPasted
	}
	if last != "" && len(q.Platforms) == 0 && !q.Pasted {
		for d := range touched {
			if code[d] > 0 && e.platformOf(d) == last {
				code[d] += ranking.Last
			}
		}
	}
	var hits []hit
	for d := range touched {
		cov := 0.0
		if T > 0 {
			cov = float64(matched[d]) / T
		}
		if code[d] > 0 || (T > 0 && cov >= minCov && !(q.Pasted && anyCode)) {
			hits = append(hits, hit{doc: d, score: code[d]*ranking.CodeFactor + text[d]*cov*cov, exact: exact[d]})
		}
	}
	sort.Slice(hits, func(i, j int) bool {
		if hits[i].score != hits[j].score {
			return hits[i].score > hits[j].score
		}
		return hits[i].doc < hits[j].doc
	})
	return hits
}

// Search runs raw as the site's search box does, with the options given.
func (e *Engine) Search(raw string, opts ...Option) Result {
	var o options
	for _, f := range opts {
		f(&o)
	}
	q := e.rules.Parse(raw)
	ranked := q
	if q.Pasted {
		// A pasted response names its code: when one doc has it, the words
		// of errmsg have nothing to rank.
		seen := map[int]bool{}
		for _, c := range q.Codes {
			for _, l := range codeLookups(c, true) {
				for _, d := range e.post[l.token].docs {
					if len(q.Platforms) == 0 || containsPlatform(q.Platforms, e.platformOf(d)) {
						seen[d] = true
					}
				}
			}
		}
		if len(seen) <= 1 {
			ranked = Query{Platforms: q.Platforms, Codes: q.Codes, Pasted: true}
		}
	}
	hs := e.rank(ranked, false, o.last)
	res := Result{Query: q}
	if onlyCodes(q) && !anyExact(hs) {
		// No code is as typed: rank in the codes one edit away (4014: 40014).
		if near := e.rank(ranked, true, o.last); len(near) > len(hs) {
			hs, res.Near = near, true
		}
	}
	if len(q.Platforms) > 0 {
		var kept []hit
		for _, h := range hs {
			if containsPlatform(q.Platforms, e.platformOf(h.doc)) {
				kept = append(kept, h)
			}
		}
		if len(kept) > 0 || len(hs) == 0 {
			hs = kept
		} else {
			res.Widened = true
		}
	}
	top := 2
	for _, h := range hs {
		if h.exact == 2 {
			res.Exact++
		}
	}
	if res.Exact == 0 {
		top = 1
		for _, h := range hs {
			if h.exact == 1 {
				res.Exact++
			}
		}
	}
	for _, h := range hs {
		d := e.ix.docs[h.doc]
		res.Hits = append(res.Hits, Hit{Platform: e.platformOf(h.doc), Code: d.Code, Score: h.score, Exact: h.exact == top})
	}
	return res
}

// onlyCodes reports whether q is codes alone (its terms are their
// digits): a typo in a code gets near misses, a number in a sentence
// (max length 4096) does not.
func onlyCodes(q Query) bool {
	if q.Pasted || len(q.Codes) == 0 {
		return false
	}
	for _, t := range q.Terms {
		if !isDigits(t.Token) {
			return false
		}
	}
	return true
}

func anyExact(hs []hit) bool {
	for _, h := range hs {
		if h.exact > 0 {
			return true
		}
	}
	return false
}

func containsPlatform(ps []errdex.Platform, p errdex.Platform) bool {
	for _, x := range ps {
		if x == p {
			return true
		}
	}
	return false
}
