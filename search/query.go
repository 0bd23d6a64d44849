package search

// Query understanding, mirrored in static/js/20-search.js (parse). The
// data both use (the platform words, the patterns) is made here and handed
// to the script by ScriptConfig.

import (
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"unicode/utf8"

	"errdex"
)

// Patterns are the regular expressions of the query language, written in
// the syntax Go's regexp and JavaScript's RegExp read alike.
type Patterns struct {
	URL      string `json:"url"`      // a URL: left out of texts and queries
	Errcode  string `json:"errcode"`  // errcode: N of a pasted response; group 1 is N
	Errmsg   string `json:"errmsg"`   // errmsg: "…"; group 1 is the JSON string's body
	Devtool  string `json:"devtool"`  // WeCom's devtool URL; group 1 is the code
	Noise    string `json:"noise"`    // what WeCom and WeChat append to errmsg (hint, rid, the caller's IP, help links): left out of any query it is found in
	CodeWord string `json:"codeWord"` // a word that is a code: up to 32 digits, then up to 8 x (within errdex.ValidCode)
}

// patterns are the query language's patterns.
var patterns = Patterns{
	URL:      `https?://[^\t\n\v\f\r "'<>()\[\]{}]+`,
	Errcode:  `errcode["']?[ \t\r\n]*[:=][ \t\r\n]*["']?(-?[0-9]+)`,
	Errmsg:   `errmsg["']?[ \t\r\n]*[:=][ \t\r\n]*"((?:[^"\\]|\\.)*)`,
	Devtool:  `open\.work\.weixin\.qq\.com/devtool/query\?e=(-?[0-9]+)`,
	Noise:    `hints?:[ \t]*\[[^\]]*\]?|rid:[ \t]*[0-9a-z-]+|from ip:[ \t]*[0-9a-f.:]*|ipv6[ \t]*[0-9a-f.:]+|(?:^|[^0-9.])[0-9]{1,3}(?:\.[0-9]{1,3}){3}(?:[^0-9.]|$)|more info at|more details at|view more at`,
	CodeWord: `^[0-9]{1,32}x{0,8}$`,
}

var (
	errcodePattern = regexp.MustCompile(patterns.Errcode)
	errmsgPattern  = regexp.MustCompile(patterns.Errmsg)
	devtoolPattern = regexp.MustCompile(patterns.Devtool)
	noisePattern   = regexp.MustCompile(patterns.Noise)
	codeWord       = regexp.MustCompile(patterns.CodeWord)
)

// devtoolPlatform is the platform whose devtool URL devtoolPattern reads.
const devtoolPlatform = errdex.WeCom

// Query is what the search understands of what was typed.
type Query struct {
	Platforms []errdex.Platform // filters, in table order
	Codes     []string          // code candidates, folded ("-40400x")
	Terms     []Term            // text terms, distinct
	Pasted    bool              // an API response or devtool URL: the code decides, words only rank
}

// Term is a token to look up; Prefix also matches longer tokens (for
// words of three or more letters).
type Term struct {
	Token  string
	Prefix bool
}

// String writes q as the query cases do (testdata/queries.tsv): the
// non-empty fields of "platforms=a,b codes=c terms=t,w* pasted", a prefix
// term marked with "*"; "" for an empty query.
func (q Query) String() string {
	var f []string
	if len(q.Platforms) > 0 {
		ps := make([]string, len(q.Platforms))
		for i, p := range q.Platforms {
			ps[i] = string(p)
		}
		f = append(f, "platforms="+strings.Join(ps, ","))
	}
	if len(q.Codes) > 0 {
		f = append(f, "codes="+strings.Join(q.Codes, ","))
	}
	if len(q.Terms) > 0 {
		ts := make([]string, len(q.Terms))
		for i, t := range q.Terms {
			ts[i] = t.Token
			if t.Prefix {
				ts[i] += "*"
			}
		}
		f = append(f, "terms="+strings.Join(ts, ","))
	}
	if q.Pasted {
		f = append(f, "pasted")
	}
	return strings.Join(f, " ")
}

// PlatformWord is a word that filters the search by a platform.
type PlatformWord struct {
	Word     string
	Platform errdex.Platform
}

// Rules are the query rules of one platform table.
type Rules struct {
	table errdex.PlatformTable
	// words: Han words longest first (a Han run is read from its start, so
	// that 企业微信 is not read as 企业 and 微信), then ASCII words; each
	// folded.
	words   []PlatformWord
	devtool errdex.Platform // devtoolPlatform when the table has it
}

// NewRules makes the rules of table t. A platform's words are its id, its
// lower-cased English name and its Chinese name, when each is one word of
// letters and digits or one run of Chinese characters, and its Words,
// which must each be such a word of at least two characters. No word may
// name two platforms.
func NewRules(t errdex.PlatformTable) (*Rules, error) {
	r := &Rules{table: t}
	owner := map[string]errdex.Platform{}
	for _, p := range t {
		auto := []string{string(p.ID), strings.ToLower(p.Name), p.NameZH}
		for i, w := range append(auto, p.Words...) {
			w = foldString(strings.TrimSpace(w))
			if err := checkWord(w); err != nil {
				if i < len(auto) {
					continue // a name of several words filters by its other words
				}
				return nil, fmt.Errorf("platform %q: word %q: %w", p.ID, w, err)
			}
			if o, ok := owner[w]; ok {
				if o == p.ID {
					continue
				}
				return nil, fmt.Errorf("platform %q: word %q already names platform %q", p.ID, w, o)
			}
			owner[w] = p.ID
			r.words = append(r.words, PlatformWord{Word: w, Platform: p.ID})
		}
	}
	sort.SliceStable(r.words, func(i, j int) bool {
		a, b := r.words[i].Word, r.words[j].Word
		ha, hb := a[0] >= 0x80, b[0] >= 0x80
		if ha != hb {
			return ha
		}
		if na, nb := utf8.RuneCountInString(a), utf8.RuneCountInString(b); ha && na != nb {
			return na > nb
		}
		return a < b
	})
	if _, ok := t.Lookup(devtoolPlatform); ok {
		r.devtool = devtoolPlatform
	}
	return r, nil
}

// checkWord reports why folded w cannot be a platform word.
func checkWord(w string) error {
	sg := segments(w)
	if len(sg) != 1 || sg[0].text != w {
		return fmt.Errorf("a search word is one word of letters and digits, or one run of Chinese characters")
	}
	if utf8.RuneCountInString(w) < 2 {
		return fmt.Errorf("a search word has at least two characters")
	}
	if codeWord.MatchString(w) {
		return fmt.Errorf("a code cannot be a search word")
	}
	return nil
}

// Words lists the platform words in the order they are tried.
func (r *Rules) Words() []PlatformWord { return append([]PlatformWord(nil), r.words...) }

// Parse reads a query: a pasted response ({"errcode":…,"errmsg":…}) or
// WeCom devtool URL gives the code (and the URL the platform); platform
// words filter; numbers are code candidates; the rest are text terms.
func (r *Rules) Parse(raw string) Query {
	var q Query
	s := foldString(raw)
	plats := map[errdex.Platform]bool{}
	codes := map[string]bool{}
	addCode := func(c string) {
		if !codes[c] {
			codes[c] = true
			q.Codes = append(q.Codes, c)
		}
	}
	text := s
	if m := errcodePattern.FindStringSubmatch(s); m != nil {
		q.Pasted = true
		addCode(m[1])
		text = errcodePattern.ReplaceAllString(s, " ")
		if mm := errmsgPattern.FindStringSubmatch(s); mm != nil {
			text = mm[1]
			var dec string
			if json.Unmarshal([]byte(`"`+mm[1]+`"`), &dec) == nil {
				text = foldString(dec)
			}
		}
	}
	if m := devtoolPattern.FindStringSubmatch(s); m != nil {
		q.Pasted = true
		addCode(m[1])
		if r.devtool != "" {
			plats[r.devtool] = true
		}
	}
	// The parts the APIs append to every errmsg are left out of any query,
	// pasted with its code or not.
	text = noisePattern.ReplaceAllString(urlPattern.ReplaceAllString(text, " "), " ")

	var platTerms []segment // the platform words, in case nothing else is left
	var segs []segment
	for _, sg := range segments(text) {
		if !sg.han {
			if p, ok := r.platformWord(sg.text); ok {
				plats[p] = true
				platTerms = append(platTerms, sg)
				continue
			}
			segs = append(segs, sg)
			continue
		}
		// A Han run that is, or starts with, a platform word (with at
		// least two characters left over) gives the platform.
		rest := sg.text
		for {
			p, n := r.hanPlatformPrefix(rest)
			if n == 0 {
				break
			}
			left := rest[n:]
			if left != "" && utf8.RuneCountInString(left) < 2 {
				break
			}
			plats[p] = true
			platTerms = append(platTerms, segment{text: rest[:n], han: true})
			rest = left
		}
		if rest != "" {
			segs = append(segs, segment{text: rest, han: true})
		}
	}

	terms := map[Term]bool{}
	addTerm := func(t Term) {
		if !terms[t] {
			terms[t] = true
			q.Terms = append(q.Terms, t)
		}
	}
	addSeg := func(sg segment) {
		if sg.han {
			rs := []rune(sg.text)
			if len(rs) == 1 {
				addTerm(Term{Token: sg.text})
			}
			for i := 0; i+1 < len(rs); i++ {
				addTerm(Term{Token: string(rs[i : i+2])})
			}
			return
		}
		if codeWord.MatchString(sg.text) {
			if !q.Pasted {
				c := sg.text
				if sg.neg {
					c = "-" + c
				}
				addCode(c)
				if len(sg.text) >= 2 {
					addTerm(Term{Token: sg.text})
				}
			}
			return
		}
		if len(sg.text) >= 2 {
			addTerm(Term{Token: sg.text, Prefix: len(sg.text) >= 3})
		}
	}
	for _, sg := range segs {
		addSeg(sg)
	}
	if len(q.Terms) == 0 && len(q.Codes) == 0 {
		// Only platform words: search for them as words, within the platform.
		for _, sg := range platTerms {
			addSeg(sg)
		}
	}
	for _, p := range r.table.IDs() {
		if plats[p] {
			q.Platforms = append(q.Platforms, p)
		}
	}
	return q
}

// platformWord reports the platform an ASCII word names.
func (r *Rules) platformWord(w string) (errdex.Platform, bool) {
	for _, pw := range r.words {
		if pw.Word == w {
			return pw.Platform, true
		}
	}
	return "", false
}

// hanPlatformPrefix returns the platform whose Chinese word starts s, and
// that word's length in bytes, or 0.
func (r *Rules) hanPlatformPrefix(s string) (errdex.Platform, int) {
	for _, pw := range r.words {
		if pw.Word[0] >= 0x80 && strings.HasPrefix(s, pw.Word) {
			return pw.Platform, len(pw.Word)
		}
	}
	return "", 0
}
