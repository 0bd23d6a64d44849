package static

import "embed"

// FS holds style.css, lang.js (the head script that sets the interface
// language), js/*.js (concatenated into one script) and icons.
//
//go:embed style.css lang.js js/*.js favicon.svg
var FS embed.FS
