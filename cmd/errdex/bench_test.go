package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

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

// BenchmarkBuild is errdex build of the shipped content into an empty
// directory, as bench/compare.sh times it: load, render, write, stamp.
func BenchmarkBuild(b *testing.B) {
	dir := b.TempDir()
	i := 0
	for b.Loop() {
		i++
		out := filepath.Join(dir, strconv.Itoa(i), "public")
		if err := run([]string{"build", "-content", realContent, "-out", out, "-base-url", "https://errdex.example.org/"}, io.Discard, io.Discard); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkServeReload measures what errdex serve makes of a saved
// content file: from writing a changed row of one snapshot to the open
// page's reload done, that is the "reload" event on the stream the page
// listens to (reloadPath) and the changed page fetched again, with the
// edit in it. It reports the median and the slowest of the iterations
// (median-ms, max-ms); docs/performance.md has the figures.
func BenchmarkServeReload(b *testing.B) {
	content := filepath.Join(b.TempDir(), "content")
	if err := os.CopyFS(content, os.DirFS(realContent)); err != nil {
		b.Fatal(err)
	}
	src := filepath.Join(content, "wechat-oplatform-errcode-2025.tsv")
	orig, err := os.ReadFile(src)
	if err != nil {
		b.Fatal(err)
	}
	// The row to edit: the first that starts with a code.
	lines := strings.Split(string(orig), "\n")
	row := slices.IndexFunc(lines, func(l string) bool { return coded.MatchString(l) })
	if row < 0 {
		b.Fatal("no coded row in", src)
	}
	code, _, _ := strings.Cut(lines[row], "\t")
	page := "/wechat/" + code + "/"

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- serve(ctx, ln, siteFlags{content: content}, io.Discard) }()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			b.Error(err)
		}
	}()
	base := "http://" + ln.Addr().String()
	var events *bufio.Reader
	for deadline := time.Now().Add(2 * time.Minute); ; {
		resp, err := http.Get(base + reloadPath)
		if err == nil {
			defer resp.Body.Close()
			events = bufio.NewReader(resp.Body)
			break
		}
		if time.Now().After(deadline) {
			b.Fatal(err)
		}
		time.Sleep(50 * time.Millisecond)
	}
	var times, cpus []time.Duration
	for i := 0; b.Loop(); i++ {
		edit := fmt.Sprintf("edit%d", i)
		changed := slices.Clone(lines)
		changed[row] += " " + edit
		start, cpu0 := time.Now(), cpuTime()
		if err := os.WriteFile(src, []byte(strings.Join(changed, "\n")), 0o644); err != nil {
			b.Fatal(err)
		}
		for {
			line, err := events.ReadString('\n')
			if err != nil {
				b.Fatal(err)
			}
			if line == "data: reload\n" {
				break
			}
		}
		resp, err := http.Get(base + page)
		if err != nil {
			b.Fatal(err)
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			b.Fatal(err)
		}
		times = append(times, time.Since(start))
		cpus = append(cpus, cpuTime()-cpu0)
		if !strings.Contains(string(body), edit) {
			b.Fatalf("%s does not show %q after the reload", page, edit)
		}
	}
	slices.Sort(times)
	slices.Sort(cpus)
	b.ReportMetric(float64(times[len(times)/2].Microseconds())/1000, "median-ms")
	b.ReportMetric(float64(times[len(times)-1].Microseconds())/1000, "max-ms")
	b.ReportMetric(float64(cpus[len(cpus)/2].Microseconds())/1000, "median-cpu-ms")
}

// coded matches a row of a TSV snapshot that starts with a code.
var coded = regexp.MustCompile(`^-?[0-9]+\t`)
