package cpu

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"testing"

	"cpu32/assembler"
	"cpu32/image"
	"cpu32/isa"
	"cpu32/memory"
)

// fuzzConfig is a small machine, so that a run is quick and memory and the
// stack are easy to fall off.
func fuzzConfig(out *bytes.Buffer) Config {
	return Config{Memory: 4096, Stack: 64, MaxSteps: 10000, Out: out}
}

// rawSeeds are raw programs that reach every instruction and fault kind.
func rawSeeds(t testing.TB) [][]byte {
	srcs := []string{
		"",
		"hlt",
		"prn 1\nprc 'A'\nprc 0x1F600\nprc -1",
		"mov eax, 7\nmov ebx, 0\ndiv eax, ebx",
		"mov eax, 7\nmod eax, 3\nrem ebx\nmod eax, ecx",
		"start: mov eax, 3\nagain: push eax\ndec eax\ncmp eax, 0\njg again\npop ebx\npop ecx\npop edx\npop esi\n",
		"top: push 1\njmp top",
		"pop eax",
		"ret",
		"mov ecx, 4000\nmov [ecx+100], 1",
		"mov esi, 100\nmov [esi-200], 1",
		"mov esp, 0\npush 1",
		"mov esp, 9999\npop eax",
		"push esp\npop esp\npop [esp+0]",
		"call f\nhlt\nf: pushf\npopf\nret",
		"mov eip, 1",
		"mov eax, 5\njmp eax",
		"mov eax, -1\ncmp eax, 1\njl a\na: ja b\nb: test eax, eax\njs c\nc: jo d\nd: jno e\ne: jb f\nf: jbe g\ng: jae h\nh: jns i\ni: jle j\nj: jge k\nk: je l\nl: jne m\nm: jz n\nn: jnz o\no: nop",
		"mov eax, 1\nshl eax, 33\nshr eax, 1\nnot eax\nand eax, 0xF0\nor eax, 1\nxor eax, 3\nmul eax, eax\nadd eax, 1\nsub eax, 2\ninc eax\ndec eax",
		"mov [8], 0xFF\njo x\nx: inc [6]",
		"loop: inc eax\njmp loop",
		"start: mov eax, 5\ncall f\nprn ebx\nhlt\nf: cmp eax, 2\njl base\ndec eax\ncall f\npush ebx\ndec eax\ncall f\npop ecx\nadd ebx, ecx\nadd eax, 2\nret\nbase: mov ebx, eax\nret",
	}
	var seeds [][]byte
	for _, src := range srcs {
		p, err := assembler.Assemble("seed.asm", []byte(src), assembler.Options{Raw: true})
		if err != nil {
			t.Fatalf("seed %q: %v", src, err)
		}
		seeds = append(seeds, image.EncodeRaw(p.Code))
	}
	// Words that are no instruction, or an instruction cut short.
	seeds = append(seeds,
		image.EncodeRaw([]uint32{0xFF}),
		image.EncodeRaw([]uint32{uint32(isa.Mov) | isa.DstAddr | isa.SrcVal, 0}),
		image.EncodeRaw([]uint32{uint32(isa.Prn) | isa.DstVal | isa.SrcVal, 1, 2}),
		image.EncodeRaw([]uint32{uint32(isa.Mov) | isa.DstVal | isa.SrcVal, 1, 2}),
		image.EncodeRaw([]uint32{0x808, 1, 0x40000, 0x808}),
	)
	return seeds
}

// FuzzRunRaw runs random words as a raw program. It never panics; it ends,
// halts or faults within the step limit; a faulting instruction changes
// nothing; Step and Run agree; and every step can be undone.
func FuzzRunRaw(f *testing.F) {
	for _, s := range rawSeeds(f) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := image.DecodeRaw(data[:len(data)&^3])
		if err != nil {
			t.Fatal(err)
		}
		var out bytes.Buffer
		c, err := New(p, fuzzConfig(&out))
		if err != nil {
			t.Fatalf("New: %v", err)
		}
		err = c.RunToEnd()
		st := c.State()
		switch st {
		case Ended:
			if c.EIP() != c.CodeLen() {
				t.Fatalf("ended with eip %d, code length %d", c.EIP(), c.CodeLen())
			}
		case Halted:
			if op := isa.Op(p.Code[c.EIP()] & isa.OpMask); op != isa.Hlt {
				t.Fatalf("halted on opcode %v", op)
			}
		case Faulted:
			if err == nil || c.Fault() == nil || err != error(c.Fault()) {
				t.Fatalf("faulted, but RunToEnd returned %v and Fault is %v", err, c.Fault())
			}
			if c.Fault().EIP != c.EIP() {
				t.Fatalf("fault at %d, eip %d", c.Fault().EIP, c.EIP())
			}
			if (c.Fault().Kind == StepLimit) != (c.Steps() == 10000) {
				t.Fatalf("%v after %d steps", c.Fault().Kind, c.Steps())
			}
		default:
			t.Fatalf("RunToEnd stopped in state %v", st)
		}
		if st != Faulted && err != nil {
			t.Fatalf("state %v with error %v", st, err)
		}
		if c.Steps() > 10000 {
			t.Fatalf("%d steps past the limit", c.Steps())
		}
		if uint64(out.Len()) != c.OutputBytes() {
			t.Fatalf("wrote %d bytes, counted %d", out.Len(), c.OutputBytes())
		}
		final := slices.Clone(c.Memory().Words())

		// Again one step at a time, with a journal, on a second machine: the
		// same result. Before the faulting step, keep a snapshot.
		var out2 bytes.Buffer
		d, err := New(p, fuzzConfig(&out2))
		if err != nil {
			t.Fatal(err)
		}
		initial := slices.Clone(d.Memory().Words())
		d.SetJournal(NewJournal(20000))
		for d.State() == Ready {
			if d.Steps() == c.Steps() && st == Faulted {
				before := slices.Clone(d.Memory().Words())
				steps, outBytes := d.Steps(), d.OutputBytes()
				if d.Step() == nil {
					t.Fatalf("step %d did not fault on its own", steps+1)
				}
				if !slices.Equal(before, d.Memory().Words()) {
					t.Fatalf("the faulting %v changed memory: %s", d.Fault().Kind, diff(before, d.Memory().Words()))
				}
				if d.Steps() != steps || d.OutputBytes() != outBytes || out2.Len() != int(outBytes) {
					t.Fatalf("the faulting instruction counted a step or printed")
				}
				if *d.Fault() != *c.Fault() {
					t.Fatalf("stepping faulted with %v, running with %v", d.Fault(), c.Fault())
				}
				break
			}
			if d.Step() != nil {
				t.Fatalf("step %d faulted (%v), running did not fault there", d.Steps()+1, d.Fault())
			}
		}
		if d.State() != st || d.Steps() != c.Steps() || !bytes.Equal(out.Bytes(), out2.Bytes()) {
			t.Fatalf("stepping: %v after %d steps; running: %v after %d", d.State(), d.Steps(), st, c.Steps())
		}
		if !slices.Equal(final, d.Memory().Words()) {
			t.Fatalf("stepping and running differ: %s", diff(final, d.Memory().Words()))
		}

		// Undo every step: back to the initial machine.
		for {
			if _, ok := d.Back(); !ok {
				break
			}
		}
		// (A fault on the very first instruction leaves no step to undo.)
		if d.Steps() != 0 || d.OutputBytes() != 0 || d.State() == Halted || d.State() == Faulted && c.Steps() > 0 {
			t.Fatalf("after undoing everything: %d steps, %d bytes, %v", d.Steps(), d.OutputBytes(), d.State())
		}
		if !slices.Equal(initial, d.Memory().Words()) {
			t.Fatalf("undoing every step does not restore memory: %s", diff(initial, d.Memory().Words()))
		}

		// Reset gives the initial machine too.
		c.Reset()
		if !slices.Equal(initial, c.Memory().Words()) || c.Steps() != 0 || c.Fault() != nil {
			t.Fatalf("Reset does not restore the machine")
		}
	})
}

// diff describes the first words where a and b differ.
func diff(a, b []uint32) string {
	var parts []string
	for i := range a {
		if a[i] != b[i] {
			name := fmt.Sprintf("[%d]", i)
			if i < memory.NumRegs {
				name = memory.Reg(i).String()
			}
			parts = append(parts, fmt.Sprintf("%s: %d -> %d", name, int32(a[i]), int32(b[i])))
			if len(parts) == 5 {
				break
			}
		}
	}
	return strings.Join(parts, ", ")
}
