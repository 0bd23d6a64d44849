// Package scrape turns error-code pages, as snapshots in the content
// directory or as live HTML, into errdex entries.
//
// There is one adapter per format (markdown, tsv, dingtalk, pipe, html),
// chosen by the manifest content/sources.toml. Every adapter normalizes what
// it reads (NFKC width, white space, Markdown escapes, placeholder fixes,
// HTML debris) and keeps each entry's raw text and file:line. Every candidate
// row of a snapshot ends either as an entry or as a skip with a reason.
package scrape
