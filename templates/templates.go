package templates

import "embed"

// FS holds layout.html and one template per page type.
//
//go:embed *.html
var FS embed.FS
