// Package static embeds the site's stylesheet, scripts and icons;
// `errdex build -static DIR` uses a directory instead.
package static
