package errdex

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Text is what the similarity measure compares: a meaning's Chinese and
// English message.
type Text struct {
	ZH, EN string
}

// TextOf returns the comparable text of an entry.
func TextOf(e Entry) Text { return Text{ZH: e.ZH, EN: e.EN} }

func textOfMeaning(m Meaning) Text { return Text{ZH: m.ZH, EN: m.EN} }

// variants folds characters that the sources use interchangeably.
var variants = strings.NewReplacer("帐", "账", "錯", "错", "「", "", "」", "")

// Fold normalizes a text for comparison: Unicode width (NFKC), case,
// variant characters, Markdown escapes, and all spaces and punctuation removed.
func Fold(s string) string {
	s = norm.NFKC.String(s)
	s = strings.ToLower(s)
	s = variants.Replace(s)
	var b strings.Builder
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// SameMeaning reports whether two texts state the same meaning: equal after
// Fold, one contained in the other, or overlapping enough (Dice coefficient
// of character bigrams for Chinese, of words for English). Where both sides
// have Chinese the Chinese decides; English decides only when one side has none.
func SameMeaning(a, b Text) bool {
	if a.ZH != "" && b.ZH != "" {
		return sameText(a.ZH, b.ZH)
	}
	if a.EN != "" && b.EN != "" {
		return sameText(a.EN, b.EN)
	}
	// Nothing comparable: one side has only Chinese, the other only English.
	return a.ZH == "" && b.ZH == "" && a.EN == "" && b.EN == ""
}

func sameText(a, b string) bool {
	fa, fb := Fold(a), Fold(b)
	if fa == fb {
		return true
	}
	if fa == "" || fb == "" {
		return false
	}
	return Dice(bigrams(fa), bigrams(fb)) >= 0.75
}

// bigrams returns the character bigrams of s (s itself when shorter).
func bigrams(s string) map[string]int {
	r := []rune(s)
	out := map[string]int{}
	if len(r) < 2 {
		out[s]++
		return out
	}
	for i := 0; i+1 < len(r); i++ {
		out[string(r[i:i+2])]++
	}
	return out
}

// Dice is the Sørensen–Dice coefficient of two multisets.
func Dice(a, b map[string]int) float64 {
	na, nb, both := 0, 0, 0
	for k, v := range a {
		na += v
		if w := b[k]; w > 0 {
			both += min(v, w)
		}
	}
	for _, v := range b {
		nb += v
	}
	if na+nb == 0 {
		return 1
	}
	return 2 * float64(both) / float64(na+nb)
}
