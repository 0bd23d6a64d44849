// Package content embeds the content tree errdex ships (the manifest, the
// snapshots, the curation files and the pages), so that `errdex explain`
// works offline from the binary alone. The files are data: adding a source
// is a manifest edit and a snapshot, never a change here.
package content
