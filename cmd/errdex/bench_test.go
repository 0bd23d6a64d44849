package main

import (
	"testing"

	"errdex/render"
)

// BenchmarkLoad scrapes, cleans and merges the shipped content.
func BenchmarkLoad(b *testing.B) {
	for b.Loop() {
		if _, _, err := load(realContent); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRender renders the whole site into memory, minified.
func BenchmarkRender(b *testing.B) {
	cat, _, err := load(realContent)
	if err != nil {
		b.Fatal(err)
	}
	sf := siteFlags{content: realContent}
	o, err := sf.options("")
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := render.Files(cat, o); err != nil {
			b.Fatal(err)
		}
	}
}
