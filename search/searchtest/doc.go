// Package searchtest reads the query cases of the search,
// testdata/queries.tsv at the top of the repository: the Go test of the
// query rules (package search) and the browser tests of the search page
// (cmd/errdex) both run every case.
package searchtest
