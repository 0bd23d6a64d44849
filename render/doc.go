// Package render turns an errdex Catalog into a static site: a page per
// (platform, code) and per number, platform indexes, conflict and change
// reports, Markdown pages, errdex.json and the search index.
//
// Every link is relative, so the site works from a web server and from
// disk. Output is deterministic: the same catalog gives the same bytes.
package render
