// Package errdex is the domain of the errdex documentation generator: the
// sources that document API error codes (Source), the rows scraped from them
// (Entry, Skip, Harvest), and the canonical model they merge into (Catalog,
// Code, Meaning, Wording) with the kinds of disagreement it flags.
//
// The package imports nothing else from the project. Package scrape turns
// snapshots into Harvests; package render turns a Catalog into a site.
package errdex
