# lib.sh holds what the comparison scripts beside it share; they source it.

# setup checks TINYVM when it is set (the script named $1 reports what is
# wrong), makes the scratch folder $tmp, removed on exit, and unless CPU32
# names a cpu32 binary builds one there from this checkout.
setup() {
	if [[ -n ${TINYVM:-} && ! -x $TINYVM ]]; then
		echo "$1: TINYVM=$TINYVM is not an executable file" >&2
		exit 2
	fi
	tmp=$(mktemp -d)
	trap 'rm -rf "$tmp"' EXIT
	if [[ -z ${CPU32:-} ]]; then
		CPU32=$tmp/cpu32
		(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && go build -o "$CPU32" ./cmd/cpu32)
	fi
}

# timed runs a command with its standard output in the file $1 (and its
# standard error in $1.err) and prints its wall and user CPU times in
# seconds, on one line.
timed() {
	local out=$1 TIMEFORMAT='%R %U'
	shift
	{ time "$@" >"$out" 2>"$out.err"; } 2>&1
}

# median reads numbers, one a line, and prints their median.
median() {
	sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
