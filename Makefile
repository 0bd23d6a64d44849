# errdex: `make` builds the site into public/, `make test` runs every test.
GO ?= go
BIN := bin/errdex
BASE_URL ?=

.PHONY: all build site test check bench bench-scale bench-hugo bench-rebuild bench-reload bundle serve fuzz golden clean

all: site

$(BIN): $(shell find . -name '*.go' -not -path './public/*') $(wildcard templates/*.html static/* static/js/*) $(shell find content -type f) go.mod go.sum
	$(GO) build -o $(BIN) ./cmd/errdex

build: $(BIN)

## site: build the site from content/ into public/
site: $(BIN)
	./$(BIN) build -content content -out public $(if $(BASE_URL),-base-url $(BASE_URL))

## check: reconcile every source row, print conflicts and changes
check: $(BIN)
	./$(BIN) check -content content

## test: vet, then every test (browser tests need /usr/bin/chromium; see .ci/run)
test:
	$(GO) vet ./...
	$(GO) test -timeout 45m ./...

## bench: benchmarks, written down in docs/performance.md and docs/search.md
bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

## bench-scale: build 10,000, 30,000 and 100,000 synthetic codes, three rounds; peak memory, median time per code
bench-scale:
	bench/scale.sh -rounds 3

## bench-hugo: errdex against Hugo on the same pages, alternating runs (installs hugo if missing)
bench-hugo:
	bench/compare.sh

## bench-rebuild: a full build against a build where nothing changed and ones where one row changed (a new tree, then the spare)
bench-rebuild:
	bench/rebuild.sh

## bench-reload: errdex serve, from saving a content file to the open page reloaded (median of 9)
bench-reload:
	$(GO) test ./cmd/errdex -run '^$$' -bench '^BenchmarkServeReload$$' -benchtime 9x -count 1

## fuzz: a short run of every fuzz target (FuzzSite goes end to end: scrape, merge, render, Verify)
fuzz:
	for t in FuzzMarkdown FuzzTSV FuzzDingTalk FuzzPipe FuzzHTML FuzzResponses; do \
		$(GO) test ./scrape -run '^$$' -fuzz "^$$t$$" -fuzztime 20s || exit 1; done
	$(GO) test ./render -run '^$$' -fuzz '^FuzzSite$$' -fuzztime 20s -fuzzminimizetime 5s
	$(GO) test ./search -run '^$$' -fuzz '^FuzzParse$$' -fuzztime 20s

## golden: rewrite golden files after an intended change (review the diff!)
golden:
	$(GO) test ./... -update

## bundle: the offline zip, errdex-offline.zip
bundle: $(BIN)
	./$(BIN) bundle -content content -o errdex-offline.zip $(if $(BASE_URL),-base-url $(BASE_URL))

## serve: build, serve on 127.0.0.1:8080, rebuild on change
serve: $(BIN)
	./$(BIN) serve -content content -templates templates -static static

clean:
	rm -rf public .public.stamp .public.spare .public.spare.stamp bin errdex-offline.zip
