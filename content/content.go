package content

import "embed"

// FS is the shipped content tree, laid out as this directory is.
//
//go:embed *
var FS embed.FS
