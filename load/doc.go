// Package load reads a content tree (an fs.FS laid out as content/ is:
// the manifest, the snapshots, and the maintainers' curation files) and
// builds the catalog from it: scrape every source, clean the machine
// translation with the glossary, apply the errata, and merge with the
// thesaurus and the reviews. It is the one pipeline the commands share.
package load
