#!/bin/sh
# bench/ab.sh: alternate full builds of the shipped content by two or more
# variants and print each one's medians (wall, user, system, CPU seconds,
# voluntary context switches, peak MiB) and its CPU ratio to the first.
# A variant is LABEL=COMMAND; the command builds into the directory named
# by $OUT (a new, empty one each run), e.g.
#
#	bench/ab.sh 5 "old=/tmp/errdex-old build -content content -out \$OUT" \
#	              "new=/tmp/errdex build -content content -out \$OUT"
#	bench/ab.sh 5 "p2=bin/errdex build -content content -out \$OUT" \
#	              "p1=env GOMAXPROCS=1 bin/errdex build -content content -out \$OUT"
#
# Usage: bench/ab.sh RUNS LABEL=COMMAND...
set -eu
runs=$1
shift
work=$(mktemp -d "${TMPDIR:-/tmp}/errdex-ab.XXXXXX")
trap 'rm -rf "$work"' EXIT
i=0
while [ "$i" -lt "$runs" ]; do
	for v in "$@"; do
		label=${v%%=*}
		OUT="$work/$label.$i/public"
		export OUT
		/usr/bin/time -f "$label %e %U %S %w %M" -o "$work/t" sh -c "${v#*=}" >/dev/null
		cat "$work/t" >>"$work/times"
	done
	i=$((i + 1))
done
awk -v runs="$runs" '
	function median(tool, col,   n, i, j, t, v) {
		n = 0
		for (i = 1; i <= NR; i++) if (name[i] == tool) v[++n] = val[i, col]
		for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (v[j] < v[i]) { t = v[i]; v[i] = v[j]; v[j] = t }
		return n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
	}
	{ name[NR] = $1; for (c = 2; c <= 6; c++) val[NR, c] = $c; val[NR, 7] = $3 + $4; if (!($1 in seen)) { seen[$1] = 1; order[++k] = $1 } }
	END {
		printf "median of %d alternating runs\n\n", runs
		printf "| variant | wall s | user s | system s | CPU s | CPU / %s | vol. switches | peak MiB |\n| --- | --- | --- | --- | --- | --- | --- | --- |\n", order[1]
		for (i = 1; i <= k; i++) {
			t = order[i]
			printf "| %s | %.2f | %.2f | %.2f | %.2f | %.2f | %d | %.0f |\n", t, median(t, 2), median(t, 3), median(t, 4), median(t, 7), median(t, 7) / median(order[1], 7), median(t, 5), median(t, 6) / 1024
		}
	}' "$work/times"
printf '\nruns (variant, wall s, user s, system s, voluntary switches, peak KiB):\n'
cat "$work/times"
