#!/usr/bin/env bash
# corpus.sh runs issue 16's benchmark corpus (corpus/ beside this script)
# as whole processes: each program through `cpu32 run`, through tinyvm when
# tinyvm can run it (the .vm files, the same source), and its algorithm in
# native Go (the corpus's test binary run with CORPUS_NATIVE=NAME), one
# after the other, RUNS times (default 5). It checks that every run prints
# the program's golden NAME.out and prints, per program, the instructions
# cpu32 executes, cpu32's millions of instructions per second of user CPU
# time over the whole process, the median wall and user CPU times (wall/
# user, seconds) and the ratios cpu32 / tinyvm and cpu32 / native of both
# (issue 16's bars: at most 0.5 of tinyvm's time; the array programs
# within 3x of native Go); last, the largest and the geometric mean of the
# ratios to tinyvm of the user CPU times.
#
#   TINYVM=/path/to/tinyvm/bin/tvmi cpu/bench/corpus.sh [program ...]
#
# Programs are named without their extension (nested, sieve, ...); none
# named: all of them. Without TINYVM the tinyvm columns stay empty. CPU32
# names the cpu32 binary; unset, the script builds one from this checkout.
# The machine is shared and noisy: alternating the three and taking
# medians keeps the ratios fair; the user CPU times are the steadier.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
corpus=$here/corpus
runs=${RUNS:-5}
# shellcheck source=lib.sh
. "$here/lib.sh"

setup corpus.sh
native=$tmp/corpus.test
(cd "$here/../.." && go test -c -o "$native" ./cpu/bench/corpus)

programs=("$@")
if [[ ${#programs[@]} -eq 0 ]]; then
	for f in "$corpus"/*.vm "$corpus"/*.asm; do
		f=${f##*/}
		programs+=("${f%.*}")
	done
fi

# check fails the script unless the last run, by $1, printed the golden
# output of program $2.
check() {
	cmp -s "$tmp/out" "$corpus/$2.out" || {
		echo "corpus.sh: $2: $1 does not print $2.out" >&2
		cat "$tmp/out.err" >&2
		exit 1
	}
}

# ratio prints $1 / $2, or - when either is missing or 0 (below the
# times' resolution of a millisecond).
ratio() {
	awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b == "" || a <= 0 || b <= 0) print "-"; else printf "%.2f\n", a / b }'
}

# column prints the median of field $1 of file $2, or nothing for an
# empty file.
column() {
	[[ -s $2 ]] && cut -d' ' -f"$1" "$2" | median
	return 0
}

cd "$corpus"
printf '%-10s %11s %6s %11s %11s %11s %6s %6s %6s %6s\n' program steps M/s-u cpu32 tinyvm native c/t c/t-u c/n c/n-u
: >"$tmp/ratios"
for name in "${programs[@]}"; do
	src=$name.vm
	[[ -f $src ]] || src=$name.asm
	[[ -f $src ]] || { echo "corpus.sh: no program $name in $corpus" >&2; exit 2; }
	steps=$("$CPU32" run --json "$src" | grep -o '"steps": *[0-9]*' | grep -o '[0-9]*$')
	: >"$tmp/c"
	: >"$tmp/t"
	: >"$tmp/n"
	for ((i = 0; i < runs; i++)); do
		timed "$tmp/out" "$CPU32" run "$src" >>"$tmp/c"
		check cpu32 "$name"
		if [[ -n ${TINYVM:-} && $src == *.vm ]]; then
			timed "$tmp/out" "$TINYVM" "$src" >>"$tmp/t"
			check tinyvm "$name"
		fi
		timed "$tmp/out" env CORPUS_NATIVE="$name" "$native" >>"$tmp/n"
		check native "$name"
	done
	cw=$(column 1 "$tmp/c") cu=$(column 2 "$tmp/c")
	tw=$(column 1 "$tmp/t") tu=$(column 2 "$tmp/t")
	nw=$(column 1 "$tmp/n") nu=$(column 2 "$tmp/n")
	printf '%-10s %11d %6s %11s %11s %11s %6s %6s %6s %6s\n' "$name" "$steps" \
		"$(awk -v s="$steps" -v t="$cu" 'BEGIN { if (t > 0) printf "%.0f\n", s / t / 1e6; else print "-" }')" \
		"$cw/$cu" "${tw:--}/${tu:--}" "$nw/$nu" \
		"$(ratio "$cw" "$tw")" "$(ratio "$cu" "$tu")" "$(ratio "$cw" "$nw")" "$(ratio "$cu" "$nu")"
	r=$(ratio "$cu" "$tu")
	[[ $r == - ]] || echo "$name $r" >>"$tmp/ratios"
done
if [[ -s $tmp/ratios ]]; then
	awk '{ g += log($2); if ($2 > w) { w = $2; wn = $1 } } END { printf "cpu32 / tinyvm, user CPU time: at most %.2f (%s), geometric mean %.2f of %d programs\n", w, wn, exp(g / NR), NR }' "$tmp/ratios"
fi
