//go:build amd64 || arm64

package jit

import (
	"testing"

	"cpu32/assembler"
	"cpu32/cpu"
	"cpu32/image"
)

// Where Auto's code (pick, divide) was 1.5-2.1x slower than Compile's for
// the same program, found by the corpus's new shapes (memo, qsort, powmod,
// digits, heapsort): a cold span split regions, and a hot call's return
// site was left cold.

// shapesPlan assembles src and returns its plan for the hot addresses.
func shapesPlan(t *testing.T, src string, hot []uint32) (*image.Program, *compiler) {
	t.Helper()
	p, err := assembler.Assemble("shapes.asm", []byte(src), assembler.Options{})
	if err != nil {
		t.Fatal(err)
	}
	c, err := cpu.New(p, cpu.Config{NoCallStack: true})
	if err != nil {
		t.Fatal(err)
	}
	ws := c.Memory().Words()
	return p, plan(p.Code, ws, p.Entry, uint32(len(ws)), uint32(c.StackSize()), hot, maxHot, Watch{})
}

// label returns the value of the label name in p.
func label(t *testing.T, p *image.Program, name string) uint32 {
	t.Helper()
	for _, l := range p.Debug.Labels {
		if l.Name == name {
			return l.Value
		}
	}
	t.Fatalf("no label %s", name)
	return 0
}

// TestShapesColdTailSplitsRegions: a student's program puts its
// subroutine after the main loop's printing tail. Auto samples the loop
// and the subroutine, not the tail, which runs once; divide then starts a
// new region after the cold tail, so every call from the loop and every
// ret back crosses regions (registers written back, a return to the
// exported function, the other region's dispatch). Measured on
// cpu/bench/corpus (in process, the same run after Reset, CPU time, Auto's
// code over Compile's): memo 2.06, qsort 2.09, powmod 1.83, digits 1.67,
// heapsort 1.51; memo with its subroutine moved before the loop: 1.05.
// The whole program is 20 words: one region is what Compile makes of it.
func TestShapesColdTailSplitsRegions(t *testing.T) {
	const src = `
start:	mov ecx, 0
	mov edx, 0
loop:	mov eax, ecx
	call f
	add edx, eax
	inc ecx
	cmp ecx, 3000000
	jl loop
tail:	prn edx
	hlt
f:	and eax, 7
	ret
`
	p, _ := shapesPlan(t, src, nil)
	// What Auto samples: the loop and f (every address of them), not
	// the tail.
	var hot []uint32
	for a := label(t, p, "loop"); a < uint32(len(p.Code)); a++ {
		if a < label(t, p, "tail") || a >= label(t, p, "f") {
			hot = append(hot, a)
		}
	}
	_, c := shapesPlan(t, src, hot)
	if len(c.regions) != 1 {
		t.Errorf("Auto's plan for a loop calling a function a few words away has %d regions (spans %+v), want 1", len(c.regions), c.spans)
	}
}

// TestShapesReturnSiteCold: pick adds to what the samples hold the items
// their jumps and calls go to, but not where a hot call returns, nor
// where a hot block falls through. A return site of one or two
// instructions that no sample landed on stays cold, and every ret to it
// leaves compiled code: qsort.asm's `add esp, 2` after its second
// recursive call, 400,000 exits in a run (Auto's code 370-420 ms, all of
// it compiled 208-277 ms, wall, in process).
func TestShapesReturnSiteCold(t *testing.T) {
	const src = `
start:	mov ecx, 0
loop:	push ecx
	call f
	add esp, 1
	inc ecx
	cmp ecx, 3000000
	jl loop
	hlt
f:	mov eax, [esp+1]
	and eax, 63
	cmp eax, 0
	jne even
	call g
back:	nop
even:	ret
g:	ret
`
	p, _ := shapesPlan(t, src, nil)
	back := label(t, p, "back")
	var hot []uint32 // every address but the return site's
	for a := uint32(0); a < uint32(len(p.Code)); a++ {
		if a != back {
			hot = append(hot, a)
		}
	}
	_, c := shapesPlan(t, src, hot)
	if i := c.blockAt[back]; i < 0 || c.cold[i] {
		t.Errorf("the return site of a hot call (address %d, block %d) is cold", back, i)
	}
}
