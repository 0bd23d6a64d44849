// Package templates embeds the html/template files the site is rendered
// with; `errdex build -templates DIR` uses a directory instead.
package templates
