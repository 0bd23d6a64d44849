// Command errdex builds the errdex documentation site from the error-code
// snapshots in a content directory, and explains codes and pasted API
// responses in the terminal.
//
// Run `errdex help` for the verbs and their flags: the usage is written
// from the one command table in main.go (commands).
//
// build writes the site into -out (public/ by default); check prints, per
// source, how every candidate row was accounted for, the conflicts, what
// needs a maintainer's review and the changes between snapshots, and exits
// non-zero when a row is unaccounted for; explain runs the site's search
// over the catalog built into the binary and prints what it knows.
package main
