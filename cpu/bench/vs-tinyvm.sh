#!/usr/bin/env bash
# vs-tinyvm.sh compares cpu32 with tinyvm (github.com/jakogut/tinyvm, a C
# interpreter of the same family) on the workloads beside this script, one
# source file that both accept for each. It runs each workload with both,
# alternately, RUNS times (default 5), and prints the median wall and user
# CPU times and their ratios, cpu32 / tinyvm (issue 7's goal: at most 0.5).
#
#   TINYVM=/path/to/tinyvm/bin/tvmi cpu/bench/vs-tinyvm.sh [workload ...]
#
# TINYVM names tinyvm's tvmi binary (build tinyvm with make, outside this
# repository). CPU32 names the cpu32 binary; unset, the script builds one
# from this checkout. The machine is shared and noisy: alternating the two
# and taking medians keeps the ratio fair.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
runs=${RUNS:-5}
# shellcheck source=lib.sh
. "$here/lib.sh"

if [[ -z ${TINYVM:-} ]]; then
	echo "vs-tinyvm.sh: TINYVM is not set: point it at tinyvm's tvmi binary (git clone https://github.com/jakogut/tinyvm; make)" >&2
	exit 2
fi
setup vs-tinyvm.sh

workloads=("$@")
if [[ ${#workloads[@]} -eq 0 ]]; then
	workloads=(count primes fib)
fi

# The user CPU times say the same on a quiet machine and stay steadier on
# a busy one.
printf '%-8s %9s %9s %7s   %9s %9s %7s\n' workload cpu32-s tinyvm-s ratio cpu32-user tinyvm-user ratio
for w in "${workloads[@]}"; do
	src=$here/$w.vm
	[[ -f $src ]] || { echo "vs-tinyvm.sh: no workload $src" >&2; exit 2; }
	"$TINYVM" "$src" >"$tmp/want"
	: >"$tmp/c"
	: >"$tmp/t"
	for ((i = 0; i < runs; i++)); do
		timed "$tmp/out" "$CPU32" run "$src" >>"$tmp/c"
		cmp -s "$tmp/out" "$tmp/want" || { echo "vs-tinyvm.sh: $w: cpu32 and tinyvm print different output" >&2; exit 1; }
		timed "$tmp/out" "$TINYVM" "$src" >>"$tmp/t"
	done
	cw=$(cut -d' ' -f1 "$tmp/c" | median)
	tw=$(cut -d' ' -f1 "$tmp/t" | median)
	cu=$(cut -d' ' -f2 "$tmp/c" | median)
	tu=$(cut -d' ' -f2 "$tmp/t" | median)
	awk -v w="$w" -v cw="$cw" -v tw="$tw" -v cu="$cu" -v tu="$tu" \
		'BEGIN { printf "%-8s %9.3f %9.3f %7.2f   %9.3f %9.3f %7.2f\n", w, cw, tw, cw / tw, cu, tu, (tu > 0 ? cu / tu : 0) }'
done
