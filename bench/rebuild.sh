#!/bin/sh
# bench/rebuild.sh: what a rebuild costs against a full build of the
# shipped content. RUNS times (default 3), each into a new directory: a
# full build into an empty directory and a build where nothing changed
# (the build stamp: nothing rendered, nothing written); then, on each of
# those sites, a build after one row of one source changed (only the pages
# whose inputs' digest changed are rendered, only the files whose bytes
# changed are written; the others are linked from the old site with their
# modification times), and a build after that row changed again. The first
# makes a new tree and keeps the old one beside the site as its spare; the
# second, like every build after it, brings the spare up to date in place
# and swaps it in (render.Options.Spare). Prints the medians of wall and
# CPU time, the ratios to the full build, and how many files each build
# wrote.
# Usage: bench/rebuild.sh [RUNS]
set -eu
cd "$(dirname "$0")/.."
runs=${1:-3}
work=$(mktemp -d "${TMPDIR:-/tmp}/errdex-rebuild.XXXXXX")
trap 'rm -rf "$work"' EXIT
go build -o "$work/errdex" ./cmd/errdex
cp -r content "$work/content"
src="$work/content/wechat-oplatform-errcode-2025.tsv"
cp "$src" "$work/orig.tsv"

# measure KIND: one timed build of $work/content into $work/site/public,
# appended to $work/times as "kind wall-seconds cpu-seconds files-written".
# measure KIND I: one timed build of round I's site.
measure() {
	touch "$work/marker"
	sleep 1 # file times have whole-second resolution on some file systems
	/usr/bin/time -v "$work/errdex" build -content "$work/content" -out "$work/site$2/public" >/dev/null 2>"$work/time"
	written=$(find "$work/site$2/public" -type f -newer "$work/marker" | wc -l)
	awk -v kind="$1" -v written="$written" -F': ' '
		/User time/ {u=$2} /System time/ {s=$2}
		/Elapsed \(wall clock\)/ {k=split($2, p, ":"); w=0; for (i=1; i<=k; i++) w=w*60+p[i]}
		END {print kind, w, u+s, written}' "$work/time" >>"$work/times"
}
# The full builds and the builds where nothing changed come first, each
# round into a new directory: on ext4 creating files is slow for a minute
# or more after many deletions (see bench/compare.sh), and the rebuilds
# after an edit remove files (a few, with a spare; a whole tree, before
# the spare), which would slow the full build of the next round.
i=0
while [ "$i" -lt "$runs" ]; do
	measure full "$i"
	measure unchanged "$i"
	i=$((i + 1))
done
i=0
while [ "$i" -lt "$runs" ]; do
	# One row of one source changes: the first coded row gets a new word.
	awk -v i="$i" 'done != 1 && /^-?[0-9]+\t/ {$0 = $0 " edit" i; done = 1} {print}' "$work/orig.tsv" >"$src"
	measure one-source "$i"
	awk -v i="$i" 'done != 1 && /^-?[0-9]+\t/ {$0 = $0 " again" i; done = 1} {print}' "$work/orig.tsv" >"$src"
	measure one-source-spare "$i"
	i=$((i + 1))
done
cp "$work/orig.tsv" "$src"
awk '
	function median(kind, col,   n, i, j, t, v) {
		n = 0
		for (i = 1; i <= NR; i++) if (name[i] == kind) v[++n] = val[i, col]
		for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (v[j] < v[i]) { t = v[i]; v[i] = v[j]; v[j] = t }
		return n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
	}
	{ name[NR] = $1; val[NR, 2] = $2; val[NR, 3] = $3; val[NR, 4] = $4 }
	END {
		printf "| build | wall s | CPU s | wall / full | CPU / full | files written |\n| --- | --- | --- | --- | --- | --- |\n"
		split("full unchanged one-source one-source-spare", kinds, " ")
		for (k = 1; k <= 4; k++) {
			kd = kinds[k]
			printf "| %s | %.2f | %.2f | %.3f | %.3f | %d |\n", kd, median(kd, 2), median(kd, 3),
				median(kd, 2) / median("full", 2), median(kd, 3) / median("full", 3), median(kd, 4)
		}
	}' "$work/times"
printf '\nruns (kind, wall s, CPU s, files written):\n'
cat "$work/times"
