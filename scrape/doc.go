// Package scrape turns error-code pages, as snapshots in the content
// directory or as live HTML, into errdex entries.
//
// There is one adapter per format (markdown, tsv, dingtalk, pipe, html,
// responses), chosen by the manifest content/sources.toml. The table
// formats share one table stage (table.go): header words map to column
// roles from one vocabulary, after the source's column override in the
// manifest, and an unknown column is an error that names the override.
// Every adapter hands its candidate rows to one harvester, which turns them
// into entries or skips and counts them, so every candidate row of a
// snapshot ends either as an entry or as a skip with a reason. Adapters
// normalize what they read (NFKC width, white space, Markdown escapes,
// placeholder fixes, HTML debris) and keep each entry's raw text and
// file:line. Errors are *errdex.Error at the snapshot's or the manifest's
// file:line.
package scrape
