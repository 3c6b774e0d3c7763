# lib.sh holds what the comparison scripts beside it share; they source it.

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
