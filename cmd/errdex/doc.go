// Command errdex builds the errdex documentation site from the error-code
// snapshots in a content directory.
//
// Usage:
//
//	errdex build  [-content DIR] [-out DIR] [-base-url URL] [-templates DIR] [-static DIR]
//	errdex check  [-content DIR]
//	errdex bundle [-content DIR] [-o FILE]
//	errdex serve  [-content DIR] [-addr HOST:PORT]
//
// build writes the site into -out (public/ by default); check prints, per
// source, how every candidate row was accounted for, the conflicts and the
// changes between snapshots, and exits non-zero when a row is unaccounted for.
package main
