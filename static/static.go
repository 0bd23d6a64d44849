// Package static embeds the site's stylesheet, scripts and icons;
// `errdex build -static DIR` uses a directory instead.
package static

import "embed"

// FS holds style.css, js/*.js (concatenated into one script) and icons.
//
//go:embed style.css js/*.js favicon.svg
var FS embed.FS
