package i18n

import (
	_ "embed"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"

	"github.com/BurntSushi/toml"
)

// Lang is an interface language: "en" or "zh".
type Lang string

// The interface languages, in the order a page offers them.
const (
	EN Lang = "en"
	ZH Lang = "zh"
)

// Tag returns the BCP 47 tag of l for lang attributes.
func (l Lang) Tag() string {
	if l == ZH {
		return "zh-CN"
	}
	return "en"
}

// Text is one message in both languages. A message may hold placeholders
// written {name}; Format fills them.
type Text struct {
	EN string `toml:"en" json:"en"`
	ZH string `toml:"zh" json:"zh"`
}

// Format returns t with each {name} replaced by args[name] in both languages.
func (t Text) Format(args map[string]string) Text {
	if len(args) == 0 {
		return t
	}
	value := func(name string) (string, bool) {
		v, ok := args[name]
		return v, ok
	}
	return Text{EN: Fill(t.EN, value), ZH: Fill(t.ZH, value)}
}

// Fill replaces each {name} of s for which value gives a text, left to
// right, and leaves every other brace as it is; a value is not scanned
// again. It is the one reader of a message's {name}s: Format and the
// renderer's messages with HTML arguments both use it (a strings.Replacer
// built for every call was a twentieth of a build).
func Fill(s string, value func(name string) (string, bool)) string {
	if !strings.Contains(s, "{") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 32)
	for {
		i := strings.IndexByte(s, '{')
		if i < 0 {
			break
		}
		j := strings.IndexByte(s[i:], '}')
		if j < 0 {
			break
		}
		b.WriteString(s[:i])
		if v, ok := value(s[i+1 : i+j]); ok {
			b.WriteString(v)
			s = s[i+j+1:]
			continue
		}
		b.WriteByte('{') // not a {name}: the brace is text
		s = s[i+1:]
	}
	b.WriteString(s)
	return b.String()
}

//go:embed messages.toml
var messagesTOML string

// catalog is the parsed messages.toml, parsed when first asked for: a
// build where nothing changed never needs it, and parsing it was a tenth
// of that build's start.
var catalog = sync.OnceValue(func() map[string]Text { return mustParse(messagesTOML) })

// mustParse reads the embedded catalog; a broken catalog is a programming
// error caught by every test of this package.
func mustParse(src string) map[string]Text {
	m, err := Parse(src)
	if err != nil {
		panic(err)
	}
	return m
}

// Parse reads a catalog in the form of messages.toml: tables of messages,
// each with en and zh, keyed by their dotted path ("search.loading").
func Parse(src string) (map[string]Text, error) {
	var raw map[string]any
	if _, err := toml.Decode(src, &raw); err != nil {
		return nil, fmt.Errorf("i18n/messages.toml: %w", err)
	}
	out := map[string]Text{}
	var walk func(prefix string, v map[string]any) error
	walk = func(prefix string, v map[string]any) error {
		en, hasEN := v["en"].(string)
		zh, hasZH := v["zh"].(string)
		if hasEN || hasZH {
			if !hasEN || !hasZH || en == "" || zh == "" {
				return fmt.Errorf("i18n/messages.toml: %s: give both en and zh", prefix)
			}
			out[prefix] = Text{EN: en, ZH: zh}
			return nil
		}
		for k, sub := range v {
			t, ok := sub.(map[string]any)
			if !ok {
				return fmt.Errorf("i18n/messages.toml: %s.%s: a message is a table with en and zh", prefix, k)
			}
			key := k
			if prefix != "" {
				key = prefix + "." + k
			}
			if err := walk(key, t); err != nil {
				return err
			}
		}
		return nil
	}
	if err := walk("", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// Lookup returns the message named key.
func Lookup(key string) (Text, bool) {
	t, ok := catalog()[key]
	return t, ok
}

// Must returns the message named key; a missing key is a programming error.
func Must(key string) Text {
	t, ok := catalog()[key]
	if !ok {
		panic("i18n: no message " + key)
	}
	return t
}

// Prefixed returns a copy of the messages whose keys start with prefix
// (for example "search."), for a script's data.
func Prefixed(prefix string) map[string]Text {
	out := map[string]Text{}
	for k, t := range catalog() {
		if strings.HasPrefix(k, prefix) {
			out[k] = t
		}
	}
	return out
}

// Keys returns every message key, sorted.
func Keys() []string { return slices.Sorted(maps.Keys(catalog())) }
