package scrape

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"errdex"

	"golang.org/x/text/unicode/norm"
)

// clean normalizes one cell of text: NFKC width, HTML entities left by the
// capture, Markdown escapes, and white space collapsed and trimmed.
//
// NFKC folds full-width letters, digits and spaces (ＡＰＩ１ → API1), but
// Chinese punctuation is kept as written: NFKC would turn "，" into ","
// and "：" into ":", which reads wrong in Chinese text. The similarity
// measure ignores punctuation, so this does not affect merging.
func clean(s string) string {
	s = nfkcKeepPunct(s)
	s = errdex.Unescape(s)
	s = errdex.SpaceRun.ReplaceAllString(s, " ")
	return strings.TrimSpace(s)
}

// cjkPunct is the full-width punctuation Chinese text uses, kept by clean.
const cjkPunct = "，：；！？（）"

// nfkcKeepPunct applies NFKC to s except to the runes of cjkPunct.
func nfkcKeepPunct(s string) string {
	if !strings.ContainsAny(s, cjkPunct) {
		return norm.NFKC.String(s)
	}
	var b strings.Builder
	for {
		i := strings.IndexAny(s, cjkPunct)
		if i < 0 {
			b.WriteString(norm.NFKC.String(s))
			return b.String()
		}
		b.WriteString(norm.NFKC.String(s[:i]))
		_, size := utf8.DecodeRuneInString(s[i:])
		b.WriteString(s[i : i+size])
		s = s[i+size:]
	}
}

// debris matches HTML left in a captured cell, such as "WeCom/td>".
var debris = regexp.MustCompile(`</?[a-zA-Z]+>|/?\b(td|tr|th|p|br|span|div)>`)

// stripDebris removes HTML tag debris from a label or cell.
func stripDebris(s string) string { return strings.TrimSpace(debris.ReplaceAllString(s, "")) }

// helpWords are fix cells that only point at the troubleshooting section.
var helpWords = []string{"查看帮助", "查看帮助。"}

// fixText turns a raw fix cell into (fix, helpRef): placeholders that mean
// "no fix" give "", and "查看帮助" gives "" with helpRef set.
func fixText(s string) (string, bool) {
	s = clean(s)
	for _, h := range helpWords {
		if s == h {
			return "", true
		}
	}
	switch strings.ToLower(s) {
	case "", "-", "--", "—", "无", "nothing .", "nothing.", "nothing":
		return "", false
	}
	return s, false
}

// codePattern matches an error code as the sources write it: an optional
// minus, digits, and an optional trailing x for pattern codes (-40400x).
var codePattern = regexp.MustCompile(`^-?\d+[xX]*$`)

// isCode reports whether s is written like an error code.
func isCode(s string) bool { return codePattern.MatchString(s) }

// newEntry builds an entry of src at line, resolving its scope label.
func newEntry(src errdex.Source, line int, code, label, zh, en, fix, raw string) errdex.Entry {
	label = stripDebris(clean(label))
	p, scope, _ := src.Resolve(label)
	f, help := fixText(fix)
	return errdex.Entry{
		Source: src.ID, Line: line, Platform: p, Code: code,
		Scope: scope, ScopeLabel: label,
		ZH: clean(zh), EN: clean(en), Fix: f, HelpRef: help, Raw: raw,
	}
}
