#!/bin/sh
# bench/lighthouse.sh: Lighthouse's performance and accessibility scores of
# the search page with a code query (/search/?q=40014), the home page and a
# code page (/wecom/60011/), with Lighthouse's mobile profile (its default:
# a simulated slow 4G connection and a 4x slower CPU). It builds the site of
# content/ and serves it with errdex serve on a local port, as `make serve`
# does. Not part of `make test`: it is slow (about 20 s a run).
#
# Needs Node 20 and Chromium (CHROME_PATH, default /usr/bin/chromium).
# Lighthouse is pinned in test/lighthouse (12.2.3: 13 needs Node 22) and
# installed there with `npm ci` when missing.
#
# Lighthouse's CPU slowdown assumes an idle desktop (its benchmark index
# about 1000 or more); the figures of a loaded machine are worse, mostly
# in TBT. The last line prints the benchmark index and the load average;
# CPU_SLOWDOWN sets the multiplier (default 4, the mobile profile's).
#
# Usage: bench/lighthouse.sh [RUNS]   RUNS runs per page, the median printed (default 3)
#        PORT=8765 CPU_SLOWDOWN=4 bench/lighthouse.sh
set -eu
cd "$(dirname "$0")/.."
export CHROME_PATH="${CHROME_PATH:-/usr/bin/chromium}"
runs=${1:-3}
port=${PORT:-8765}
lh=test/lighthouse/node_modules/.bin/lighthouse
[ -x "$lh" ] || npm ci --prefix test/lighthouse >/dev/null
work=$(mktemp -d "${TMPDIR:-/tmp}/errdex-lighthouse.XXXXXX")
pid=
cleanup() {
	if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
	rm -rf "$work"
}
trap cleanup EXIT INT TERM
go build -o "$work/errdex" ./cmd/errdex
"$work/errdex" serve -content content -addr "127.0.0.1:$port" >"$work/serve.log" 2>&1 &
pid=$!
up=
for _ in $(seq 300); do
	if curl -fso /dev/null "http://127.0.0.1:$port/"; then up=1; break; fi
	sleep 0.2
done
[ -n "$up" ] || { cat "$work/serve.log" >&2; echo "bench/lighthouse.sh: errdex serve did not come up" >&2; exit 1; }

printf '%-22s %5s %5s %7s %7s %6s %6s %8s\n' page perf a11y FCP-ms LCP-ms TBT-ms CLS KB
for page in "search/?q=40014" "" "wecom/60011/"; do
	for r in $(seq "$runs"); do
		"$lh" "http://127.0.0.1:$port/$page" --quiet --output=json --output-path="$work/run-$r.json" \
			--only-categories=performance,accessibility --throttling.cpuSlowdownMultiplier="${CPU_SLOWDOWN:-4}" \
			--chrome-flags="--headless=new --no-sandbox --disable-gpu"
	done
	node - "/$page" "$work" "$runs" <<'JS'
const fs = require("fs");
const [page, dir, runs] = process.argv.slice(2);
const rs = [];
for (let r = 1; r <= +runs; r++) rs.push(JSON.parse(fs.readFileSync(`${dir}/run-${r}.json`, "utf8")));
const med = (f) => { const v = rs.map(f).sort((a, b) => a - b); return v[(v.length - 1) >> 1]; };
const a = (r, id) => r.audits[id].numericValue;
fs.appendFileSync(`${dir}/bench`, rs.map((r) => r.environment.benchmarkIndex).join(" ") + " ");
console.log([
	page.padEnd(22),
	String(Math.round(med((r) => r.categories.performance.score * 100))).padStart(5),
	String(Math.round(med((r) => r.categories.accessibility.score * 100))).padStart(5),
	String(Math.round(med((r) => a(r, "first-contentful-paint")))).padStart(7),
	String(Math.round(med((r) => a(r, "largest-contentful-paint")))).padStart(7),
	String(Math.round(med((r) => a(r, "total-blocking-time")))).padStart(6),
	med((r) => a(r, "cumulative-layout-shift")).toFixed(3).padStart(6),
	(med((r) => a(r, "total-byte-weight")) / 1024).toFixed(1).padStart(8),
].join(" "));
JS
done
echo "Lighthouse $("$lh" --version), $("$CHROME_PATH" --version 2>/dev/null | head -1), mobile profile (CPU slowdown ${CPU_SLOWDOWN:-4}), median of $runs run(s)"
echo "benchmark index of the runs: $(cat "$work/bench"); load average: $(cut -d' ' -f1-3 /proc/loadavg)"
