package main

import (
	"io"
	"log"
	"net/http/httptest"
	"runtime"
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

// BenchmarkRender renders the whole site into memory, minified, on every
// core; BenchmarkRenderSerial on one (Options.Workers = 1).
func BenchmarkRender(b *testing.B) { benchmarkRender(b, 0) }

// BenchmarkRenderSerial is BenchmarkRender on one worker.
func BenchmarkRenderSerial(b *testing.B) { benchmarkRender(b, 1) }

func benchmarkRender(b *testing.B, workers int) {
	cat, _, err := load(realContent)
	if err != nil {
		b.Fatal(err)
	}
	sf := siteFlags{content: realContent}
	o, err := sf.options("")
	if err != nil {
		b.Fatal(err)
	}
	o.Workers = workers
	b.ReportAllocs()
	for b.Loop() {
		if _, err := render.Files(cat, o); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkServeRebuild rebuilds the shipped content as errdex serve does
// after a change, serving a few pages (gzip) in between, and reports after
// the last rebuild: the live heap after a GC (live-MB), the heap memory
// the process holds from the system (held-MB: HeapSys-HeapReleased, what
// RSS follows) and the most it held (peak-sys-MB: HeapSys).
// docs/reliability.md has the figures.
func BenchmarkServeRebuild(b *testing.B) {
	s := &server{sf: siteFlags{content: realContent}, log: log.New(io.Discard, "", 0)}
	var ms runtime.MemStats
	for b.Loop() {
		if err := s.rebuild(); err != nil {
			b.Fatal(err)
		}
		for _, p := range []string{"/", "/search-index.json", "/wecom/40014/", "/assets/"} {
			r := httptest.NewRequest("GET", p, nil)
			r.Header.Set("Accept-Encoding", "gzip")
			s.handler.ServeHTTP(httptest.NewRecorder(), r)
		}
	}
	runtime.ReadMemStats(&ms)
	b.ReportMetric(float64(ms.HeapSys-ms.HeapReleased)/(1<<20), "held-MB")
	b.ReportMetric(float64(ms.HeapSys)/(1<<20), "peak-sys-MB")
	runtime.GC()
	runtime.ReadMemStats(&ms)
	b.ReportMetric(float64(ms.HeapAlloc)/(1<<20), "live-MB")
	runtime.KeepAlive(s)
}
