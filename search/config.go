package search

import (
	"bytes"
	"maps"

	"errdex"
	"errdex/i18n"
)

// scriptConfig is the data the search script runs on, window.ERRDEX_SEARCH.
type scriptConfig struct {
	// Platforms are the table's platforms, in order: ids, names and badge
	// titles of results.
	Platforms []scriptPlatform `json:"platforms"`
	// Words are the platform words as [word, platform id], in the order
	// they are tried (Rules.Words).
	Words [][2]string `json:"words"`
	// Devtool is the platform WeCom's devtool URL names, "" for none.
	Devtool    string   `json:"devtool"`
	Patterns   Patterns `json:"patterns"`
	Digits     string   `json:"digits"`     // the posting lists' alphabet
	MaxImpact  int      `json:"maxImpact"`  // the largest impact of a posting
	CodePrefix string   `json:"codePrefix"` // starts the tokens of codes
	Rank       Ranking  `json:"rank"`       // the numbers of the ranking
	// Messages are the interface texts the scripts write, in both
	// languages (package i18n, keys "page." and "search.").
	Messages map[string]i18n.Text `json:"messages"`
}

type scriptPlatform struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	NameZH string `json:"nameZH"`
}

// ScriptConfig is the script that hands static/js/20-search.js the data of
// the search for table t: it sets window.ERRDEX_SEARCH. The site's app.js
// starts with it, so the search script holds no copy of any of it.
func ScriptConfig(t errdex.PlatformTable) ([]byte, error) {
	r, err := NewRules(t)
	if err != nil {
		return nil, err
	}
	c := scriptConfig{
		Devtool: string(r.devtool), Patterns: patterns,
		Digits: postingDigits, MaxImpact: maxImpact, CodePrefix: codeTokenPrefix,
		Rank: ranking, Messages: i18n.Prefixed("search."),
	}
	maps.Copy(c.Messages, i18n.Prefixed("page."))
	for _, p := range t {
		c.Platforms = append(c.Platforms, scriptPlatform{ID: string(p.ID), Name: p.Name, NameZH: p.NameZH})
	}
	for _, w := range r.words {
		c.Words = append(c.Words, [2]string{w.Word, string(w.Platform)})
	}
	data, err := encodeJSON(c)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	b.WriteString("window.ERRDEX_SEARCH=")
	b.Write(data)
	b.WriteString(";\n")
	return b.Bytes(), nil
}
