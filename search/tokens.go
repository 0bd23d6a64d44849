package search

// Tokenization, mirrored in static/js/20-search.js (fold, isHan, isWord,
// segments): the index's tokens and the query's must agree.

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// fold normalizes one character: full-width ASCII to ASCII, the
// ideographic space to a space, A–Z to a–z. It maps one UTF-16 unit to one,
// so the script can highlight in the original text by offsets.
func fold(r rune) rune {
	switch {
	case r >= 0xFF01 && r <= 0xFF5E:
		r -= 0xFEE0
	case r == 0x3000:
		return ' '
	}
	if r >= 'A' && r <= 'Z' {
		r += 'a' - 'A'
	}
	return r
}

// foldString folds every character of s.
func foldString(s string) string { return strings.Map(fold, s) }

// isHan reports whether r is a CJK ideograph the index segments into
// bigrams (the BMP blocks only, so that UTF-8 and UTF-16 orders agree).
func isHan(r rune) bool {
	return r >= 0x3400 && r <= 0x4DBF || r >= 0x4E00 && r <= 0x9FFF || r == 0x3007
}

func isWordRune(r rune) bool { return r >= 'a' && r <= 'z' || r >= '0' && r <= '9' }

// segment is a run of folded text: an ASCII word (letters and digits) or
// a run of Han characters. neg is set on a word that a lone "-" precedes.
type segment struct {
	text string
	han  bool
	neg  bool
}

// segments splits folded s into words and Han runs; everything else
// (spaces, punctuation, "_", other scripts) separates them.
func segments(s string) []segment {
	var out []segment
	rs := []rune(s)
	for i := 0; i < len(rs); {
		r := rs[i]
		switch {
		case isWordRune(r), isHan(r):
			han := isHan(r)
			j := i
			for j < len(rs) && (han && isHan(rs[j]) || !han && isWordRune(rs[j])) {
				j++
			}
			neg := !han && i > 0 && rs[i-1] == '-' && (i == 1 || !isWordRune(rs[i-2]))
			out = append(out, segment{text: string(rs[i:j]), han: han, neg: neg})
			i = j
		default:
			i++
		}
	}
	return out
}

// urlPattern matches URLs, which are left out of indexed text and of
// queries.
var urlPattern = regexp.MustCompile(patterns.URL)

// indexTokens returns the tokens of a text, with repeats: ASCII words of
// two or more characters, and for each Han run its bigrams and, with
// singles, its single characters (a run of one character always).
func indexTokens(s string, singles bool) []string {
	s = urlPattern.ReplaceAllString(foldString(s), " ")
	var out []string
	for _, sg := range segments(s) {
		if !sg.han {
			if len(sg.text) >= 2 {
				out = append(out, sg.text)
			}
			continue
		}
		rs := []rune(sg.text)
		for i := range rs {
			if singles || len(rs) == 1 {
				out = append(out, string(rs[i]))
			}
			if i+1 < len(rs) {
				out = append(out, string(rs[i:i+2]))
			}
		}
	}
	return out
}

// textLength is a text's length for BM25: its words plus its Han characters.
func textLength(s string) int {
	n := 0
	for _, sg := range segments(foldString(urlPattern.ReplaceAllString(s, " "))) {
		if sg.han {
			n += utf8.RuneCountInString(sg.text)
		} else {
			n++
		}
	}
	return max(n, 1)
}
