#!/bin/sh
# bench/scale.sh: build synthetic content of about 10,000, 30,000 and
# 100,000 codes (bench/gen: the shipped content plus renumbered copies of
# the WeChat open-platform capture) and print, per size, the codes built,
# files written, wall and CPU seconds, peak memory (/usr/bin/time -v) and
# milliseconds per code (wall, CPU, and of that user time: errdex's own
# work, without the file system's). "to disk" adds the sync after the
# build: a build that writes less than the kernel keeps dirty (a tenth of
# the memory, for 30 s) stops the clock before its pages are written
# back, a larger one pays for part of that while it runs.
#
# Usage: bench/scale.sh [-fresh] [-rounds K] [SIZES...]
#
# With -rounds K it builds each size K times, in turn, and ends with the
# median time per code of each size against the middle one.
#
# What a build costs the file system depends on what was done on it
# before, so the script guards against the machine's own history:
#   - Nothing is deleted until the end: ext4 makes creating files slow
#     for some minutes after many were deleted (see bench/compare.sh),
#     which made each size pay for the trees of the one before.
#   - Each build starts after a sync, with nothing left to write back:
#     without it, a build could start while the pages of the one before
#     were still being written back (the kernel writes dirty pages back
#     after 30 s, or once they pass a tenth of the memory).
#   - With -fresh (root only: mkfs.ext4, losetup, mount), each size is
#     built on a new ext4 file system of its own, in a sparse image file
#     under $TMPDIR attached with direct I/O, so no size pays for the
#     inodes the volume's earlier files and deletions left. On a shared
#     volume the same build's system time varied threefold within ten
#     minutes (docs/performance.md, "Scale").
#
# Needs /usr/bin/time (Debian package time); -fresh needs e2fsprogs and
# util-linux. Work files go to $TMPDIR.
set -eu
cd "$(dirname "$0")/.."
fresh=
rounds=1
while :; do
	case "${1:-}" in
	-fresh) fresh=1; shift ;;
	-rounds) rounds=$2; shift 2 ;;
	*) break ;;
	esac
done
sizes=${*:-10000 30000 100000}
work=$(mktemp -d "${TMPDIR:-/tmp}/errdex-scale.XXXXXX")
mnt= dev=
# detach unmounts and detaches the current run's file system, if any.
detach() {
	if [ -n "$mnt" ]; then umount "$mnt"; fi
	if [ -n "$dev" ]; then losetup -d "$dev"; fi
	mnt= dev=
}
trap 'detach; rm -rf "$work"' EXIT
go build -o "$work/errdex" ./cmd/errdex
go build -o "$work/gen" ./bench/gen
for n in $sizes; do
	"$work/gen" -content content -n "$n" -out "$work/content-$n" >/dev/null
done

# build N ROUND builds content-N, prints its row and adds it to $work/rows.
build() {
	n=$1
	out="$work/public-$n-$2"
	if [ -n "$fresh" ]; then
		# About 160 MiB and 10,000 inodes (mkfs's default ratio) per
		# thousand codes, well above what a build of that size takes.
		img="$work/fs.img"
		truncate -s "$((n / 1000 * 160 + 2048))M" "$img"
		mkfs.ext4 -q -F -E lazy_itable_init=0,lazy_journal_init=0 "$img"
		sync
		dev=$(losetup -f --show --direct-io=on "$img")
		mnt="$work/fs"
		mkdir -p "$mnt"
		mount "$dev" "$mnt"
		out="$mnt/public"
	fi
	sync
	/usr/bin/time -v "$work/errdex" build -content "$work/content-$n" -out "$out" \
		>"$work/out" 2>"$work/time"
	start=$(date +%s.%N)
	sync
	synced=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN {print b - a}')
	codes=$(sed -n 's/^errdex: built \([0-9]*\) codes.*/\1/p' "$work/out")
	files=$(find "$out" -type f | wc -l)
	awk -v n="$n" -v r="$2" -v codes="$codes" -v files="$files" -v synced="$synced" -v rows="$work/rows" -F': ' '
		/User time/ {u=$2} /System time/ {s=$2} /Maximum resident/ {m=$2}
		/Elapsed \(wall clock\)/ {k=split($2, p, ":"); w=0; for (i=1; i<=k; i++) w=w*60+p[i]}
		END {
			printf "| %d | %d | %d | %d | %.1f | %.1f | %.1f | %.0f | %.2f | %.2f | %.2f | %.2f |\n", n, r, codes, files, w, u+s, u, m/1024, 1000*w/codes, 1000*(u+s)/codes, 1000*u/codes, 1000*(w+synced)/codes
			printf "%d %.4f %.4f %.4f %.4f\n", n, 1000*w/codes, 1000*(u+s)/codes, 1000*u/codes, 1000*(w+synced)/codes >>rows
		}
	' "$work/time"
	if [ -n "$fresh" ]; then
		detach
		rm -f "$img"
	fi
}

printf '| asked | round | codes | files | wall s | CPU s | user s | peak MiB | ms per code (wall) | ms per code (CPU) | ms per code (user) | ms per code (wall, to disk) |\n'
printf '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n'
# Each round goes through the sizes in the other order from the one
# before, so drift in the machine's load falls on every size alike.
order=$sizes
r=1
while [ "$r" -le "$rounds" ]; do
	for n in $order; do
		build "$n" "$r"
	done
	order=$(printf '%s\n' $order | awk '{l[NR]=$0} END {for (i=NR; i>0; i--) printf "%s ", l[i]}')
	r=$((r + 1))
done

# The medians per size, and each against the middle size.
[ "$rounds" -gt 1 ] || exit 0
echo
echo "Medians of $rounds rounds, ms per code, and against the middle size:"
echo
printf '| asked | wall | CPU | user | wall, to disk |\n| --- | --- | --- | --- | --- |\n'
count=$(echo $sizes | wc -w)
mid=$(echo $sizes | cut -d' ' -f$(((count + 1) / 2)))
for n in $sizes; do
	line="| $n |"
	for c in 2 3 4 5; do
		med=$(awk -v n="$n" -v c="$c" '$1 == n {print $c}' "$work/rows" | sort -g | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}')
		ref=$(awk -v n="$mid" -v c="$c" '$1 == n {print $c}' "$work/rows" | sort -g | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}')
		line="$line $(awk -v m="$med" -v r="$ref" 'BEGIN {printf "%.3f (%+.0f%%)", m, 100*(m/r-1)}') |"
	done
	echo "$line"
done
