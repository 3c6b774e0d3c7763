package cpu

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"cpu32/assembler"
	"cpu32/image"
	"cpu32/internal/long"
	"cpu32/isa"
	"cpu32/memory"
)

// genProgram writes a random program of n instructions drawn from every row
// of the isa table but callx (which needs a host): operands of every kind,
// mostly registers and a little memory, jump targets mostly instructions,
// now and then something that faults. Loops come from backward jumps; the
// step limit ends them.
func genProgram(r *rand.Rand, n int) *image.Program {
	var rows []*isa.Instruction
	for i := range isa.Table {
		if isa.Table[i].Flow != isa.HostFlow {
			rows = append(rows, &isa.Table[i])
		}
	}
	// Lay out the rows first, so that targets can name instruction starts.
	picked := make([]*isa.Instruction, n)
	starts := make([]uint32, 0, n+1)
	addr := uint32(0)
	for i := range picked {
		picked[i] = rows[r.IntN(len(rows))]
		if r.IntN(3) == 0 { // more of the hot ones
			picked[i] = isa.Lookup([]string{"inc", "cmp", "jl", "add", "mod", "rem", "push", "pop", "call", "ret", "mov", "jne", "dec"}[r.IntN(13)])
		}
		starts = append(starts, addr)
		addr += uint32(picked[i].Size())
	}
	starts = append(starts, addr)
	reg := func() uint32 {
		if r.IntN(8) == 0 {
			return uint32(r.IntN(memory.NumRegs)) // any register, eip and flags included
		}
		return []uint32{0, 1, 2, 3, 9, 10, 7}[r.IntN(7)]
	}
	imm := func() uint32 {
		switch r.IntN(6) {
		case 0:
			return uint32(r.Uint32())
		case 1:
			return uint32(r.IntN(3)) - 1
		}
		return uint32(r.IntN(20))
	}
	var code []uint32
	for _, row := range picked {
		ops := make([]isa.Operand, len(row.Operands))
		for k, form := range row.Operands {
			var o isa.Operand
			switch {
			case form == isa.Target && r.IntN(12) != 0:
				o = isa.Operand{Kind: isa.Imm, Word: starts[r.IntN(len(starts))]}
			case form == isa.Target && r.IntN(2) == 0:
				o = isa.Operand{Kind: isa.Imm, Word: imm()}
			default:
				switch k := r.IntN(10); {
				case k < 6:
					o = isa.Operand{Kind: isa.Addr, Word: reg()}
				case k < 7:
					o = isa.Operand{Kind: isa.Addr, Word: 32 + uint32(r.IntN(8))}
				case k < 9:
					w, _ := isa.PackRel(uint8(reg()), int64(r.IntN(80)-8))
					if r.IntN(4) == 0 {
						w, _ = isa.PackRel(uint8(reg()), int64(32+r.IntN(8)))
					}
					o = isa.Operand{Kind: isa.Rel, Word: w}
				default:
					if form == isa.Dest {
						o = isa.Operand{Kind: isa.Addr, Word: reg()}
					} else {
						o = isa.Operand{Kind: isa.Imm, Word: imm()}
					}
				}
			}
			ops[k] = o
		}
		code = append(code, isa.Encode(row, ops)...)
	}
	return &image.Program{Code: code}
}

// machine is one run's setup: fast or exact, with or without a journal.
func diffMachine(t testing.TB, p *image.Program, cfg Config, exact, journal bool) (*CPU, *bytes.Buffer) {
	var out bytes.Buffer
	cfg.Out = &out
	c, err := New(p, cfg)
	if err != nil {
		t.Fatal(err)
	}
	c.exactOnly = exact
	if journal {
		c.SetJournal(NewJournal(4096))
	}
	return c, &out
}

// sameMachine fails unless a and b stand exactly alike.
func sameMachine(t testing.TB, what string, a, b *CPU, aout, bout *bytes.Buffer) {
	t.Helper()
	if a.State() != b.State() || a.Steps() != b.Steps() || a.OutputBytes() != b.OutputBytes() {
		t.Fatalf("%s: %v after %d steps, %d bytes; want %v after %d steps, %d bytes",
			what, a.State(), a.Steps(), a.OutputBytes(), b.State(), b.Steps(), b.OutputBytes())
	}
	if (a.Fault() == nil) != (b.Fault() == nil) || a.Fault() != nil && a.Fault().Error() != b.Fault().Error() {
		t.Fatalf("%s: fault %v, want %v", what, a.Fault(), b.Fault())
	}
	if !bytes.Equal(aout.Bytes(), bout.Bytes()) {
		t.Fatalf("%s: output %q, want %q", what, aout, bout)
	}
	if !slices.Equal(a.Memory().Words(), b.Memory().Words()) {
		t.Fatalf("%s: memory differs: %s", what, diff(b.Memory().Words(), a.Memory().Words()))
	}
	if !slices.Equal(a.CallStack(), b.CallStack()) {
		t.Fatalf("%s: call stack %v, want %v", what, a.CallStack(), b.CallStack())
	}
}

// runChunks runs c in chunks of the given sizes, then to its end, and
// returns why each Run stopped and where.
func runChunks(c *CPU, chunks []uint64) string {
	var log strings.Builder
	// A generated program may loop for ever without a step limit: every
	// run stops at a million steps at most (seeds 5537 and 95,783 did).
	const most = 1 << 20
	for _, n := range append(chunks, most) {
		stop, _ := c.Run(min(n, most-c.Steps()))
		fmt.Fprintf(&log, "%d@%d/%d ", stop, c.EIP(), c.Steps())
		if c.State() != Ready || c.Steps() >= most {
			break
		}
	}
	for c.State() == Ready && c.Steps() < most {
		c.Run(most - c.Steps())
	}
	return log.String()
}

// checkDifferential runs p fast and exact, with and without a journal,
// through random chunks and breakpoints, and fails unless every run ends
// exactly alike; the journaled runs must also undo alike, step by step.
func checkDifferential(t testing.TB, p *image.Program, seed uint64) {
	r := rand.New(rand.NewPCG(seed, 7))
	cfg := Config{Memory: 128, Stack: 12, MaxSteps: uint64(r.IntN(3000)), Input: nil}
	if r.IntN(8) == 0 {
		cfg.MaxSteps = NoSteps
	}
	if r.IntN(4) == 0 {
		cfg.MaxOutput = uint64(r.IntN(40))
	}
	cfg.NoCallStack = r.IntN(2) == 0 // as cpu32 run's machine
	var chunks []uint64
	for range r.IntN(4) {
		chunks = append(chunks, uint64(r.IntN(50)))
	}
	var breaks []uint32
	for range r.IntN(3) {
		breaks = append(breaks, uint32(r.IntN(len(p.Code)+1)))
	}
	input := "12 -3 x 7\n"
	type run struct {
		c   *CPU
		out *bytes.Buffer
		log string
	}
	var runs []run
	profile := r.IntN(2) == 0 // every run counts a profile too, with or without a journal
	for _, mode := range []struct{ exact, journal bool }{{true, false}, {false, false}, {false, true}, {true, true}} {
		cfg.Input = strings.NewReader(input)
		c, out := diffMachine(t, p, cfg, mode.exact, mode.journal)
		if profile {
			c.StartProfile()
			if !mode.journal {
				c.SetJournal(nil) // the plain paths count as they run
			}
		}
		for _, b := range breaks {
			c.SetBreakpoint(b, true)
		}
		runs = append(runs, run{c, out, runChunks(c, chunks)})
	}
	want := runs[0]
	for i, got := range runs[1:] {
		what := fmt.Sprintf("seed %d, mode %d", seed, i+1)
		if got.log != want.log {
			t.Fatalf("%s: runs stopped at %s, want %s", what, got.log, want.log)
		}
		sameMachine(t, what, got.c, want.c, got.out, want.out)
	}
	// Profiles alike, then undo alike: the fast journaled machine and the
	// exact one.
	a, b := runs[2].c, runs[3].c
	if profile {
		for i, got := range runs[:3] {
			af, bf := byTarget(got.c.Functions()), byTarget(b.Functions())
			if !slices.Equal(got.c.Profile().Counts, b.Profile().Counts) || !slices.Equal(af, bf) {
				t.Fatalf("seed %d, mode %d: profile %v %v, want %v %v", seed, i, got.c.Profile().Counts, af, b.Profile().Counts, bf)
			}
		}
	}
	for k := 0; ; k++ {
		_, oka := a.Back()
		_, okb := b.Back()
		if oka != okb {
			t.Fatalf("seed %d: step back %d: %v, want %v", seed, k, oka, okb)
		}
		if !oka {
			break
		}
		if !slices.Equal(a.Memory().Words(), b.Memory().Words()) || a.Steps() != b.Steps() || !slices.Equal(a.CallStack(), b.CallStack()) {
			t.Fatalf("seed %d: after %d steps back: %s", seed, k+1, diff(b.Memory().Words(), a.Memory().Words()))
		}
	}
}

// byTarget sorts function tallies by entry, for comparing.
func byTarget(f []FuncSteps) []FuncSteps {
	slices.SortFunc(f, func(x, y FuncSteps) int { return int(x.Target) - int(y.Target) })
	return f
}

// TestFastMatchesExact is the differential test: a few hundred generated
// programs, each run fast (specialised and fused) and exact, with and
// without a journal, must end with the same output, registers, flags,
// memory, steps, fault and call stack.
func TestFastMatchesExact(t *testing.T) {
	n := 400
	if testing.Short() {
		n = 50
	}
	for seed := range uint64(n) {
		r := rand.New(rand.NewPCG(seed, 1))
		checkDifferential(t, genProgram(r, 5+r.IntN(40)), seed)
	}
}

// genRecursive writes a recursive function in fib's shapes (a head cmp +
// jcc to a leaf [step +] ret that calls itself after a step, push + step +
// call, pop + step + step + ret), which the fast path fuses call by call,
// with random operands (now and then esp, the flags word or a stack word),
// conditions, arguments and steps, and now and then an instruction that
// breaks a shape or faults.
func genRecursive(r *rand.Rand) string {
	pick := func(xs ...string) string { return xs[r.IntN(len(xs))] }
	odd := func(common string, rare ...string) string { // mostly common
		if r.IntN(6) == 0 {
			return pick(rare...)
		}
		return common
	}
	a := odd("eax", "ecx", "[40]", "[8]", "esp", "[ebp-2]")
	b := odd("ebx", "eax", "[41]", "[8]", "edx")
	c := odd("ecx", "ebx", "esp", "[8]", "[ebp-1]")
	step := func(d string) string {
		return pick("dec "+d, "sub "+d+", 1", "add "+d+", -1", "inc "+d, "sub "+d+", 2", "mov "+d+", "+pick("0", "1", "eax", "[8]"))
	}
	junk := func() string {
		if r.IntN(10) != 0 {
			return ""
		}
		return pick("nop", "prn "+a, "mov [8], 9", "push 1", "pop edx", "mov esp, 9", "mod eax, edx", "ret", "add [ebp-1], 3") + "\n"
	}
	var src strings.Builder
	// f is called, or jumped into or reached by a push + step + call of
	// its own; and maybe called again from outside, when the call stack
	// is empty again (a call that starts its tallies).
	enterF := odd("call f", "jmp f", "call g", "push "+b+"\n"+step(a)+"\ncall f")
	again := odd("", "push "+b+"\n"+step(a)+"\ncall f\n", "mov "+a+", 4\ncall f\n")
	fmt.Fprintf(&src, "start: mov %s, %d\n%s%s\n%s%sprn %s\nhlt\n", a, r.IntN(9)-1, junk(), enterF, again, junk(), b)
	fmt.Fprintf(&src, "f: cmp %s, %s\n%s base\n%s", a, pick("2", "1", "0", "ebx", "[8]"), pick("jl", "jl", "jle", "jb", "je", "jg", "js"), junk())
	fmt.Fprintf(&src, "%s\n%scall %s\n%s", step(a), junk(), odd("f", "base", "start", "eax"), junk())
	fmt.Fprintf(&src, "push %s\n%s%s\n%scall f\n%s", odd(b, "esp", "[8]", "3"), junk(), step(a), junk(), junk())
	fmt.Fprintf(&src, "pop %s\n%s%s, %s\n%s%s\n%sret\n", c, junk(), pick("add "+b, "sub "+b, "mov "+b), c, junk(), pick("add "+a+", 2", "inc "+a, "mov "+a+", 5"), junk())
	fmt.Fprintf(&src, "base: %s%s\nret\n", junk(), odd("mov "+b+", "+a, "add "+b+", 1", "inc "+b, "nop", "mov esp, 3"))
	src.WriteString("g: jmp f\n") // f's frames, inside one of g's
	return src.String()
}

// TestFastMatchesExactOnRecursion is the differential test on generated
// recursive functions (genRecursive).
func TestFastMatchesExactOnRecursion(t *testing.T) {
	n := 2000
	if testing.Short() {
		n = 40
	}
	if more, err := strconv.Atoi(os.Getenv("CPU32_RECURSION_PROGRAMS")); err == nil {
		n = more // a longer search, once, when the fused calls change
	}
	for seed := range uint64(n) {
		r := rand.New(rand.NewPCG(seed, 2))
		src := genRecursive(r)
		p, err := assembler.Assemble("rec.asm", []byte(src), assembler.Options{})
		if err != nil {
			t.Fatalf("seed %d: %v\n%s", seed, err, src)
		}
		checkDifferential(t, p, seed)
	}
}

// profiledRun runs p to its end on a machine with a call stack and a
// profile, no journal, exact or fast.
func profiledRun(t *testing.T, p *image.Program, exact bool) *CPU {
	t.Helper()
	c, _ := diffMachine(t, p, Config{Memory: 128, Stack: 12}, exact, false)
	c.StartProfile()
	c.SetJournal(nil)
	if err := c.RunToEnd(); err != nil {
		t.Fatal(err)
	}
	return c
}

// fibF is recursive Fibonacci as the fused calls cover it:
// f takes n in eax and returns fib(n) in ebx, keeping eax.
const fibF = `f:      cmp eax, 2
        jl base
        dec eax
        call f
        push ebx
        dec eax
        call f
        pop ecx
        add ebx, ecx
        add eax, 2
        ret
base:   mov ebx, eax
        ret
`

// TestRecursionEnteredFromOutside: the fast path starts a function's
// tallies (its first active frame) as the exact path does, when it calls
// it from outside it: a push + step + call from the main code (twice: the
// first call grows the call stack's ring by the slow way), and the head's
// own call when the function was jumped into from another one.
func TestRecursionEnteredFromOutside(t *testing.T) {
	for _, src := range []string{
		"mov eax, 6\npush ebx\ndec eax\ncall f\npop ecx\npush ebx\ndec eax\ncall f\npop ecx\nprn ebx\nhlt\n" + fibF,
		"mov eax, 6\ncall g\nprn ebx\nhlt\n" + fibF + "g: jmp f\n",
	} {
		p, err := assembler.Assemble("rec.asm", []byte(src), assembler.Options{})
		if err != nil {
			t.Fatal(err)
		}
		want, got := byTarget(profiledRun(t, p, true).Functions()), byTarget(profiledRun(t, p, false).Functions())
		if !slices.Equal(got, want) {
			t.Errorf("%q: functions %v, want %v", src, got, want)
		}
	}
}

// TestRecursionDropsFrames: a ret of a recursive function that pops more
// than the innermost frame (the function popped its own return address)
// drops the frames below it too, as the exact path's does.
func TestRecursionDropsFrames(t *testing.T) {
	src := "mov eax, 7\ncall g\nprn ebx\nhlt\n" +
		"g: call f\nret\n" +
		"f: cmp eax, 2\njl base\ndec eax\ncall f\npop ecx\nadd ebx, ecx\nadd eax, 2\nret\nbase: ret\n"
	p, err := assembler.Assemble("drop.asm", []byte(src), assembler.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for seed := range uint64(40) {
		checkDifferential(t, p, seed)
	}
	// In one go, and in short runs.
	if want, got := profiledRun(t, p, true).CallStack(), profiledRun(t, p, false).CallStack(); !slices.Equal(got, want) {
		t.Fatalf("call stack at the end %v, want %v", got, want)
	}
	// After each run of k steps, for every k: the frames a ret dropped
	// are gone at once.
	for k := uint64(1); k < 60; k++ {
		var ms [2]*CPU
		for i := range ms {
			ms[i], _ = diffMachine(t, p, Config{Memory: 128, Stack: 12}, i == 0, false)
			ms[i].StartProfile()
			ms[i].SetJournal(nil)
		}
		for ms[0].State() == Ready {
			for _, c := range ms {
				if _, err := c.Run(k); err != nil {
					t.Fatal(err)
				}
			}
			want, got := ms[0].CallStack(), ms[1].CallStack()
			if !slices.Equal(got, want) || !slices.Equal(byTarget(ms[1].Functions()), byTarget(ms[0].Functions())) {
				t.Fatalf("runs of %d steps, after %d: call stack %v %v, want %v %v", k, ms[0].Steps(), got, ms[1].Functions(), want, ms[0].Functions())
			}
		}
	}
}

// TestPopsOfRegisters: a pop or ret with esp on a register reads it as
// the exact path does, eip (address 6) included, which the fast path does
// not keep in memory (found by the recursion generator, seed 2236).
func TestPopsOfRegisters(t *testing.T) {
	for i, src := range []string{
		"mov esp, 6\nret\ncall f\nhlt\nf: prn 1\nhlt",
		"mov esp, 6\npop eax\nprn eax",
		"mov esp, 6\nmov ebx, 1\nret\nnop\nnop",
		"mov esp, 6\npop eax\nadd ebx, 1\nprn eax",
		"mov esp, 7\npush 3\npop eax\nprn eax",
	} {
		p, err := assembler.Assemble("pop.asm", []byte(src), assembler.Options{})
		if err != nil {
			t.Fatal(err)
		}
		for seed := range uint64(20) {
			checkDifferential(t, p, seed+uint64(100*i))
		}
	}
}

// FuzzFastMatchesExact is the differential test on random words.
func FuzzFastMatchesExact(f *testing.F) {
	for _, s := range rawSeeds(f) {
		f.Add(s, uint64(1))
	}
	f.Fuzz(func(t *testing.T, data []byte, seed uint64) {
		p, err := image.DecodeRaw(data[:len(data)&^3])
		if err != nil {
			t.Fatal(err)
		}
		if _, err := New(p, Config{Memory: 128, Stack: 12}); err != nil {
			return
		}
		checkDifferential(t, p, seed)
	})
}

// TestEveryRowRunsFast runs each row of the isa table once, fast and exact,
// with each operand kind: an opcode without a handler fails here, not in a
// program.
func TestEveryRowRunsFast(t *testing.T) {
	for i := range isa.Table {
		row := &isa.Table[i]
		if row.Flow == isa.HostFlow {
			continue
		}
		t.Run(row.Name, func(t *testing.T) {
			for _, kind := range []isa.Kind{isa.Imm, isa.Addr, isa.Rel} {
				ops := make([]isa.Operand, len(row.Operands))
				for k, form := range row.Operands {
					o := isa.Operand{Kind: kind, Word: 40}
					if form == isa.Dest && kind == isa.Imm {
						o = isa.Operand{Kind: isa.Addr, Word: 1}
					}
					if kind == isa.Rel {
						o.Word, _ = isa.PackRel(uint8(memory.EBX), 40)
					}
					if form == isa.Target && kind == isa.Imm {
						o.Word = uint32(1 + len(row.Operands) + 2) // the nop after it
					}
					ops[k] = o
				}
				// mov [40], 5 first, so that divisors are not zero.
				code := isa.Encode(isa.ByOp(isa.Mov), []isa.Operand{{Kind: isa.Addr, Word: 40}, {Kind: isa.Imm, Word: 5}})
				code = append(code, isa.Encode(row, ops)...)
				code = append(code, uint32(isa.Nop))
				p := &image.Program{Code: code}
				cfg := Config{Memory: 64, Stack: 8, Input: strings.NewReader("5")}
				e, eout := diffMachine(t, p, cfg, true, false)
				cfg.Input = strings.NewReader("5")
				f, fout := diffMachine(t, p, cfg, false, false)
				_ = e.RunToEnd()
				_ = f.RunToEnd()
				sameMachine(t, fmt.Sprintf("%s with kind %d", row.Name, kind), f, e, fout, eout)
				if e.Steps() == 0 {
					t.Fatalf("%s with kind %d: nothing ran: %v", row.Name, kind, e.Fault())
				}
			}
		})
	}
}

// fusedLoop is a program whose hot spots are fused: a self-looping back
// edge (inc/cmp/jl), cmp+jcc, mod+rem+cmp+je and inc+jmp.
const fusedLoop = `        mov eax, 0
loop:   inc eax
        cmp eax, 100
        jl loop
        mov ebx, 2
try:    cmp eax, ebx
        je done
        mod eax, ebx
        rem ecx
        cmp ecx, 0
        je done
        inc ebx
        jmp try
done:   mov edx, 0
        mod eax, edx
        prn eax
`

// fusedPrograms cover every fused op, each ending in a fault inside or
// right after a fused sequence: a mod by zero, a stack overflow from a
// fused call, a ret to a bad target from a fused ret.
var fusedPrograms = []struct {
	name, src string
	kinds     []uint8
	fault     FaultKind
}{
	{"loops", fusedLoop, []uint8{fStepLoop, fCmpJcc, fModRemCmpJcc, fStepJmp}, DivideByZero},
	// Operands read when they run: compares, pushes and prints through a
	// register, a jump table, a jump and a call through a register; the
	// walk ends past memory's end.
	{"register-relative operands", `        mov esi, data
        mov [table], one
        mov [table+1], two
        mov ebx, sub1
walk:   cmp [esi], 0
        je end
        mod [esi], 2
        rem edx
        push [esi+1]
        pop ecx
        prc [esi]
        test [esi], ecx
        jmp [table+edx]
one:    call ebx
        add esi, 1
        jmp walk
two:    mov eax, three
        jmp eax
three:  jne [fwd]
        add esi, 1
        jmp walk
next1:  add esi, 1
        jmp walk
sub1:   ret
end:    mov eax, 100000000
        cmp [eax], 0
        section .data
fwd:    dd next1
table:  resd 2
data:   dd 65, 66, 67, 68, 69, 70, 71, 72, 0
`, []uint8{fCmpRel, fPushRel, fJmpRel, fCallRel}, MemoryOutOfRange},
	{"loads and stores through registers", `        mov esi, src
        mov edi, dst
        mov ecx, 8
copy:   mov eax, [esi]
        add eax, 1
        mov [edi], eax
        mov [edi+8], 5
        mov edx, [edi+8]
        inc esi
        inc edi
        dec ecx
        cmp ecx, 0
        jne copy
        mov esi, 0
        mov [esi+1], 7
        mov edx, [esi+1]
        mov ebx, 100000000
        mov ecx, [ebx]
        section .data
src:    dd 1, 2, 3, 4, 5, 6, 7, 8
dst:    resd 16
`, []uint8{fLoadRel, fStoreRel}, MemoryOutOfRange},
	{"a jump through a register to no instruction", `        mov eax, 0
again:  inc eax
        mov [eax+20], eax
        cmp [eax+20], 30
        jl again
        mov ebx, 1
        jmp ebx
`, []uint8{fCmpRel, fJmpRel}, EIPOutOfRange},
	{"a modulo through a register by zero", `        mov esi, 30
again:  mov [esi], esi
        sub [esi], 20
        mod esi, [esi]
        inc esi
        cmp esi, 40
        jl again
        mov ecx, 20
        mov [ecx+20], 0
        mod eax, [ecx+20]
`, []uint8{fCmpRel}, DivideByZero},
	{"trial rounds", `        mov eax, 97
        mov ebx, 2
try:    cmp eax, ebx
        je done
        mod eax, ebx
        rem ecx
        cmp ecx, 0
        je done
        inc ebx
        jmp try
done:   mov edx, 0
        div eax, edx
`, []uint8{fCmpJcc, fModRemCmpJcc, fStepJmp}, DivideByZero},
	{"trial rounds, stepped by a register", `        mov eax, 97
        mov ebx, 2
        mov esi, 1
try:    cmp eax, ebx
        je done
        mod eax, ebx
        rem ecx
        cmp ecx, 0
        je done
        add ebx, esi
        jmp try
done:   mov edx, 0
        div eax, edx
`, []uint8{fCmpJcc, fModRemCmpJcc, fStepJmp}, DivideByZero},
	{"noop", `        mov ecx, 0
loop:   nop
        inc ecx
        cmp ecx, 5
        jl loop
        div ecx, eax
`, []uint8{fStepCmpJcc}, DivideByZero},
	{"trial by zero", `        mov eax, 7
        mov ebx, 0
try:    cmp eax, ebx
        je done
        mod eax, ebx
        rem ecx
        cmp ecx, 0
        je done
        inc ebx
        jmp try
done:   prn ebx
`, []uint8{fCmpJcc, fModRemCmpJcc, fStepJmp}, DivideByZero},
	{"calls", `        mov eax, 6
        call f
        mov ebx, 1
        push 99
        add eax, 1
        ret
` + fibF, []uint8{fPreCall, fPreRet, fCmpJccCall, fPushPreCall, fPopStep}, EIPOutOfRange},
	{"calls with a longer leaf and tail", `        mov eax, 6
        call f
        push 99
        ret
f:      cmp eax, 2
        jl base
        dec eax
        call f
        push ebx
        dec eax
        call f
        pop ecx
        add ebx, ecx
        nop
        add eax, 2
        ret
base:   mov ebx, eax
        nop
        ret
`, []uint8{fCmpJccCall, fPushPreCall, fPopStep, fPreRet}, EIPOutOfRange},
	{"deep recursion to a leaf", `        mov eax, 100
        call f
f:      cmp eax, 0
        jl base
        dec eax
        call f
base:   mov ebx, eax
        ret
`, []uint8{fCmpJccCall, fPreRet}, StackOverflow},
	{"recursion overflowing at its second call", `        mov eax, 40
        call f
        hlt
` + fibF, []uint8{fCmpJccCall, fPushPreCall, fPopStep}, StackOverflow},
	{"leaf returning to a bad address", `        push 99
        mov eax, 1
        jmp f
        call f
f:      cmp eax, 2
        jl base
        dec eax
        call f
base:   mov ebx, eax
        ret
`, []uint8{fCmpJccCall, fPreRet}, EIPOutOfRange},
	{"leaf returning from an empty stack", `        mov eax, 1
        jmp f
        call f
f:      cmp eax, 2
        jl base
        dec eax
        call f
base:   mov ebx, eax
        ret
`, []uint8{fCmpJccCall, fPreRet}, StackUnderflow},
	{"tail returning from an empty stack", `        push 5
        jmp tail
tail:   pop ecx
        add ebx, ecx
        add eax, 2
        ret
`, []uint8{fPopStep, fPreRet}, StackUnderflow},
	{"tail returning to a bad address", `        push 99
        push 5
        jmp tail
tail:   pop ecx
        add ebx, ecx
        add eax, 2
        ret
`, []uint8{fPopStep, fPreRet}, EIPOutOfRange},
	{"deep with a test", `f:      cmp eax, -100
        je f
        dec eax
        call f
`, []uint8{fCmpJccCall}, StackOverflow},
	{"deep", `f:      inc eax
        call f
`, []uint8{fPreCall}, StackOverflow},
	{"deep with pushes", `f:      push eax
        inc eax
        call f
`, []uint8{fPushPreCall}, StackOverflow},
	{"test and step", `        mov ecx, 5
again:  test ecx, 1
        jne odd
        dec ecx
        jmp again
odd:    mod ecx, 2
        rem edx
        mov esi, 0
        div ecx, esi
`, []uint8{fTestJcc, fStepJmp, fModRem}, DivideByZero},
}

// TestStepLimitInsideFusedOps: --max-steps N faults on instruction N+1
// exactly, for every N, also when N ends inside a fused sequence or a
// self-looping one; and a fault in the middle of a fused sequence leaves
// the machine as the plain run does.
func TestStepLimitInsideFusedOps(t *testing.T) {
	for _, tc := range fusedPrograms {
		t.Run(tc.name, func(t *testing.T) {
			p, err := assembler.Assemble("fused.asm", []byte(tc.src), assembler.Options{})
			if err != nil {
				t.Fatal(err)
			}
			// cpu32 run's machines keep no call stack: their calls fuse.
			// The debugger's keep one and a profile, without a journal
			// while a continue runs: their calls do not.
			for _, debug := range []bool{false, true} {
				stepLimits(t, p, tc.kinds, tc.fault, debug)
			}
		})
	}
}

// stepLimits is TestStepLimitInsideFusedOps on p, with its fused ops
// kinds, ending in fault; with debug, on machines with a call stack and a
// profile (whose calls are not fused: kinds is not checked).
func stepLimits(t *testing.T, p *image.Program, kinds []uint8, fault FaultKind, debug bool) {
	t.Helper()
	mk := func(cfg Config, exact bool) (*CPU, *bytes.Buffer) {
		cfg.NoCallStack = !debug
		c, out := diffMachine(t, p, cfg, exact, false)
		if debug {
			c.StartProfile()
			c.SetJournal(nil)
		}
		return c, out
	}
	same := func(what string, f, e *CPU, fout, eout *bytes.Buffer) {
		t.Helper()
		sameMachine(t, what, f, e, fout, eout)
		if debug && (!slices.Equal(f.Profile().Counts, e.Profile().Counts) || !slices.Equal(byTarget(f.Functions()), byTarget(e.Functions()))) {
			t.Fatalf("%s: profile %v %v, want %v %v", what, f.Profile().Counts, f.Functions(), e.Profile().Counts, e.Functions())
		}
	}
	c, _ := mk(Config{}, false)
	c.buildFast()
	built := map[uint8]bool{}
	for _, f := range c.fops {
		built[f.h] = true
	}
	for _, h := range kinds {
		if !built[h] && !debug {
			t.Fatalf("fused op %d is not used by the test program", h)
		}
	}
	cfg := Config{Stack: 40}
	e, eout := mk(cfg, true)
	_ = e.RunToEnd()
	if e.Fault() == nil || e.Fault().Kind != fault {
		t.Fatalf("the plain run ended with %v, want a %v", e.Fault(), fault)
	}
	f, fout := mk(cfg, false)
	_ = f.RunToEnd()
	same("to the fault", f, e, fout, eout)
	// Every limit is one run to it: a quadratic sweep. Without -tags long
	// it takes every limit of the first and last 48 steps, and every
	// seventh between: 7 is prime to the lengths of the programs' loop
	// rounds, so every offset into a round is still met, in some round.
	for n := uint64(0); n < e.Steps(); n = nextLimit(n, e.Steps()) {
		cfg.MaxSteps = n
		if n == 0 {
			cfg.MaxSteps = NoSteps
		}
		e, eout := mk(cfg, true)
		f, fout := mk(cfg, false)
		_ = e.RunToEnd()
		_ = f.RunToEnd()
		same(fmt.Sprintf("--max-steps %d", n), f, e, fout, eout)
		if f.Steps() != n || f.Fault() == nil || f.Fault().Kind != StepLimit {
			t.Fatalf("--max-steps %d: %d steps, fault %v", n, f.Steps(), f.Fault())
		}
	}
}

// nextLimit is the step limit stepLimits tries after n, in a run of steps.
func nextLimit(n, steps uint64) uint64 {
	if long.Run || n < 48 || n+48 >= steps {
		return n + 1
	}
	return n + 7
}

// TestFlagsWithoutBranches checks the branch-free compareFlags and
// resultFlags against their definitions on edge cases and random pairs.
func TestFlagsWithoutBranches(t *testing.T) {
	want := func(x, y uint32) uint32 {
		r := x - y
		var f uint32
		if r == 0 {
			f |= isa.ZF
		}
		if int32(r) < 0 {
			f |= isa.SF
		}
		if (int64(int32(x)) - int64(int32(y))) != int64(int32(r)) {
			f |= isa.OF
		}
		if x < y {
			f |= isa.CF
		}
		return f
	}
	edges := []uint32{0, 1, 2, 0x7FFFFFFF, 0x80000000, 0x80000001, 0xFFFFFFFE, 0xFFFFFFFF}
	r := rand.New(rand.NewPCG(3, 4))
	for i := 0; i < 100000; i++ {
		x, y := r.Uint32(), r.Uint32()
		if i < len(edges)*len(edges) {
			x, y = edges[i/len(edges)], edges[i%len(edges)]
		}
		if got := compareFlags(x, y); got != want(x, y) {
			t.Fatalf("compareFlags(%#x, %#x) = %04b, want %04b", x, y, got, want(x, y))
		}
		if got, w := resultFlags(x), want(x, 0)&(isa.ZF|isa.SF); got != w {
			t.Fatalf("resultFlags(%#x) = %04b, want %04b", x, got, w)
		}
	}
}

// TestStepLoopConditions checks stepLoop's direct comparisons against the
// flags and the isa table's conditions, for every conditional jump.
func TestStepLoopConditions(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	edges := []uint32{0, 1, 0x7FFFFFFE, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF}
	for _, row := range isa.Table {
		if row.Flow != isa.Branch {
			continue
		}
		cond := isa.CondMasks[row.Op]
		for i := 0; i < 3000; i++ {
			v, z, y := edges[r.IntN(len(edges))]+uint32(r.IntN(3)), []uint32{1, ^uint32(0), 2, 0}[r.IntN(4)], edges[r.IntN(len(edges))]+uint32(r.IntN(5))
			if i%2 == 0 {
				v, y = r.Uint32(), r.Uint32()
			}
			rounds := uint64(1 + r.IntN(8))
			gv, gk, gagain := stepLoop(cond, v, z, y, rounds)
			wv, wk, wagain := v, uint64(0), true
			for wagain && wk < rounds {
				wv += z
				wk++
				wagain = row.Cond(compareFlags(wv, y))
			}
			if gv != wv || gk != wk || gagain != wagain {
				t.Fatalf("%s: stepLoop(v=%#x, z=%#x, y=%#x, %d) = %#x, %d, %v; want %#x, %d, %v", row.Name, v, z, y, rounds, gv, gk, gagain, wv, wk, wagain)
			}
		}
	}
}

// TestJournalGrowKeepsWrappedSteps: a full journal whose ring has wrapped
// keeps every step it holds when Grow raises its limit, and then holds
// more; undoing them all gives back the machine of each earlier step.
func TestJournalGrowKeepsWrappedSteps(t *testing.T) {
	p, err := assembler.Assemble("spin.asm", []byte("spin: inc edx\ncall f\njmp spin\nf: push edx\npop eax\nret\n"), assembler.Options{})
	if err != nil {
		t.Fatal(err)
	}
	c, _ := diffMachine(t, p, Config{}, false, false)
	j := NewJournal(20) // a ring of 32 marks
	c.SetJournal(j)
	if _, err := c.Run(100); err != nil {
		t.Fatal(err)
	}
	if j.Depth() != 31 {
		t.Fatalf("depth %d before Grow, want 31", j.Depth())
	}
	j.Grow(1000)
	if _, err := c.Run(500); err != nil {
		t.Fatal(err)
	}
	if j.Depth() != 531 {
		t.Fatalf("depth %d after Grow, want 531", j.Depth())
	}
	for c.Steps() > 69 {
		steps := c.Steps()
		if _, ok := c.Back(); !ok {
			t.Fatalf("cannot step back from step %d", steps)
		}
		ref, _ := diffMachine(t, p, Config{}, true, false)
		if _, err := ref.Run(c.Steps()); err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(ref.Memory().Words(), c.Memory().Words()) || !slices.Equal(ref.CallStack(), c.CallStack()) {
			t.Fatalf("after stepping back to step %d: %s", c.Steps(), diff(ref.Memory().Words(), c.Memory().Words()))
		}
	}
	if _, ok := c.Back(); ok {
		t.Fatalf("stepped back past the oldest step kept")
	}
}
