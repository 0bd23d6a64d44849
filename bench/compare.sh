#!/bin/sh
# bench/compare.sh: errdex against Hugo on the same pages. Builds the
# shipped content with errdex, turns its data/errdex.json into the content
# of an equivalent Hugo site (bench/hugo: a page and a JSON per code, a page
# per number, a list per platform, minified), then times both full builds
# alternately RUNS times (default 5) with /usr/bin/time -v and prints the
# medians and the errdex/Hugo ratios of wall time, CPU time and peak memory.
# Each round also writes errdex's site again from memory with
# bench/writetree (no rendering: what writing the same files alone costs
# on this disk, now), so the table shows how much of the ratio any tool
# writing these files must spend.
# Every run writes into a new, empty directory and nothing is deleted
# until the end: ext4 makes creating files slow for a minute or so after
# many files were deleted (the kernel's recently_deleted check, in a perf
# profile of bench/writetree), which made the rounds of a run that
# deleted each round's trees slower and slower for both tools (writing
# alone: 0.5 s in the first round, 4.4 s in the fifth; with new
# directories, 0.6-0.7 s in each). That check looks back a minute, five
# while the inode table is not yet written: on ext4, run this when nothing
# deleted many files on that file system in the last five minutes (the
# script syncs before it starts). An untimed first round warms the caches,
# and each round starts with a different side.
# Installs Debian's hugo when it is missing (apt-get, as root).
# Usage: bench/compare.sh [RUNS]
set -eu
cd "$(dirname "$0")/.."
runs=${1:-5}
if ! command -v hugo >/dev/null; then
	apt-get install -y hugo >/dev/null
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/errdex-compare.XXXXXX")
trap 'rm -rf "$work"' EXIT
base=https://errdex.example.org/
go build -o "$work/errdex" ./cmd/errdex
go build -o "$work/conv" ./bench/hugo/conv
go build -o "$work/writetree" ./bench/writetree
"$work/errdex" build -content content -out "$work/ref" -base-url "$base" >/dev/null
cp -r bench/hugo/site "$work/site"
"$work/conv" -in "$work/ref/data/errdex.json" -out "$work/site/content"
sync

# measure TOOL COMMAND...: one timed run, appended to $work/times as
# "tool wall-seconds cpu-seconds peak-KiB".
measure() {
	tool=$1
	shift
	/usr/bin/time -v "$@" >/dev/null 2>"$work/time"
	awk -v tool="$tool" -F': ' '
		/User time/ {u=$2} /System time/ {s=$2} /Maximum resident/ {m=$2}
		/Elapsed \(wall clock\)/ {k=split($2, p, ":"); w=0; for (i=1; i<=k; i++) w=w*60+p[i]}
		END {print tool, w, u+s, m}' "$work/time" >>"$work/times"
}
# side N I: round I's run of side N (0 errdex, 1 writing alone, 2 Hugo).
side() {
	case $1 in
	0) measure errdex "$work/errdex" build -content content -out "$work/e$2/public" -base-url "$base" ;;
	1) "$work/writetree" -in "$work/ref" -out "$work/w$2" | awk '{print "write", $2, $3, $4}' >>"$work/times" ;;
	2) measure hugo hugo --minify --quiet -s "$work/site" -d "$work/h$2" ;;
	esac
}
i=0
while [ "$i" -le "$runs" ]; do
	for k in 0 1 2; do
		side $(((i + k) % 3)) "$i"
	done
	if [ "$i" -eq 0 ]; then
		: >"$work/times" # round 0 warms the caches
	fi
	i=$((i + 1))
done
ef=$(find "$work/e1/public" -type f | wc -l)
hf=$(find "$work/h1" -type f | wc -l)
awk -v runs="$runs" -v ef="$ef" -v hf="$hf" '
	function median(tool, col,   n, i, j, t, v) {
		n = 0
		for (i = 1; i <= NR; i++) if (name[i] == tool) v[++n] = val[i, col]
		for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (v[j] < v[i]) { t = v[i]; v[i] = v[j]; v[j] = t }
		return n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
	}
	{ name[NR] = $1; val[NR, 2] = $2; val[NR, 3] = $3; val[NR, 4] = $4 }
	END {
		printf "median of %d alternating runs; errdex wrote %d files, Hugo %d\n\n", runs, ef, hf
		printf "| | errdex | Hugo | errdex / Hugo | writing alone | writing alone / Hugo |\n| --- | --- | --- | --- | --- | --- |\n"
		printf "| wall s | %.2f | %.2f | %.2f | %.2f | %.2f |\n", median("errdex", 2), median("hugo", 2), median("errdex", 2) / median("hugo", 2), median("write", 2), median("write", 2) / median("hugo", 2)
		printf "| CPU s | %.2f | %.2f | %.2f | %.2f | %.2f |\n", median("errdex", 3), median("hugo", 3), median("errdex", 3) / median("hugo", 3), median("write", 3), median("write", 3) / median("hugo", 3)
		printf "| peak MiB | %.0f | %.0f | %.2f | | |\n", median("errdex", 4) / 1024, median("hugo", 4) / 1024, median("errdex", 4) / median("hugo", 4)
	}' "$work/times"
printf '\nruns (tool, wall s, CPU s, peak KiB; write: the writing alone, its own peak):\n'
cat "$work/times"
