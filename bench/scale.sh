#!/bin/sh
# bench/scale.sh: build synthetic content of about 10,000, 30,000 and
# 100,000 codes (bench/gen: the shipped content plus renumbered copies of
# the WeChat open-platform capture) and print, per size, the codes built,
# files written, wall and CPU seconds, peak memory (/usr/bin/time -v) and
# milliseconds per code (wall, CPU, and of that user time: errdex's own
# work, without the file system's). Nothing is deleted until the end:
# ext4 makes creating files slow for a minute or so after many were
# deleted (see bench/compare.sh), which made each size pay for the trees
# of the one before. Usage: bench/scale.sh [SIZES...]
# Needs /usr/bin/time (Debian package time). Work files go to $TMPDIR.
set -eu
cd "$(dirname "$0")/.."
sizes=${*:-10000 30000 100000}
work=$(mktemp -d "${TMPDIR:-/tmp}/errdex-scale.XXXXXX")
trap 'rm -rf "$work"' EXIT
go build -o "$work/errdex" ./cmd/errdex
go build -o "$work/gen" ./bench/gen
printf '| asked | codes | files | wall s | CPU s | user s | peak MiB | ms per code (wall) | ms per code (CPU) | ms per code (user) |\n'
printf '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n'
for n in $sizes; do
	"$work/gen" -content content -n "$n" -out "$work/content-$n" >/dev/null
	/usr/bin/time -v "$work/errdex" build -content "$work/content-$n" -out "$work/public-$n" \
		>"$work/out-$n" 2>"$work/time-$n"
	codes=$(sed -n 's/^errdex: built \([0-9]*\) codes.*/\1/p' "$work/out-$n")
	files=$(find "$work/public-$n" -type f | wc -l)
	awk -v n="$n" -v codes="$codes" -v files="$files" -F': ' '
		/User time/ {u=$2} /System time/ {s=$2} /Maximum resident/ {m=$2}
		/Elapsed \(wall clock\)/ {k=split($2, p, ":"); w=0; for (i=1; i<=k; i++) w=w*60+p[i]}
		END {printf "| %d | %d | %d | %.1f | %.1f | %.1f | %.0f | %.2f | %.2f | %.2f |\n", n, codes, files, w, u+s, u, m/1024, 1000*w/codes, 1000*(u+s)/codes, 1000*u/codes}
	' "$work/time-$n"
done
