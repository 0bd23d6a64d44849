// Package templates embeds the html/template files the site is rendered
// with; `errdex build -templates DIR` uses a directory instead.
package templates

import "embed"

// FS holds layout.html and one template per page type.
//
//go:embed *.html
var FS embed.FS
