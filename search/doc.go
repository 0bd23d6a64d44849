// Package search builds errdex's search index and holds the rules of its
// query language: the tokenizer, the platform words and the patterns that
// read a pasted API response. The site's script, static/js/20-search.js,
// runs the queries in the browser: it gets every piece of data it needs
// (platforms, words, patterns, the index's alphabet) from ScriptConfig, and
// keeps only the mechanics, mirrored from tokens.go and query.go here. See
// docs/search.md for the format, the tokenization and the ranking; the
// query cases both sides must pass are testdata/queries.tsv.
package search
