package corpus_test

import (
	"fmt"
	"math/bits"
	"strconv"
	"strings"
)

// The native versions of the corpus programs an outside tester of issue
// 16 wrote (queens.vm to radix.asm), as in native_test.go.

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
		largestSum += largest
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
