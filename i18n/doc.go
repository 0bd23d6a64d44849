// Package i18n holds every text errdex itself writes for readers (labels,
// headings, banners, sentences, search hints) in English and in Chinese, in
// one file, messages.toml. Templates, the Go renderer and the browser
// scripts read it from here; the source texts are never translated.
package i18n
