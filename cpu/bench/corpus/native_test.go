package corpus_test

import (
	"fmt"
	"math/bits"
	"strconv"
	"strings"
)

// The native versions: each corpus program's algorithm in plain Go, on
// uint32 as the machine computes, printing what the program prints (a
// signed decimal and a newline for prn). size is the value of the
// program's sizing %define; its other constants are written here again.

// prn appends what prn x prints.
func prn(b *strings.Builder, x uint32) {
	b.WriteString(strconv.Itoa(int(int32(x))))
	b.WriteByte('\n')
}

// prns returns what prn prints for each of xs in turn.
func prns(xs ...uint32) string {
	var b strings.Builder
	for _, x := range xs {
		prn(&b, x)
	}
	return b.String()
}

func nativeNested(n uint32) string {
	var sum uint32
	for i := uint32(0); i < n; i++ {
		for j := uint32(0); j < n; j++ {
			for k := uint32(0); k < n; k++ {
				sum += (i*j*k + k) % 97
			}
		}
	}
	return prns(sum)
}

func nativeXorshift(count uint32) string {
	x, low := uint32(123456789), uint32(0)
	for range count {
		x ^= x << 13
		x ^= x >> 17
		x ^= x << 5
		if x&255 < 16 {
			low++
		}
	}
	return prns(low, x)
}

func nativeGCD(n uint32) string {
	var sum uint32
	for i := uint32(1); i <= n; i++ {
		for j := uint32(1); j <= n; j++ {
			a, b := i, j
			for b != 0 {
				a, b = b, a%b
			}
			sum += a
		}
	}
	return prns(sum)
}

func nativeCollatz(n uint32) string {
	var longest, best uint32
	for start := uint32(1); start < n; start++ {
		x, length := start, uint32(1)
		for x != 1 {
			if x%2 == 0 {
				x /= 2
			} else {
				x = 3*x + 1
			}
			length++
		}
		if length > longest {
			longest, best = length, start
		}
	}
	return prns(best, longest)
}

func nativeAckermann(n uint32) string {
	var ack func(m, n uint32) uint32
	ack = func(m, n uint32) uint32 {
		if m == 0 {
			return n + 1
		}
		if n == 0 {
			return ack(m-1, 1)
		}
		return ack(m-1, ack(m, n-1))
	}
	var sum, a uint32
	for i := range n {
		a = ack(2, i)
		sum += a
	}
	return prns(sum, a)
}

func nativeBinomial(n uint32) string {
	var binom func(n, k uint32) uint32
	binom = func(n, k uint32) uint32 {
		if k == 0 || k == n {
			return 1
		}
		return binom(n-1, k) + binom(n-1, k-1)
	}
	var b strings.Builder
	for k := uint32(0); k <= n; k++ {
		prn(&b, binom(n, k))
	}
	return b.String()
}

func nativeTable(n uint32) string {
	var b strings.Builder
	for i := uint32(1); i <= n; i++ {
		for j := uint32(1); j <= n; j++ {
			prn(&b, i*j)
		}
	}
	return b.String()
}

func nativeSieve(rounds uint32) string {
	const n = 200000
	composite := make([]uint32, n)
	var found, largest uint32
	for range rounds {
		clear(composite)
		for i := uint32(2); i*i < n; i++ {
			if composite[i] == 0 {
				for m := i * i; m < n; m += i {
					composite[m] = 1
				}
			}
		}
		found = 0
		for i := uint32(2); i < n; i++ {
			if composite[i] == 0 {
				found++
				largest = i
			}
		}
	}
	return prns(found, largest)
}

func nativeBubble(n uint32) string {
	arr := lcg(n, 42, 1664525, 1013904223, 12)
	for last := len(arr) - 1; ; last-- {
		swapped := false
		for i := 0; i < last; i++ {
			if arr[i] > arr[i+1] {
				arr[i], arr[i+1] = arr[i+1], arr[i]
				swapped = true
			}
		}
		if !swapped {
			break
		}
	}
	return prns(arr[0], arr[n-1], weighted(arr))
}

func nativeReverse(rounds uint32) string {
	const s = "A man, a plan, a canal: Panama! Or: was it a car or a cat I saw?"
	text := make([]uint32, len(s)+1) // one word a character, then a 0
	for i, c := range []byte(s) {
		text[i] = uint32(c)
	}
	for range rounds {
		end := 0
		for text[end] != 0 {
			end++
		}
		for i, j := 0, end-1; i < j; i, j = i+1, j-1 {
			text[i], text[j] = text[j], text[i]
		}
	}
	var b strings.Builder
	for i := 0; text[i] != 0; i++ {
		b.WriteRune(rune(text[i]))
	}
	b.WriteByte('\n')
	return b.String()
}

func nativeMatmul(n uint32) string {
	a := make([]uint32, n*n)
	bm := make([]uint32, n*n)
	c := make([]uint32, n*n)
	for i := range n {
		for j := range n {
			a[i*n+j] = (j + j + i) % 7
			bm[i*n+j] = (i*j+1)%5 - 2
		}
	}
	for i := range n {
		for j := range n {
			var dot uint32
			for k := range n {
				dot += a[i*n+k] * bm[k*n+j]
			}
			c[i*n+j] = dot
		}
	}
	var trace, sum uint32
	for i := range n {
		trace += c[i*n+i]
	}
	for _, v := range c {
		sum += v
	}
	return prns(trace, sum)
}

func nativeBsearch(queries uint32) string {
	const n = 100000
	table := make([]uint32, n)
	for i := range table {
		table[i] = 3*uint32(i) + 1
	}
	var found, sum uint32
	for q := range queries {
		key := q * 7919 % (3 * n)
		lo, hi := uint32(0), uint32(n)
		for int32(lo) < int32(hi) {
			mid := (lo + hi) >> 1
			if table[mid] == key {
				sum += mid
				found++
				break
			}
			if table[mid] < key {
				lo = mid + 1
			} else {
				hi = mid
			}
		}
	}
	return prns(found, sum)
}

// nativeDice draws its numbers as the host's rand does: a function of the
// seed (1, `cpu32 run`'s default) and of the number of instructions run
// before the call, which is 2 + 7k before roll k (mov ecx; then push,
// call, add, inc, dec, cmp, jne a roll).
func nativeDice(rolls uint32) string {
	var counts [6]uint32
	for k := range uint64(rolls) {
		r := uint32(mix(1^mix(2+7*k)) >> 32)
		counts[uint64(r)*6>>32]++
	}
	return prns(counts[:]...)
}

// mix is host.mix, splitmix64's finalizer, which rand is made of.
func mix(x uint64) uint64 {
	x += 0x9E3779B97F4A7C15
	x = (x ^ x>>30) * 0xBF58476D1CE4E5B9
	x = (x ^ x>>27) * 0x94D049BB133111EB
	return x ^ x>>31
}

func nativeHist(count uint32) string {
	const bins = 1024
	var hist [bins]uint32
	x := uint32(12345)
	for range count {
		x = x*1103515245 + 12345
		hist[x>>16&(bins-1)]++
	}
	for i := 1; i < bins; i++ {
		hist[i] += hist[i-1]
	}
	return prns(hist[511], hist[1023], weighted(hist[:]))
}

// lcg returns n numbers of the linear congruential generator x = x*a + c
// from seed x, each shifted right by shift, as the sorting programs fill
// their arrays.
func lcg(n, x, a, c, shift uint32) []uint32 {
	xs := make([]uint32, n)
	for i := range xs {
		x = x*a + c
		xs[i] = x >> shift
	}
	return xs
}

// weighted returns the sum of each of xs times its position, the
// checksum the sorting programs print.
func weighted(xs []uint32) uint32 {
	var sum uint32
	for i, v := range xs {
		sum += v * uint32(i)
	}
	return sum
}

func nativeInsort(n uint32) string {
	arr := lcg(n, 7, 22695477, 1, 8)
	for i := 1; i < len(arr); i++ {
		key, j := arr[i], i-1
		for ; j >= 0 && arr[j] > key; j-- {
			arr[j+1] = arr[j]
		}
		arr[j+1] = key
	}
	return prns(arr[0], arr[n-1], weighted(arr))
}

func nativeStencil(steps uint32) string {
	const w = 128
	from, to := make([]uint32, w*w), make([]uint32, w*w)
	x := uint32(99)
	for i := range from {
		x = x*1664525 + 1013904223
		from[i], to[i] = x>>22, x>>22
	}
	for range steps {
		for r := 1; r < w-1; r++ {
			for i := r*w + 1; i < r*w+w-1; i++ {
				to[i] = (from[i-1] + from[i+1] + from[i-w] + from[i+w]) >> 2
			}
		}
		from, to = to, from
	}
	var sum uint32
	for _, v := range from {
		sum += v
	}
	return prns(from[w*(w/2)+w/2], sum)
}

func nativeStrhash(rounds uint32) string {
	const n = 4096
	str := make([]uint32, n)
	x := uint32(1)
	for i := range str {
		x = x*1664525 + 1013904223
		str[i] = x >> 24
	}
	var h, sum uint32
	for r := rounds; r > 0; r-- {
		h = 5381 + r
		for _, c := range str {
			h += h << 5
			h ^= h >> 2
			h ^= c
		}
		sum += h
	}
	return prns(h, sum)
}

func nativeList(rounds uint32) string {
	const n = 4096
	type node struct{ value, next uint32 }
	nodes := make([]node, n)
	x := uint32(12345)
	for j := uint32(0); j < n; j++ {
		x = x*1103515245 + 12345
		nodes[j*1597%n].value = x >> 16
		nodes[j*1597%n].next = (j + 1) * 1597 % n
	}
	var sum uint32
	for r := rounds; r > 0; r-- {
		for i, j := uint32(0), uint32(0); j < n; i, j = nodes[i].next, j+1 {
			if v := nodes[i].value; v&1 != 0 {
				sum += v
			} else {
				sum ^= v
			}
		}
		sum += r
	}
	return prns(sum)
}

func nativeBytecode(iter uint32) string {
	type op struct{ code, arg uint32 }
	code := []op{{0, 13}, {1, 17}, {0, 5}, {2, 0}, {3, 0}}
	acc, sum := uint32(2463534242), uint32(0)
	for pc, n := 0, iter; ; {
		o := code[pc]
		pc++
		switch o.code {
		case 0:
			acc ^= acc << (o.arg & 31)
		case 1:
			acc ^= acc >> (o.arg & 31)
		case 2:
			sum += acc
		case 3:
			if n--; n == 0 {
				return prns(acc, sum)
			}
			pc = int(o.arg)
		}
	}
}

func nativeCRC32(count uint32) string {
	crc, x := ^uint32(0), uint32(2024)
	for range count {
		x = x*1103515245 + 12345
		crc ^= x >> 16 & 255
		for range 8 {
			if crc&1 != 0 {
				crc = crc>>1 ^ 0xEDB88320
			} else {
				crc >>= 1
			}
		}
	}
	return prns(^crc)
}

func nativePopcount(count uint32) string {
	var x, total, odd, most uint32
	for range count {
		x += 2654435769
		bits := uint32(0)
		for v := x; v != 0; v &= v - 1 {
			bits++
		}
		total += bits
		odd += bits & 1
		if int32(bits) > int32(most) {
			most = bits
		}
	}
	return prns(total, odd, most)
}

func nativePowmod(limit uint32) string {
	powmod := func(a, e, n uint32) uint32 {
		r := uint32(1)
		for a %= n; e != 0; e >>= 1 {
			if e&1 != 0 {
				r = r * a % n
			}
			a = a * a % n
		}
		return r
	}
	var pairs, all uint32
	for n := uint32(3); n < limit; n += 2 {
		passed := uint32(0)
		for a := uint32(2); a <= 13; a++ {
			if powmod(a, n-1, n) == 1 {
				pairs++
				passed++
			}
		}
		if passed == 12 {
			all++
		}
	}
	return prns(pairs, all)
}

func nativeDigits(count uint32) string {
	var tobase func(n, b uint32) uint32
	tobase = func(n, b uint32) uint32 {
		if n < b {
			return n
		}
		return tobase(n/b, b)*10 + n%b
	}
	var sum uint32
	for n := uint32(1); n < count; n++ {
		for b := uint32(2); b <= 10; b++ {
			sum += tobase(n, b)
		}
	}
	return prns(sum, tobase(count-1, 2), tobase(count-1, 3), tobase(count-1, 7))
}

func nativeQsort(rounds uint32) string {
	const n = 20000
	arr := make([]uint32, n)
	var qsort func(lo, hi int)
	qsort = func(lo, hi int) {
		if lo >= hi {
			return
		}
		pivot, i := arr[hi], lo
		for j := lo; j < hi; j++ {
			if arr[j] < pivot {
				arr[i], arr[j] = arr[j], arr[i]
				i++
			}
		}
		arr[i], arr[hi] = pivot, arr[i]
		qsort(lo, i-1)
		qsort(i+1, hi)
	}
	x := uint32(1)
	for range rounds {
		for i := range arr {
			x = x*1664525 + 1013904223
			arr[i] = x >> 4
		}
		qsort(0, n-1)
	}
	return prns(arr[0], arr[n-1], weighted(arr))
}

func nativeHeapsort(rounds uint32) string {
	const n = 20000
	arr := make([]uint32, n)
	sift := func(i, end int) {
		for {
			c := 2*i + 1
			if c >= end {
				return
			}
			if c+1 < end && arr[c] < arr[c+1] {
				c++
			}
			if arr[i] >= arr[c] {
				return
			}
			arr[i], arr[c] = arr[c], arr[i]
			i = c
		}
	}
	x := uint32(5)
	for range rounds {
		for i := range arr {
			x = x*22695477 + 1
			arr[i] = x >> 5
		}
		for i := n/2 - 1; i >= 0; i-- {
			sift(i, n)
		}
		for end := n - 1; end >= 1; end-- {
			arr[0], arr[end] = arr[end], arr[0]
			sift(0, end)
		}
	}
	return prns(arr[0], arr[n-1], weighted(arr))
}

func nativeLife(gens uint32) string {
	const w = 50 // 48 cells a row and a dead border
	from, to := make([]uint32, w*w), make([]uint32, w*w)
	x := uint32(31415)
	for r := 1; r < w-1; r++ {
		for c := 1; c < w-1; c++ {
			x = x*1103515245 + 12345
			from[r*w+c] = x >> 31
		}
	}
	for range gens {
		for r := 1; r < w-1; r++ {
			for i := r*w + 1; i < r*w+w-1; i++ {
				n := from[i-w-1] + from[i-w] + from[i-w+1] + from[i-1] +
					from[i+1] + from[i+w-1] + from[i+w] + from[i+w+1]
				switch n {
				case 3:
					to[i] = 1
				case 2:
					to[i] = from[i]
				default:
					to[i] = 0
				}
			}
		}
		from, to = to, from
	}
	var live, sum uint32
	for i, v := range from {
		if v != 0 {
			live++
			sum += uint32(i)
		}
	}
	return prns(live, sum)
}

func nativeMemo(rounds uint32) string {
	const limit = 100000
	memo := make([]uint32, limit)
	var clen func(n uint32) uint32
	clen = func(n uint32) uint32 {
		if n < limit && memo[n] != 0 {
			return memo[n]
		}
		if n == 1 {
			return 1
		}
		next := n / 2
		if n&1 != 0 {
			next = 3*n + 1
		}
		l := clen(next) + 1
		if n < limit {
			memo[n] = l
		}
		return l
	}
	var longest, best uint32
	for range rounds {
		clear(memo)
		longest, best = 0, 0
		for n := uint32(1); n < limit; n++ {
			if l := clen(n); l > longest {
				longest, best = l, n
			}
		}
	}
	return prns(best, longest)
}

func nativeFsm(rounds uint32) string {
	const text = "In 1492 Columbus sailed the ocean blue; 3 ships, 90 men and 1 dream. " +
		"Tokens: 7 up, 12 down, 365 days & 24 hours!! x86 is 32-bit, 2026-12-07."
	isLetter := func(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }
	isDigit := func(c byte) bool { return '0' <= c && c <= '9' }
	var words, numbers, sum, hash, value uint32
	for range rounds {
		const between, inWord, inNumber = 0, 1, 2
		state := between
		for i := 0; i <= len(text); i++ {
			if i == len(text) {
				if state == inNumber {
					sum += value
				}
				break
			}
			c := text[i]
			switch {
			case state == inWord && (isLetter(c) || isDigit(c)):
				hash = hash*31 + uint32(c)
				continue
			case state == inNumber && isDigit(c):
				value = value*10 + uint32(c-'0')
				continue
			case state == inNumber:
				sum += value
			}
			state = between
			switch {
			case isLetter(c):
				state = inWord
				words++
				hash = hash*31 + uint32(c)
			case isDigit(c):
				state = inNumber
				numbers++
				value = uint32(c - '0')
			}
		}
	}
	return prns(words, numbers) + strconv.FormatUint(uint64(sum), 16) + "\n" +
		strconv.FormatUint(uint64(hash), 16) + "\n"
}

// nativeWide is the generator as Go writes it, on uint64: the program's
// product of 16-bit halves is the machine's way to the same numbers.
func nativeWide(iter uint32) string {
	x, sum := uint64(1), uint64(0)
	for range iter {
		x = x*6364136223846793005 + 1442695040888963407
		sum += x
	}
	return prns(uint32(x>>32), uint32(x), uint32(sum>>32), uint32(sum))
}

func nativeMergesort(n uint32) string {
	arr := lcg(n, 3, 1103515245, 12345, 10)
	tmp := make([]uint32, n)
	for width := uint32(1); width < n; width *= 2 {
		for lo := uint32(0); lo < n; lo += 2 * width {
			mid, hi := min(lo+width, n), min(lo+2*width, n)
			i, j, k := lo, mid, lo
			for i < mid && j < hi {
				if arr[i] <= arr[j] {
					tmp[k] = arr[i]
					i++
				} else {
					tmp[k] = arr[j]
					j++
				}
				k++
			}
			k += uint32(copy(tmp[k:], arr[i:mid]))
			copy(tmp[k:], arr[j:hi])
		}
		copy(arr, tmp)
	}
	return prns(arr[0], arr[n-1], weighted(arr))
}

func nativeCmul(rounds uint32) string {
	const n = 1000
	var x, y, z [2 * n]uint32
	for k := range uint32(2 * n) {
		x[k], y[k] = k*7%13-6, k*5%11-5
	}
	for range rounds {
		for k := 0; k < 2*n; k += 2 {
			a, b, c, d := x[k], x[k+1], y[k], y[k+1]
			z[k] += a*c - b*d
			z[k+1] += a*d + b*c
		}
	}
	var sum uint32
	for k := 0; k < 2*n; k += 2 {
		sum += z[k] - z[k+1]
	}
	return prns(sum)
}

func nativeShellsort(rounds uint32) string {
	const n = 20000
	gaps := []int{1750, 701, 301, 132, 57, 23, 10, 4, 1}
	arr := make([]uint32, n)
	x := uint32(99)
	var unsorted uint32
	for range rounds {
		for i := range arr {
			x = x*1103515245 + 12345
			arr[i] = x >> 8
		}
		for _, gap := range gaps {
			for i := gap; i < n; i++ {
				key, j := arr[i], i
				for ; j >= gap && arr[j-gap] > key; j -= gap {
					arr[j] = arr[j-gap]
				}
				arr[j] = key
			}
		}
		for i := 1; i < n; i++ {
			if arr[i-1] > arr[i] {
				unsorted++
			}
		}
	}
	return prns(arr[0], arr[n-1], unsorted, weighted(arr))
}

func nativeKMP(rounds uint32) string {
	patterns := []string{"abab", "aabaa", "abbabbab", "baaab", "abaababaab", "bbbbbbb"}
	text := make([]uint32, 50000)
	counts := make([]uint32, len(patterns))
	x := uint32(2024)
	for range rounds {
		for i := range text {
			x = x*1103515245 + 12345
			text[i] = 'a' + x>>16&1
		}
		for p, s := range patterns {
			pat := []byte(s)
			fail := make([]int, len(pat))
			for q, k := 1, 0; q < len(pat); q++ {
				for k > 0 && pat[k] != pat[q] {
					k = fail[k-1]
				}
				if pat[k] == pat[q] {
					k++
				}
				fail[q] = k
			}
			k := 0
			for _, c := range text {
				for k > 0 && uint32(pat[k]) != c {
					k = fail[k-1]
				}
				if uint32(pat[k]) == c {
					k++
					if k == len(pat) {
						counts[p]++
						k = fail[k-1]
					}
				}
			}
		}
	}
	var b strings.Builder
	var total uint32
	for _, c := range counts {
		prn(&b, c)
		total += c
	}
	prn(&b, total)
	return b.String()
}

func nativeRLE(rounds uint32) string {
	const n = 30000
	src := make([]uint32, n)
	out := make([]uint32, n)
	var enc []uint32
	x := uint32(7)
	var total, differ uint32
	for range rounds {
		// As the program does, a run is drawn before the end is seen.
	draw:
		for i := 0; ; {
			x = x*1103515245 + 12345
			length, v := int(x>>16&7)+1, x>>20&3
			for ; length > 0; length-- {
				if i == n {
					break draw
				}
				src[i] = v
				i++
			}
		}
		enc = enc[:0]
		v, count := src[0], uint32(1)
		for _, w := range src[1:] {
			if w == v {
				count++
				continue
			}
			enc = append(enc, v, count)
			v, count = w, 1
		}
		enc = append(enc, v, count)
		total += uint32(len(enc) / 2)
		o := 0
		for i := 0; i < len(enc); i += 2 {
			for range enc[i+1] {
				out[o] = enc[i]
				o++
			}
		}
		for i := range src {
			if src[i] != out[i] {
				differ++
			}
		}
	}
	var h uint32
	for _, w := range enc {
		h = h*31 + w
	}
	return prns(uint32(len(enc)/2), total, differ, h)
}

func nativeWindow(rounds uint32) string {
	const n = 50000
	p := make([]uint32, n+1)
	x := uint32(4242)
	for i := range n {
		x = x*1103515245 + 12345
		p[i+1] = p[i] + x>>16%100 + 1
	}
	var windows, longest, last uint32
	for k := uint32(500); rounds > 0; rounds, k = rounds-1, k+37 {
		last = 0
		for r, l := 0, 0; r < n; r++ {
			for p[r+1]-p[l] > k {
				l++
			}
			w := uint32(r - l + 1)
			windows += w
			last = max(last, w)
		}
		longest += last
	}
	return prns(windows, last, longest)
}

func nativeFlood(rounds uint32) string {
	const w = 66
	grid := make([]uint32, w*w)
	stack := make([]int, 0, w*w)
	x := uint32(31337)
	var regions, largest, opened uint32
	for range rounds {
		for c := range grid {
			row, col := c/w, c%w
			grid[c] = 1
			if row == 0 || row == w-1 || col == 0 || col == w-1 {
				continue
			}
			x = x*1103515245 + 12345
			if x>>16%100 >= 45 {
				grid[c] = 0
			}
		}
		for c := range grid {
			if grid[c] != 0 {
				continue
			}
			regions++
			size := uint32(0)
			grid[c] = 2
			stack = append(stack[:0], c)
			for len(stack) > 0 {
				a := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				size++
				for _, d := range []int{-1, 1, -w, w} {
					if grid[a+d] == 0 {
						grid[a+d] = 2
						stack = append(stack, a+d)
					}
				}
			}
			opened += size
			largest = max(largest, size)
		}
	}
	return prns(regions, largest, opened)
}

func nativeHashtab(rounds uint32) string {
	type node struct {
		key, count uint32
		next       *node
	}
	const count = 100000
	var heads [2048]*node
	pool := make([]node, 16384)
	x := uint32(1)
	var distinct, total uint32
	for range rounds {
		clear(heads[:])
		distinct = 0
		for range count {
			x = x*1103515245 + 12345
			key := x >> 10 & 16383
			h := key * 2654435769 >> 21
			n := heads[h]
			for n != nil && n.key != key {
				n = n.next
			}
			if n != nil {
				n.count++
				continue
			}
			n = &pool[distinct]
			*n = node{key, 1, heads[h]}
			heads[h] = n
			distinct++
		}
		total += distinct
	}
	var longest, key, most uint32
	for _, n := range heads {
		length := uint32(0)
		for ; n != nil; n = n.next {
			length++
			if n.count > most {
				key, most = n.key, n.count
			}
		}
		longest = max(longest, length)
	}
	return prns(distinct, longest, key, most, total)
}

func nativeRPN(rounds uint32) string {
	const text = "3 4 + 2 * 7 - = 15 7 1 1 + - / 3 * 2 1 1 + + - = " +
		"2 3 4 * 5 6 * + * = 100 7 % 9 * 4 / = " +
		"1 2 + 3 + 4 + 5 + 6 + 7 + 8 + 9 + 10 + = 12345 678 - 9 * 1000 % = " +
		"5 d * d * 7 - = 3 10 - = 1 2 s - = 65535 d * 17 / 1000003 % = " +
		"31 d d d * * * 999 s % = 7 3 % 4 9 % * 11 13 * + d d * s - = "
	var b strings.Builder
	var sum uint32
	stack := make([]uint32, 0, 16)
	pop := func() uint32 {
		v := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		return v
	}
	for ; rounds > 0; rounds-- {
		for i := 0; i < len(text); i++ {
			c := text[i]
			switch c {
			case ' ':
			case '=':
				v := pop()
				sum += v
				if rounds == 1 {
					prn(&b, v)
				}
			case '+', '-', '*', '/', '%', 's':
				y, x := pop(), pop()
				switch c {
				case '+':
					stack = append(stack, x+y)
				case '-':
					stack = append(stack, x-y)
				case '*':
					stack = append(stack, x*y)
				case '/':
					stack = append(stack, x/y)
				case '%':
					stack = append(stack, x%y)
				case 's':
					stack = append(stack, y, x)
				}
			case 'd':
				stack = append(stack, stack[len(stack)-1])
			default:
				v := uint32(c - '0')
				for ; text[i+1] >= '0' && text[i+1] <= '9'; i++ {
					v = v*10 + uint32(text[i+1]-'0')
				}
				stack = append(stack, v)
			}
		}
	}
	prn(&b, sum)
	return b.String()
}

func nativeKnapsack(rounds uint32) string {
	const capacity = 1000
	var best [capacity + 1]uint32
	x := uint32(777)
	var total uint32
	for range rounds {
		clear(best[:])
		for range 100 {
			x = x*1103515245 + 12345
			w := x>>16%50 + 1
			x = x*1103515245 + 12345
			v := x>>16%100 + 1
			for c := uint32(capacity); c >= w; c-- {
				best[c] = max(best[c], best[c-w]+v)
			}
		}
		total += best[capacity]
	}
	return prns(best[capacity], best[capacity/2], total)
}

func nativeHappy(limit uint32) string {
	var happy, largest, maps uint32
	for n := uint32(1); n < limit; n++ {
		x := n
		for x != 1 && x != 4 {
			s := uint32(0)
			for ; x > 0; x /= 10 {
				s += (x % 10) * (x % 10)
			}
			x = s
			maps++
		}
		if x == 1 {
			happy++
			largest = n
		}
	}
	return prns(happy, largest, maps)
}

func nativeWalk(walks uint32) string {
	r := uint32(1)
	var returns, diagonal uint32
	var farthest, x, y int32
	for range walks {
		x, y = 0, 0
		for range 20000 {
			r = r*1103515245 + 12345
			switch r >> 16 & 3 {
			case 0:
				x++
			case 1:
				x--
			case 2:
				y++
			case 3:
				y--
			}
			if x == y {
				diagonal++
				if x == 0 {
					returns++
				}
			}
			farthest = max(farthest, abs(x)+abs(y))
		}
	}
	return prns(returns, diagonal, uint32(farthest), uint32(x), uint32(y))
}

func abs(x int32) int32 {
	if x < 0 {
		return -x
	}
	return x
}

func nativeQueens(n uint32) string {
	full := uint32(1)<<n - 1
	var solutions uint32
	var place func(cols, left, right uint32)
	place = func(cols, left, right uint32) {
		if cols == full {
			solutions++
			return
		}
		for free := ^(cols | left | right) & full; free != 0; {
			bit := free & -free
			free ^= bit
			place(cols|bit, (left|bit)<<1&full, (right|bit)>>1)
		}
	}
	place(0, 0, 0)
	return prns(solutions)
}

func nativeFactor(n uint32) string {
	var primes, largestSum, factors uint32
	for i := uint32(2); i < n; i++ {
		x, count, largest := i, uint32(0), uint32(1)
		for x%2 == 0 {
			x /= 2
			count++
			largest = 2
		}
		for d := uint32(3); d*d <= x; {
			if x%d == 0 {
				x /= d
				count++
				largest = d
			} else {
				d += 2
			}
		}
		if x != 1 {
			count++
			largest = x
		}
		largestSum = (largestSum + largest) % 1_000_000_007
		factors += count
		if count == 1 {
			primes++
		}
	}
	return prns(primes, largestSum, factors)
}

func nativeFibmat(count uint32) string {
	const p = 32749
	type matrix [4]uint32
	times := func(x, y matrix) matrix {
		return matrix{
			(x[0]*y[0] + x[1]*y[2]) % p, (x[0]*y[1] + x[1]*y[3]) % p,
			(x[2]*y[0] + x[3]*y[2]) % p, (x[2]*y[1] + x[3]*y[3]) % p,
		}
	}
	var sum, f uint32
	for k := uint32(1); k <= count; k++ {
		r, a := matrix{1, 0, 0, 1}, matrix{1, 1, 1, 0}
		for e := k * 7919; e != 0; e >>= 1 {
			if e&1 != 0 {
				r = times(r, a)
			}
			a = times(a, a)
		}
		f = r[1]
		sum += f
	}
	return prns(sum, f)
}

func nativeRule30(gens uint32) string {
	const mask = 1<<30 - 1
	w := [4]uint32{0, 0, 1, 0}
	var ones, last uint32
	for range gens {
		var next [4]uint32
		for i := range w {
			before, after := w[(i+3)%4], w[(i+1)%4]
			left := (before>>29 | w[i]<<1) & mask
			right := (after&1)<<29 | w[i]>>1
			next[i] = left ^ (w[i] | right)
		}
		w = next
		ones += w[2] & 1
		last = (last<<1 | w[2]&1) & mask
	}
	return prns(ones, last, w[0], w[1], w[2], w[3])
}

func nativeFloyd(v uint32) string {
	const inf = 1_000_000_000
	d := make([]uint32, v*v)
	x := uint32(2718)
	for i := range d {
		x = x*1103515245 + 12345
		w := x >> 16
		if w&3 == 0 {
			d[i] = inf
		} else {
			d[i] = w>>2%1000 + 1
		}
	}
	for i := range v {
		d[i*v+i] = 0
	}
	for k := range v {
		rowK := d[k*v : k*v+v]
		for i := range v {
			rowI := d[i*v : i*v+v]
			dik := rowI[k]
			if dik == inf {
				continue
			}
			for j, dkj := range rowK {
				if int32(dik+dkj) < int32(rowI[j]) {
					rowI[j] = dik + dkj
				}
			}
		}
	}
	var sum, largest uint32
	for _, x := range d {
		sum += x
		largest = max(largest, x)
	}
	return prns(sum, largest, d[v-1])
}

func nativeHorspool(patterns uint32) string {
	const n = 100_000
	text := make([]uint32, n)
	x := uint32(31415)
	for i := range text {
		x = x*1664525 + 1013904223
		text[i] = x>>28 + 'a'
	}
	var matches, firsts, windows uint32
	var skip [128]uint32
	for i := range patterns {
		m := 4 + i%13
		x = x*1664525 + 1013904223
		at := x >> 8 % 99980
		pat := text[at : at+m]
		for c := range skip {
			skip[c] = m
		}
		for j := range m - 1 {
			skip[pat[j]] = m - 1 - j
		}
		first := uint32(1<<32 - 1)
		for end := m - 1; end < n; end += skip[text[end]] {
			windows++
			j := int(m) - 1
			for j >= 0 && text[int(end)-int(m)+1+j] == pat[j] {
				j--
			}
			if j < 0 {
				matches++
				if first == 1<<32-1 {
					first = end - m + 1
				}
			}
		}
		firsts += first
	}
	return prns(matches, firsts, windows)
}

func nativePqueue(holds uint32) string {
	const size = 1000
	heap := make([]uint32, 0, size)
	seed := uint32(777)
	random := func() uint32 {
		seed = seed*1103515245 + 12345
		return seed >> 1
	}
	insert := func(key uint32) {
		heap = append(heap, key)
		i := len(heap) - 1
		for i > 0 && heap[(i-1)/2] > key {
			heap[i] = heap[(i-1)/2]
			i = (i - 1) / 2
		}
		heap[i] = key
	}
	extract := func() uint32 {
		top, last := heap[0], heap[len(heap)-1]
		heap = heap[:len(heap)-1]
		i := 0
		for {
			c := 2*i + 1
			if c >= len(heap) {
				break
			}
			if c+1 < len(heap) && heap[c+1] < heap[c] {
				c++
			}
			if heap[c] >= last {
				break
			}
			heap[i] = heap[c]
			i = c
		}
		if i < len(heap) {
			heap[i] = last
		}
		return top
	}
	for range size {
		insert(random() >> 12)
	}
	var sum uint32
	for range holds {
		key := extract()
		sum += key
		insert(key + random()&1023 + 1)
	}
	sorted, last := uint32(1), uint32(0)
	for len(heap) > 0 {
		key := extract()
		sum += key
		if key < last {
			sorted = 0
		}
		last = key
	}
	return prns(sum, last, sorted)
}

func nativeBigfact(n uint32) string {
	limbs := []uint32{1}
	for k := uint32(2); k <= n; k++ {
		var carry uint32
		for i, l := range limbs {
			x := l*k + carry
			limbs[i], carry = x%10000, x/10000
		}
		for ; carry != 0; carry /= 10000 {
			limbs = append(limbs, carry%10000)
		}
	}
	var b strings.Builder
	top := len(limbs) - 1
	b.WriteString(strconv.Itoa(int(limbs[top])))
	for i := top - 1; i >= 0; i-- {
		fmt.Fprintf(&b, "%04d", limbs[i])
	}
	b.WriteByte('\n')
	prn(&b, uint32(b.Len()-1))
	return b.String()
}

func nativeBitsieve(words uint32) string {
	set := make([]uint32, words)
	set[0] = 1
	nbits := words << 5
	for j := uint32(1); ; j++ {
		if set[j>>5]>>(j&31)&1 != 0 {
			continue
		}
		p := 2*j + 1
		m := p * p >> 1
		if m >= nbits {
			break
		}
		for ; m < nbits; m += p {
			set[m>>5] |= 1 << (m & 31)
		}
	}
	count, largest := uint32(1), uint32(0)
	for w, x := range set {
		if ^x != 0 {
			count += uint32(bits.OnesCount32(^x))
			largest = uint32(w)<<5 + uint32(31-bits.LeadingZeros32(^x))
		}
	}
	return prns(count, 2*largest+1)
}

func nativeRadix(rounds uint32) string {
	const n = 50000
	src, dst := make([]uint32, n), make([]uint32, n)
	x := uint32(4242)
	for range rounds {
		for i := range src {
			x = x*1664525 + 1013904223
			src[i] = x
		}
		from, to := src, dst
		for shift := 0; shift < 32; shift += 8 {
			var counts [256]int
			for _, v := range from {
				counts[v>>shift&255]++
			}
			place := 0
			for i, c := range counts {
				counts[i] = place
				place += c
			}
			for _, v := range from {
				b := v >> shift & 255
				to[counts[b]] = v
				counts[b]++
			}
			from, to = to, from
		}
	}
	return prns(src[0], src[n-1], weighted(src))
}

func nativeStackvm(iter uint32) string {
	program := []uint32{0, 2, 0, 18, 1, 33, 6, 375, 1, 1, 4, 1, 4, 16144, 5, 17, 3, 18, 1, 16, 3, 2, 72, 9}
	vars := [3]uint32{0, 0, iter}
	var stack [16]uint32
	sp, ran := 0, uint32(0) // stack[sp] is the top; stack[0] stays unused
	for pc := 0; ; {
		w := program[pc]
		pc++
		ran++
		arg := w >> 4
		switch w & 15 {
		case 0: // push
			sp++
			stack[sp] = arg
		case 1: // load
			sp++
			stack[sp] = vars[arg]
		case 2: // store
			vars[arg] = stack[sp]
			sp--
		case 3: // add
			sp--
			stack[sp] += stack[sp+1]
		case 4: // mul
			sp--
			stack[sp] *= stack[sp+1]
		case 5: // mod
			sp--
			stack[sp] %= stack[sp+1]
		case 6: // lt, signed
			sp--
			if int32(stack[sp]) < int32(stack[sp+1]) {
				stack[sp] = 1
			} else {
				stack[sp] = 0
			}
		case 7: // jz
			sp--
			if stack[sp+1] == 0 {
				pc = int(arg)
			}
		case 8: // jmp
			pc = int(arg)
		case 9: // halt
			return prns(vars[1], ran)
		}
	}
}

func nativeTSP(rounds uint32) string {
	const n = 10
	var dist [n * n]uint32
	var seen [n]bool
	var best, calls uint32
	var visit func(city, count, cost uint32)
	visit = func(city, count, cost uint32) {
		calls++
		if int32(cost) >= int32(best) {
			return
		}
		if count == n {
			if cost += dist[city*n]; int32(cost) < int32(best) {
				best = cost
			}
			return
		}
		for next := uint32(1); next < n; next++ {
			if !seen[next] {
				seen[next] = true
				visit(next, count+1, cost+dist[city*n+next])
				seen[next] = false
			}
		}
	}
	x, total := uint32(99), uint32(0)
	for range rounds {
		for i := range dist {
			x = x*1103515245 + 12345
			dist[i] = x>>16%100 + 1
		}
		seen[0] = true
		best = 1_000_000
		visit(0, 1, 0)
		total += best
	}
	return prns(total, best, calls)
}

func nativePalin(n uint32) string {
	var decimal, binary, both, largest uint32
	for i := uint32(1); i < n; i++ {
		var rev uint32
		for left := i; left != 0; left /= 10 {
			rev = rev*10 + left%10
		}
		isDecimal := rev == i
		if isDecimal {
			decimal++
		}
		rev = 0
		for left := i; left != 0; left >>= 1 {
			rev = rev<<1 | left&1
		}
		if rev == i {
			binary++
			if isDecimal {
				both++
				largest = i
			}
		}
	}
	return prns(decimal, binary, both, largest)
}

// digitSum returns the sum of x's decimal digits (0 for 0), as the
// programs' do-while loops of mod 10 and div 10 find it.
func digitSum(x uint32) uint32 {
	s := uint32(0)
	for {
		s += x % 10
		if x /= 10; x == 0 {
			return s
		}
	}
}

// oddPrime says whether the odd number i (at least 3) has no odd divisor d
// with d*d <= i, the product compared signed as the programs' jg does.
func oddPrime(i uint32) bool {
	for d := uint32(3); int32(d*d) <= int32(i); d += 2 {
		if i%d == 0 {
			return false
		}
	}
	return true
}

func nativeHofstad(n uint32) string {
	var female, male func(n uint32) uint32
	female = func(n uint32) uint32 {
		if n == 0 {
			return 1
		}
		return n - male(female(n-1))
	}
	male = func(n uint32) uint32 {
		if n == 0 {
			return 0
		}
		return n - female(male(n-1))
	}
	var fs, ms, last uint32
	for i := range n {
		last = female(i)
		fs += last
		ms += male(i)
	}
	return prns(fs, ms, last)
}

func nativeTriangle(n uint32) string {
	var sum, pairs uint32
	for i := uint32(1); i <= n; i++ {
		for j := i; j != 0; j-- {
			if (i*j+j)%3 == 0 {
				sum += i
				pairs++
			} else {
				sum ^= j
			}
		}
	}
	return prns(sum, pairs)
}

func nativeNiven(n uint32) string {
	var niven, total, largest, at uint32
	for i := n; i != 0; i-- {
		s := digitSum(i)
		total += s
		if s >= largest {
			largest, at = s, i
		}
		if i%s == 0 {
			niven++
		}
	}
	return prns(niven, total, at)
}

func nativeGray(count uint32) string {
	var sum, odd uint32
	for i := range count {
		g := i ^ i>>1
		r := uint32(0)
		for k, x := 0, g; k < 16; k, x = k+1, x>>1 {
			r = r<<1 | x&1
		}
		sum = (sum*31 + r) & 0x7FFFFFFF
		odd += uint32(bits.OnesCount32(g) & 1)
	}
	return prns(sum, odd)
}

func nativeMandel(w uint32) string {
	const h = 180 // H, beside W
	var total, inside, check uint32
	for row := int32(0); row < h; row++ {
		ci := row*9830/h - 4915
		for col := int32(0); col < int32(w); col++ {
			cr := col*12288/int32(w) - 8192
			var zr, zi int32
			n := uint32(0)
			for ; n < 100; n++ {
				zr2, zi2 := zr*zr/4096, zi*zi/4096
				if zr2+zi2 > 16384 {
					break
				}
				zi = 2*zr*zi/4096 + ci
				zr = zr2 - zi2 + cr
			}
			if n == 100 {
				inside++
			}
			total += n
			check = (check*7 + n) & 0xFFFFFF
		}
	}
	return prns(total, inside, check)
}

func nativeAmicable(n uint32) string {
	divsum := func(x uint32) uint32 {
		s := uint32(1)
		for d := uint32(2); d*d <= x; d++ {
			if x%d == 0 {
				s += d
				if x/d != d {
					s += x / d
				}
			}
		}
		return s
	}
	var b strings.Builder
	abundant := uint32(0)
	for i := uint32(2); i < n; i++ {
		s := divsum(i)
		switch {
		case s == i:
			prn(&b, i)
		case s > i:
			abundant++
			if divsum(s) == i {
				prn(&b, i)
				prn(&b, s)
			}
		}
	}
	prn(&b, abundant)
	return b.String()
}

func nativeHanoi(n uint32) string {
	var count, check uint32
	var move func(n, from, to, via uint32)
	move = func(n, from, to, via uint32) {
		if n == 0 {
			return
		}
		move(n-1, from, via, to)
		check = (check*3 + from<<2 + to) & 0xFFFFFF
		count++
		move(n-1, via, to, from)
	}
	move(n, 1, 3, 2)
	return prns(count, check)
}

func nativeStrings(rounds uint32) string {
	const count = 64
	var pool [count][16]uint32
	var ptrs [count]int
	var buf []uint32
	// cmp is strcmp: the difference of the first characters that differ.
	cmp := func(a, b []uint32) int32 {
		for i := 0; ; i++ {
			if a[i] != b[i] {
				return int32(a[i] - b[i])
			}
			if a[i] == 0 {
				return 0
			}
		}
	}
	x, equal := uint32(12345), uint32(0)
	for range rounds {
		for i := range count {
			ptrs[i] = i
			x = x*1103515245 + 12345
			n := x>>16%12 + 3
			for k := range n {
				x = x*1103515245 + 12345
				pool[i][k] = x>>16&3 + 'a'
			}
			pool[i][n] = 0
		}
		for i := 1; i < count; i++ {
			key, j := ptrs[i], i-1
			for ; j >= 0 && cmp(pool[ptrs[j]][:], pool[key][:]) > 0; j-- {
				ptrs[j+1] = ptrs[j]
			}
			ptrs[j+1] = key
		}
		for i := 1; i < count; i++ {
			if cmp(pool[ptrs[i-1]][:], pool[ptrs[i]][:]) == 0 {
				equal++
			}
		}
		buf = buf[:0]
		for _, p := range ptrs {
			for k := 0; pool[p][k] != 0; k++ {
				buf = append(buf, pool[p][k])
			}
		}
	}
	h := uint32(0)
	for _, c := range buf {
		h = h*31 + c
	}
	return prns(uint32(len(buf)), h, equal)
}

func nativeLsearch(queries uint32) string {
	const n, keys = 2000, 8000
	arr := make([]uint32, n)
	x := uint32(99)
	for i := range arr {
		x = x*1103515245 + 12345
		arr[i] = x >> 8 % keys
	}
	var found, places, key uint32
	for range queries {
		x = x*1103515245 + 12345
		key = x >> 8 % keys
		for i, v := range arr {
			if v == key {
				found++
				places += uint32(i)
				break
			}
		}
	}
	return prns(found, places, key)
}

func nativeTwoptr(targets uint32) string {
	const n = 5000
	arr := make([]uint32, n)
	x, last := uint32(5), uint32(0)
	for i := range arr {
		x = x*1103515245 + 12345
		last += x>>16%7 + 1
		arr[i] = last
	}
	var pairs, dist uint32
	for t := range targets {
		target := t*7 + arr[n-1]
		for i, j := 0, n-1; i < j; {
			switch s := arr[i] + arr[j]; {
			case s < target:
				i++
			case s > target:
				j--
			default:
				pairs++
				dist += uint32(j - i)
				i++
				j--
			}
		}
	}
	return prns(pairs, dist)
}

func nativeBF(rounds uint32) string {
	const code = "++++++++[>++++++++++<-]>[>+++++[>++++++[>+>++>+++<<<-]>>>[>+<-]<<<<-]<-]"
	match := make([]int, len(code))
	var open []int
	for i, c := range code {
		switch c {
		case '[':
			open = append(open, i)
		case ']':
			j := open[len(open)-1]
			open = open[:len(open)-1]
			match[i], match[j] = j, i
		}
	}
	var tape [64]uint32
	steps := uint32(0)
	for range rounds {
		tape = [64]uint32{}
		p := 0
		for pc := 0; pc < len(code); pc++ {
			steps++
			switch code[pc] {
			case '+':
				tape[p]++
			case '-':
				tape[p]--
			case '>':
				p++
			case '<':
				p--
			case '[':
				if tape[p] == 0 {
					pc = match[pc]
				}
			case ']':
				if tape[p] != 0 {
					pc = match[pc]
				}
			}
		}
	}
	return prns(tape[0], tape[1], tape[2], tape[3], tape[4], tape[5], steps)
}

func nativeDet(rounds uint32) string {
	const n, p = 20, 32749
	var a, b [n * n]uint32
	x := uint32(777)
	var total, det, zero uint32
	for range rounds {
		for i := range a {
			x = x*1103515245 + 12345
			a[i] = x >> 8 % p
		}
		for i := range n {
			for j := range n {
				b[j*n+i] = a[i*n+j]
			}
		}
		det = 1
	columns:
		for c := range n {
			r := c
			for b[r*n+c] == 0 {
				if r++; r == n {
					det = 0
					break columns
				}
			}
			if r != c {
				for k := c; k < n; k++ {
					b[r*n+k], b[c*n+k] = b[c*n+k], b[r*n+k]
				}
				det = (p - det) % p
			}
			pivot := b[c*n+c]
			det = det * pivot % p
			inv, base := uint32(1), pivot
			for e := uint32(p - 2); e != 0; e >>= 1 {
				if e&1 != 0 {
					inv = inv * base % p
				}
				base = base * base % p
			}
			for r := c + 1; r < n; r++ {
				f := b[r*n+c] * inv % p
				for k := c; k < n; k++ {
					b[r*n+k] = (b[r*n+k] + p - f*b[c*n+k]%p) % p
				}
			}
		}
		total = (total + det) % p
		if det == 0 {
			zero++
		}
	}
	return prns(total, det, zero)
}

func nativeAnt(steps uint32) string {
	var grid [128 * 128]uint32
	dx := [4]uint32{0, 1, 0, ^uint32(0)}
	dy := [4]uint32{^uint32(0), 0, 1, 0}
	x, y, dir := uint32(64), uint32(64), uint32(0)
	for range steps {
		i := y<<7 + x
		if grid[i] == 0 {
			dir++
			grid[i] = 1
		} else {
			dir += 3
			grid[i] = 0
		}
		dir &= 3
		x = (x + dx[dir]) & 127
		y = (y + dy[dir]) & 127
	}
	black := uint32(0)
	for _, c := range grid {
		black += c
	}
	return prns(black, x, y, dir)
}

func nativeRsum(queries uint32) string {
	const n, rounds = 4096, 100
	arr := make([]uint32, n)
	x, last := uint32(31), uint32(0)
	for i := range arr {
		x = x*1103515245 + 12345
		last += x>>16%3 + 1
		arr[i] = last
	}
	var find func(key uint32, lo, hi int) int
	find = func(key uint32, lo, hi int) int {
		if lo >= hi {
			return -1
		}
		mid := (lo + hi) / 2
		switch v := arr[mid]; {
		case v == key:
			return mid
		case int32(v) < int32(key):
			return find(key, mid+1, hi)
		default:
			return find(key, lo, mid)
		}
	}
	var sum func(lo, hi int) uint32
	sum = func(lo, hi int) uint32 {
		if hi-lo == 1 {
			return arr[lo]
		}
		mid := (lo + hi) / 2
		return sum(lo, mid) + sum(mid, hi)
	}
	var found, places uint32
	for range queries {
		x = x*1103515245 + 12345
		if i := find(x>>16%8192, 0, n); i >= 0 {
			found++
			places += uint32(i)
		}
	}
	var total uint32
	for range rounds {
		total = sum(0, n)
	}
	return prns(found, places, total)
}

func nativePartition(n uint32) string {
	var p func(n, m uint32) uint32
	p = func(n, m uint32) uint32 {
		if n == 0 {
			return 1
		}
		if m == 0 {
			return 0
		}
		r := p(n, m-1)
		if m <= n {
			r += p(n-m, m)
		}
		return r
	}
	var b strings.Builder
	var total uint32
	for i := uint32(10); i <= n; i += 10 {
		v := p(i, i)
		prn(&b, v)
		total += v
	}
	prn(&b, total)
	return b.String()
}

func nativeMixed(n uint32) string {
	revdig := func(x uint32) uint32 {
		r := uint32(0)
		for {
			r = r*10 + x%10
			if x /= 10; x == 0 {
				return r
			}
		}
	}
	gcd := func(a uint32) uint32 {
		for b := uint32(360); b != 0; {
			a, b = b, a%b
		}
		return a
	}
	isprime := func(x uint32) bool { return x == 2 || x > 2 && x%2 != 0 && oddPrime(x) }
	setbits := func(x uint32) uint32 { return uint32(bits.OnesCount32(x)) }
	steps := func(x uint32) uint32 {
		s := uint32(0)
		for x != 1 && s != 50 {
			s++
			if x%2 == 0 {
				x /= 2
			} else {
				x = 3*x + 1
			}
		}
		return s
	}
	var total, primes, pals uint32
	for i := uint32(1); i < n; i++ {
		score := digitSum(i)*7 + gcd(i) + setbits(i)*3 + steps(i)
		if isprime(i) {
			score += 100
			primes++
		}
		if revdig(i) == i {
			pals++
		}
		total += score
	}
	return prns(total, primes, pals)
}

func nativePrimes(n uint32) string {
	var b strings.Builder
	prn(&b, 2)
	count := uint32(1)
	for i := uint32(3); i < n; i += 2 {
		if oddPrime(i) {
			prn(&b, i)
			count++
		}
	}
	prn(&b, count)
	return b.String()
}

func nativeFptr(count uint32) string {
	ops := [8]func(a, b uint32) uint32{
		func(a, b uint32) uint32 { return a + b },
		func(a, b uint32) uint32 { return a - b },
		func(a, b uint32) uint32 { return a * (b | 1) },
		func(a, b uint32) uint32 { return a ^ b },
		func(a, b uint32) uint32 { return bits.RotateLeft32(a, 7) },
		func(a, b uint32) uint32 { return -a },
		func(a, b uint32) uint32 { return a >> 1 },
		func(a, b uint32) uint32 {
			a ^= a << 13
			return a ^ a>>17
		},
	}
	var hits [8]uint32
	acc, x := uint32(1), uint32(2024)
	for range count {
		x = x*1103515245 + 12345
		op := x >> 16 & 7
		hits[op]++
		acc = ops[op](acc, x>>20&255)
	}
	return prns(append([]uint32{acc}, hits[:]...)...)
}

func nativeSwitch(rounds uint32) string {
	const n = 10000
	arr := make([]uint32, n)
	x := uint32(42)
	for i := range arr {
		x = x*1103515245 + 12345
		arr[i] = x >> 8
	}
	var acc, zeros, fives uint32
	for range rounds {
		for i, v := range arr {
			switch v % 6 {
			case 0:
				zeros++
				acc += v
			case 1:
				acc ^= v
			case 2:
				acc = acc<<1 + uint32(i)
			case 3:
				acc -= v >> 3
			case 4:
				acc *= 5
			case 5:
				fives++
				acc = ^acc
			}
		}
	}
	return prns(acc, zeros, fives)
}

func nativeSat(rounds uint32) string {
	const w, queries = 128, 100000
	var grid [w * w]uint32
	var s [(w + 1) * (w + 1)]uint32
	x, total := uint32(3), uint32(0)
	for range rounds {
		for i := range grid {
			x = x*1103515245 + 12345
			grid[i] = x >> 16 % 100
		}
		for r := range w {
			for c := range w {
				s[(r+1)*(w+1)+c+1] = grid[r*w+c] + s[r*(w+1)+c+1] + s[(r+1)*(w+1)+c] - s[r*(w+1)+c]
			}
		}
		for range queries {
			x = x*1103515245 + 12345
			r1, c1 := x>>9&127, x>>16&127
			x = x*1103515245 + 12345
			r2, c2 := min(r1+x>>9&127+1, w), min(c1+x>>16&127+1, w)
			total += s[r2*(w+1)+c2] - s[r1*(w+1)+c2] - s[r2*(w+1)+c1] + s[r1*(w+1)+c1]
		}
	}
	return prns(total, s[len(s)-1])
}

func nativeCountsort(rounds uint32) string {
	const n, k = 20000, 1000
	arr := make([]uint32, n)
	out := make([]uint32, n)
	var count [k]uint32
	x, distinct := uint32(17), uint32(0)
	for range rounds {
		count = [k]uint32{}
		for i := range arr {
			x = x*1103515245 + 12345
			arr[i] = x >> 16 % k
			count[arr[i]]++
		}
		sum := uint32(0)
		for i, c := range count {
			if c != 0 {
				distinct++
			}
			count[i] = sum
			sum += c
		}
		for _, v := range arr {
			out[count[v]] = v
			count[v]++
		}
	}
	check := uint32(0)
	for i, v := range out {
		check += v * uint32(i)
	}
	return prns(check, distinct)
}

func nativeFlags(count uint32) string {
	var rises, falls, eights, sum, prev uint32
	x := uint32(1)
	for range count {
		x = x*1103515245 + 12345
		v := x >> 12
		if v&7 == 0 {
			eights++
		}
		if v < prev {
			falls++
		} else {
			rises++
		}
		prev = v
		sum += v
	}
	return prns(rises, falls, eights, sum)
}

func nativeDigstack(n uint32) string {
	var sum, pals uint32
	var stack []uint32
	for i := uint32(1); i < n; i++ {
		stack = stack[:0]
		for x := i; ; {
			stack = append(stack, x%10)
			if x /= 10; x == 0 {
				break
			}
		}
		r, place := uint32(0), uint32(1)
		for k := len(stack) - 1; k >= 0; k-- {
			r += stack[k] * place
			place *= 10
		}
		sum += r
		if r == i {
			pals++
		}
	}
	return prns(sum, pals)
}

func nativeRegstate(count uint32) string {
	x, score, cs, state := uint32(12345), uint32(0), uint32(0), 0
	for range count {
		x = x*1103515245 + 12345
		bit := x >> 16 & 1
		switch state {
		case 0:
			score++
			if bit != 0 {
				state = 1
			}
		case 1:
			score += 2
			if bit != 0 {
				state = 2
			} else {
				state = 0
			}
		case 2:
			score += 3
			cs++
			state = 0
		}
	}
	return prns(score, cs)
}

func nativeExercises(n uint32) string {
	var b strings.Builder
	var s uint32
	for i := range n { // (1)
		a := i % 1000
		s += a * a % 1000
	}
	prn(&b, s)
	s = 0
	for i := uint32(1); i < 300000; i++ { // (2)
		if i%3 == 0 || i%5 == 0 {
			s++
		}
	}
	prn(&b, s)
	s = 0
	for i := uint32(1); i < n; i++ { // (3)
		s += digitSum(i)
	}
	prn(&b, s)
	s = 0
	for i := uint32(1); i < n; i++ { // (4)
		x, y := i, uint32(360)
		for y != 0 {
			x, y = y, x%y
		}
		s += x
	}
	prn(&b, s)
	var best, longest uint32
	for i := uint32(1); i < 10000; i++ { // (5)
		x, steps := i, uint32(0)
		for x != 1 {
			steps++
			if x%2 == 0 {
				x /= 2
			} else {
				x = 3*x + 1
			}
		}
		if steps > longest {
			longest, best = steps, i
		}
	}
	prn(&b, best)
	s = 0
	for i := uint32(1); i < 100000; i++ { // (6)
		s += uint32(bits.OnesCount32(i))
	}
	prn(&b, s)
	s = 0
	f0, f1 := uint32(0), uint32(1)
	for range 300000 { // (7)
		f0, f1 = f1, (f0+f1)%1000007
		s = (s + f0) % 1000007
	}
	prn(&b, s)
	s = 1
	for i := uint32(3); i < 30000; i += 2 { // (8)
		if oddPrime(i) {
			s++
		}
	}
	prn(&b, s)
	s = 0
	x := uint32(1)
	for range 300000 { // (9)
		x = (x*1103515245 + 12345) & 0x7FFFFFFF
		if x%7 == 3 {
			s++
		}
	}
	prn(&b, s)
	s = 0
	for i := uint32(1); i < n; i++ { // (10)
		r := i
		for {
			next := (r + i/r) / 2
			if int32(next) >= int32(r) {
				break
			}
			r = next
		}
		s += r
	}
	prn(&b, s)
	return b.String()
}
