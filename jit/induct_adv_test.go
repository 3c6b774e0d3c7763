//go:build amd64 || arm64

package jit

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"cpu32/assembler"
	"cpu32/cpu"
	"cpu32/internal/long"
	"cpu32/isa"
)

// edgeNum returns a number for a generated loop: a register word, one
// near the end of memory of size words, any 32-bit value, a small
// negative one, or from plus one in the first half of memory.
func edgeNum(r *rand.Rand, size int, from int64) int64 {
	switch r.IntN(8) {
	case 0:
		return int64(r.IntN(12)) // register words
	case 1:
		return int64(size) - int64(r.IntN(20)) // near the end
	case 2:
		return int64(int32(r.Uint32()))
	case 3:
		return -int64(r.IntN(20))
	}
	return from + int64(r.IntN(size/2))
}

// genInductLoop writes a loop over memory through registers that move by
// constants or by ebp, a register step (and now and then not: ebp
// written in the loop, or through memory), bounded by a compare with an
// immediate or a register that moves too, with steps, starts and bounds
// that reach the register words, the end of memory, maxStep and the
// wrap of 32 bits.
func genInductLoop(r *rand.Rand, size int) string {
	pick := func(xs ...string) string { return xs[r.IntN(len(xs))] }
	num := func() int64 { return edgeNum(r, size, 32) }
	step := func() int64 {
		switch r.IntN(6) {
		case 0:
			return 0
		case 1:
			return -int64(1 + r.IntN(3))
		case 2:
			return int64(r.IntN(100000)) - 50000
		}
		return int64(1 + r.IntN(3))
	}
	regStep := func() int64 { // ebp's value
		switch r.IntN(5) {
		case 0:
			return maxStep - 2 + int64(r.IntN(5))
		case 1:
			return -maxStep - 2 + int64(r.IntN(5))
		}
		return step()
	}
	by := func() string { // a step: an immediate, or ebp
		if r.IntN(3) == 0 {
			return "ebp"
		}
		return fmt.Sprint(step())
	}
	var b strings.Builder
	labels := 0
	fmt.Fprintf(&b, "start:\tmov esi, %d\n\tmov ecx, %d\n\tmov edi, %d\n\tmov ebx, %d\n\tmov ebp, %d\n", num(), num(), num(), r.IntN(11), regStep())
	b.WriteString("L:\n")
	for range 1 + r.IntN(5) {
		k := r.IntN(9) - 4
		switch r.IntN(7) {
		case 0:
			fmt.Fprintf(&b, "\tmov eax, [esi%+d]\n", k)
		case 1:
			fmt.Fprintf(&b, "\tmov [esi%+d], eax\n", k)
		case 2:
			fmt.Fprintf(&b, "\tadd eax, [ecx%+d]\n", k)
		case 3:
			fmt.Fprintf(&b, "\tmov [edi%+d], ecx\n", k)
		case 4:
			labels++
			fmt.Fprintf(&b, "\tcmp eax, [esi%+d]\n\tjne m%d\n\tinc edx\nm%d:\n", k, labels, labels)
		case 5:
			fmt.Fprintf(&b, "\t%s esi, %s\n", pick("add", "sub"), by())
		case 6:
			fmt.Fprintf(&b, "\tadd ebx, [ebx+%d]\n", r.IntN(40))
		}
	}
	fmt.Fprintf(&b, "\t%s esi, %s\n\t%s ecx, %s\n", pick("add", "sub"), by(), pick("add", "sub"), by())
	switch r.IntN(8) {
	case 0: // a write that is not by a constant
		b.WriteString("\tcmp eax, 3\n\tjne skip\n\tadd ecx, eax\nskip:\n")
	case 1: // the register step written
		b.WriteString("\tcmp eax, 3\n\tjne skip\n\tinc ebp\nskip:\n")
	}
	if r.IntN(3) == 0 { // the bound moves too
		fmt.Fprintf(&b, "\t%s edi, %s\n", pick("add", "sub"), by())
	}
	if r.IntN(6) == 0 { // a register word written through memory
		b.WriteString("\tmov [ebx], 1\n")
	}
	bound := fmt.Sprint(num())
	if r.IntN(3) == 0 {
		bound = "edi"
	}
	fmt.Fprintf(&b, "\tcmp ecx, %s\n\t%s L\n\tprn eax\n\tprn edx\n", bound, pick("jl", "jle", "jg", "jge", "jb", "jbe", "ja", "jae", "jne"))
	return b.String()
}

// TestInductionAdversary runs generated loops on the interpreter and on
// compiled code, with and without step limits, and fails on any
// difference.
func TestInductionAdversary(t *testing.T) {
	n := 3000
	if long.Run {
		n = 30000
	}
	hoisted, bounded, stepped, meet := 0, 0, 0, 0
	defer func() {
		// The test is of loops checked at their entry: most must be, a
		// good part with register steps and bounds that move.
		if hoisted < n/2 || bounded < n/5 || stepped < n/10 || meet < n/40 {
			t.Errorf("of %d loops, %d are checked at entry, %d bounded, %d with register steps, %d bounded by a register that moves: the generator misses the mechanism",
				n, hoisted, bounded, stepped, meet)
		}
		t.Logf("of %d loops, %d are checked at entry, %d bounded, %d with register steps, %d bounded by a register that moves", n, hoisted, bounded, stepped, meet)
	}()
	runGenerated(t, n, 99, genInductLoop, func(_ *compiler, lc *loopCheck) {
		hoisted++
		if lc.bound != nil {
			bounded++
			if lc.bound.xstep.moves() {
				meet++
			}
		}
		for _, hr := range lc.regs {
			if hr.step.n != 0 {
				stepped++
				break
			}
		}
	})
}

// runGenerated runs n loops that gen writes (seeded by stream) on the
// interpreter and on compiled code, with and without step limits, and
// fails on any difference; count sees what each loop checks at its
// entry.
func runGenerated(t *testing.T, n int, stream uint64, gen func(*rand.Rand, int) string, count func(*compiler, *loopCheck)) {
	for seed := range uint64(n) {
		r := rand.New(rand.NewPCG(seed, stream))
		size := 64 + r.IntN(4000)
		src := gen(r, size)
		p, err := assembler.Assemble("loop.asm", []byte(src), assembler.Options{})
		if err != nil {
			t.Fatalf("seed %d: %v\n%s", seed, err, src)
		}
		m, _ := cpu.New(p, cpu.Config{Memory: size, Stack: 16})
		ws := m.Memory().Words()
		c := plan(p.Code, ws, p.Entry, uint32(len(ws)), 16, nil, 0, Watch{})
		for _, lc := range c.checks {
			count(c, lc)
		}
		cfg := cpu.Config{Memory: size, Stack: 16, MaxSteps: uint64(1 + r.IntN(20000))}
		ok := t.Run(fmt.Sprint(seed), func(t *testing.T) {
			both(t, p, cfg, "", 1<<40, nil)
			both(t, p, cfg, "", uint64(1+r.IntN(300)), nil)
		})
		if !ok {
			t.Fatalf("seed %d:\n%s", seed, src)
		}
	}
}

// genDerivedLoop writes a loop over memory through addresses worked out
// in its body (derive.go): edx and eax set from the counter ecx, the
// pointer esi (both moving by constants, or ecx by ebp) and ebx, which
// the loop does not write (now and then it does), through mov, add, sub,
// shl, mul, inc, dec and not (now and then and, or a load, which end the
// form), then used as [k+edx]; the compare at the bottom or at the top
// (operands after it), bounded by an immediate or by edi; starts,
// factors and displacements that reach the register words, the end of
// memory and the wrap of 32 bits.
func genDerivedLoop(r *rand.Rand, size int) string {
	pick := func(xs ...string) string { return xs[r.IntN(len(xs))] }
	num := func() int64 { return edgeNum(r, size, 0) }
	small := func() int64 { return int64(r.IntN(9)) - 4 }
	disp := func() int64 {
		switch r.IntN(5) {
		case 0:
			return small()
		case 1:
			return int64(size) - int64(r.IntN(40))
		}
		return 32 + int64(r.IntN(size/2))
	}
	var b strings.Builder
	labels := 0
	fmt.Fprintf(&b, "start:\tmov esi, %d\n\tmov ecx, %d\n\tmov edi, %d\n\tmov ebx, %d\n\tmov ebp, %d\n", num(), num(), num(), num(), 1+r.IntN(3))
	top := r.IntN(3) == 0
	bound := fmt.Sprint(num())
	if r.IntN(3) == 0 {
		bound = "edi"
	}
	cont := pick("jl", "jle", "jg", "jge", "jb", "jbe", "ja", "jae", "jne")
	step := small()
	if r.IntN(4) != 0 { // mostly a compare the step closes in on
		step = int64(1 + r.IntN(3))
		cont = pick("jl", "jle", "jb", "jbe")
		if r.IntN(2) == 0 {
			step, cont = -step, pick("jg", "jge", "ja", "jae")
		}
		if r.IntN(6) == 0 {
			step, cont = 1, "jne"
		}
	}
	b.WriteString("L:\n")
	if top {
		fmt.Fprintf(&b, "\tcmp ecx, %s\n\t%v out\n", bound, negated[isa.Lookup(cont).Op])
	}
	derive := func(t string) {
		set := "mov"
		if r.IntN(5) == 0 { // zeroed, then added to
			fmt.Fprintf(&b, "\t%s %s, %s\n", pick("xor", "sub"), t, t)
			set = "add"
		}
		fmt.Fprintf(&b, "\t%s %s, %s\n", set, t, pick("ecx", "esi", "ebx", "ecx", "esi"))
		for range r.IntN(4) {
			switch r.IntN(10) {
			case 0, 1:
				fmt.Fprintf(&b, "\t%s %s, %s\n", pick("add", "sub"), t, pick("ebx", "ecx", "esi", fmt.Sprint(small()), fmt.Sprint(disp())))
			case 2:
				fmt.Fprintf(&b, "\tshl %s, %d\n", t, r.IntN(5))
			case 3:
				fmt.Fprintf(&b, "\tmul %s, %s\n", t, pick("-1", "2", "3", "7", "100", "65537"))
			case 4:
				fmt.Fprintf(&b, "\t%s %s\n", pick("inc", "dec", "not"), t)
			case 5:
				if r.IntN(3) == 0 { // not of that form
					fmt.Fprintf(&b, "\t%s\n", pick("and "+t+", 255", "mov "+t+", ["+t+"]", "mul "+t+", ebx"))
				}
			}
		}
	}
	derive("edx")
	for range 1 + r.IntN(6) {
		t := pick("edx", "eax")
		k := disp()
		switch r.IntN(8) {
		case 0, 1:
			derive(t)
		case 2:
			fmt.Fprintf(&b, "\tmov edi, [%d+%s]\n", k, t)
		case 3:
			fmt.Fprintf(&b, "\tmov [%d+%s], ecx\n", k, t)
		case 4:
			fmt.Fprintf(&b, "\tadd [%d+%s], 1\n\tmov [%d+%s], [%d+%s]\n", k, t, k+small(), t, k+small(), t)
		case 5:
			labels++
			fmt.Fprintf(&b, "\tcmp ebp, [%d+%s]\n\tjne m%d\n\tinc ebp\nm%d:\n", k, t, labels, labels)
		case 6:
			if r.IntN(4) == 0 { // the invariant written, or a register word through memory
				fmt.Fprintf(&b, "\t%s\n", pick("add ebx, 1", "mov [ebp], 7", "mov [ebx], 2"))
			}
		case 7:
			fmt.Fprintf(&b, "\tadd esi, %d\n", small())
		}
	}
	by := fmt.Sprint(step)
	if r.IntN(4) == 0 {
		by = "ebp"
	}
	fmt.Fprintf(&b, "\t%s ecx, %s\n", pick("add", "sub"), by)
	if top {
		b.WriteString("\tjmp L\nout:\n")
	} else {
		fmt.Fprintf(&b, "\tcmp ecx, %s\n\t%s L\n", bound, cont)
	}
	b.WriteString("\tprn eax\n\tprn edx\n")
	return b.String()
}

// TestDerivedAdversary runs generated loops through derived addresses on
// the interpreter and on compiled code, with and without step limits,
// and fails on any difference.
func TestDerivedAdversary(t *testing.T) {
	n := 3000
	if long.Run {
		n = 30000
	}
	fams, moving := 0, 0
	defer func() {
		if fams < n/4 || moving < n/8 {
			t.Errorf("of %d loops, %d check families at entry, %d that move: the generator misses the mechanism", n, fams, moving)
		}
		t.Logf("of %d loops, %d check families at entry, %d that move", n, fams, moving)
	}()
	runGenerated(t, n, 7, genDerivedLoop, func(_ *compiler, lc *loopCheck) {
		if len(lc.fams) > 0 {
			fams++
		}
		for _, fm := range lc.fams {
			if fm.moves() {
				moving++
				break
			}
		}
	})
}
