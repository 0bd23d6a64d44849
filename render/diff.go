package render

import (
	"html/template"
	"strings"
	"unicode"

	"errdex"
)

// markedText is one meaning's text in the conflict banner with the parts no
// other meaning shares wrapped in <mark>: the words that differ, so that a
// reader sees the disagreement at a glance. Chinese is compared character
// by character, English word by word (case and punctuation ignored), each
// against the same language of every other meaning; a part is marked when
// the longest common subsequence with every other text leaves it out.
type markedText struct {
	ZH, EN template.HTML
}

// markMeanings returns the marked texts of ms, in order.
func markMeanings(ms []errdex.Meaning) []markedText {
	out := make([]markedText, len(ms))
	for i, m := range ms {
		var zh, en []string
		for j, o := range ms {
			if j == i {
				continue
			}
			if o.ZH != "" {
				zh = append(zh, o.ZH)
			}
			if o.EN != "" {
				en = append(en, o.EN)
			}
		}
		out[i] = markedText{ZH: mark(m.ZH, zh, splitChars), EN: mark(m.EN, en, splitWords)}
	}
	return out
}

// mark escapes s and wraps in <mark> the tokens of s that are in no longest
// common subsequence with any of others. With no others, nothing is marked.
func mark(s string, others []string, split func(string) []string) template.HTML {
	toks := split(s)
	if len(others) == 0 || len(toks) == 0 {
		return template.HTML(template.HTMLEscapeString(s))
	}
	keep := make([]bool, len(toks))
	for _, o := range others {
		for i, k := range common(toks, split(o)) {
			keep[i] = keep[i] || k
		}
	}
	var b strings.Builder
	open := false
	var gap strings.Builder // non-word tokens after a marked word, not yet placed
	for i, t := range toks {
		if !isWordToken(t) {
			if open {
				gap.WriteString(template.HTMLEscapeString(t))
			} else {
				b.WriteString(template.HTMLEscapeString(t))
			}
			continue
		}
		differs := !keep[i]
		switch {
		case differs && !open:
			b.WriteString("<mark>")
			open = true
		case !differs && open:
			b.WriteString("</mark>")
			open = false
		}
		b.WriteString(gap.String())
		gap.Reset()
		b.WriteString(template.HTMLEscapeString(t))
	}
	if open {
		b.WriteString("</mark>")
	}
	b.WriteString(gap.String())
	return template.HTML(b.String())
}

// common reports, for each token of a, whether it is in a longest common
// subsequence of a and b (compared folded).
func common(a, b []string) []bool {
	fa, fb := make([]string, len(a)), make([]string, len(b))
	for i, t := range a {
		fa[i] = markKey(t)
	}
	for i, t := range b {
		fb[i] = markKey(t)
	}
	n, m := len(fa), len(fb)
	dp := make([][]int, n+1)
	for i := range dp {
		dp[i] = make([]int, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			switch {
			case fa[i] != "" && fa[i] == fb[j]:
				dp[i][j] = dp[i+1][j+1] + 1
			case dp[i+1][j] >= dp[i][j+1]:
				dp[i][j] = dp[i+1][j]
			default:
				dp[i][j] = dp[i][j+1]
			}
		}
	}
	keep := make([]bool, n)
	for i, j := 0, 0; i < n && j < m; {
		switch {
		case fa[i] != "" && fa[i] == fb[j]:
			keep[i] = true
			i++
			j++
		case dp[i+1][j] >= dp[i][j+1]:
			i++
		default:
			j++
		}
	}
	return keep
}

func isWordToken(t string) bool { return errdex.Fold(t) != "" }

// splitChars cuts Chinese text into characters, keeping runs of Latin
// letters and digits (identifiers) whole.
func splitChars(s string) []string {
	var out []string
	rs := []rune(s)
	for i := 0; i < len(rs); {
		j := i + 1
		if rs[i] < 0x80 && (unicode.IsLetter(rs[i]) || unicode.IsDigit(rs[i]) || rs[i] == '_') {
			for j < len(rs) && rs[j] < 0x80 && (unicode.IsLetter(rs[j]) || unicode.IsDigit(rs[j]) || rs[j] == '_') {
				j++
			}
		}
		out = append(out, string(rs[i:j]))
		i = j
	}
	return out
}

// splitWords cuts English text into words and the text between them.
func splitWords(s string) []string {
	var out []string
	start := 0
	inWord := false
	for i, r := range s {
		w := unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_'
		if i > 0 && w != inWord {
			out = append(out, s[start:i])
			start = i
		}
		inWord = w
	}
	if start < len(s) {
		out = append(out, s[start:])
	}
	return out
}

// markKey is how tokens are compared for marking: folded, and an English
// plural ending dropped (button and buttons are the same word here).
func markKey(t string) string {
	k := errdex.Fold(t)
	if len(k) > 3 && strings.HasSuffix(k, "s") && !strings.HasSuffix(k, "ss") && k[0] < 0x80 {
		k = k[:len(k)-1]
	}
	return k
}
