//go:build amd64 || arm64

package jit

// The few pieces of the WebAssembly binary format the compiler writes: a
// few functions over one memory, i32 values (and i64 for induct.go).

// Opcodes used by the compiler.
const (
	opUnreachable = 0x00
	opBlock       = 0x02
	opLoop        = 0x03
	opIf          = 0x04
	opElse        = 0x05
	opEnd         = 0x0B
	opBr          = 0x0C
	opBrIf        = 0x0D
	opBrTable     = 0x0E
	opReturn      = 0x0F
	opCall        = 0x10
	opGlobalGet   = 0x23
	opGlobalSet   = 0x24
	opDrop        = 0x1A
	opSelect      = 0x1B
	opLocalGet    = 0x20
	opLocalSet    = 0x21
	opLocalTee    = 0x22
	opI32Load     = 0x28
	opI32Store    = 0x36
	opI32Const    = 0x41
	opI32Eqz      = 0x45
	opI32Eq       = 0x46
	opI32Ne       = 0x47
	opI32LtS      = 0x48
	opI32LtU      = 0x49
	opI32GtS      = 0x4A
	opI32GtU      = 0x4B
	opI32LeS      = 0x4C
	opI32LeU      = 0x4D
	opI32GeS      = 0x4E
	opI32GeU      = 0x4F
	opI32Add      = 0x6A
	opI32Sub      = 0x6B
	opI32Mul      = 0x6C
	opI32DivU     = 0x6E
	opI32RemU     = 0x70
	opI32And      = 0x71
	opI32Or       = 0x72
	opI32Xor      = 0x73
	opI32Shl      = 0x74
	opI32ShrU     = 0x76

	opI64Const       = 0x42
	opI64Eqz         = 0x50
	opI64Ne          = 0x52
	opI64LtS         = 0x53
	opI64GtS         = 0x55
	opI64LeS         = 0x57
	opI64GeS         = 0x59
	opI64Add         = 0x7C
	opI64Sub         = 0x7D
	opI64Mul         = 0x7E
	opI64ShrS        = 0x87
	opI64ShrU        = 0x88
	opI32WrapI64     = 0xA7
	opF64Ceil        = 0x9B
	opF64Div         = 0xA3
	opI64TruncF64S   = 0xB0
	opF64ConvertI64S = 0xB9
	opI64ExtendS     = 0xAC // i64.extend_i32_s
	opI64ExtendU     = 0xAD // i64.extend_i32_u

	blockVoid = 0x40 // the block type of a block with no results
	valI32    = 0x7F
	valI64    = 0x7E
)

// wbuf is a byte buffer with the format's integer encodings.
type wbuf []byte

func (b *wbuf) byte(v byte) { *b = append(*b, v) }

func (b *wbuf) u32(v uint32) {
	for v >= 0x80 {
		*b = append(*b, byte(v)|0x80)
		v >>= 7
	}
	*b = append(*b, byte(v))
}

// s32 is s64's encoding: the same bytes for the same value.
func (b *wbuf) s32(v int32) { b.s64(int64(v)) }

func (b *wbuf) s64(v int64) {
	for {
		c := byte(v & 0x7F)
		v >>= 7
		if v == 0 && c&0x40 == 0 || v == -1 && c&0x40 != 0 {
			*b = append(*b, c)
			return
		}
		*b = append(*b, c|0x80)
	}
}

// section appends section id with body as its contents.
func (b *wbuf) section(id byte, body []byte) {
	b.byte(id)
	b.u32(uint32(len(body)))
	*b = append(*b, body...)
}

// Globals: how a region that jumps to another tells run where to go on,
// and the last computed jump's place and esp, for the dispatch that finds
// its target is no block (in the same region or, after run, in another)
// to undo it. Globals, not locals: kept in locals, they would be live
// everywhere, one more value for the register allocator to keep.
const (
	gNext    = 0 // 0: back to Go; r+1: go on in region r at the eip written back
	gUpc     = 1
	gUesp    = 2
	gUold    = 3 // the word a computed call's push overwrote (dispatch.go)
	gSteal   = 4 // the steps a loop's entry took from the budget (fallback.go)
	nGlobals = 5
)

// typeExits is the type of a block that ends with two i32s.
const typeExits = 3

// Function indices of the module that module writes.
const (
	fnPrint    = 0 // the import env.print
	fnExtended = 1 // the import env.extended (hostcall.go)
	fnRegionOf = 2 // regionOf(eip) -> the region that holds eip, or -2 past the code
	fnRun      = 3 // run(eip, budget) -> budget, exported
	fnRegion   = 4 // the first region's function
)

// funcBody is a function's body: nLocals i32 locals beyond its parameters,
// then n64 i64 locals, then nKept i32 locals (promote.go), then code.
func funcBody(nLocals, n64, nKept uint32, code []byte) []byte {
	var fn wbuf
	var runs [][2]uint32
	for _, r := range [][2]uint32{{nLocals, valI32}, {n64, valI64}, {nKept, valI32}} {
		if r[0] > 0 {
			runs = append(runs, r)
		}
	}
	fn.u32(uint32(len(runs)))
	for _, r := range runs {
		fn.u32(r[0])
		fn.byte(byte(r[1]))
	}
	fn = append(fn, code...)
	fn.byte(opEnd)
	return fn
}

// module makes the module of a compiled program: it imports env.print
// (i32 pc, i32 x, i32 number) -> i32 ok and env.extended (i32 pc, i32
// budget) -> i32 ok, defines regionOf (i32 eip) -> i32,
// run (i32 eip, i32 budget) -> i32 budget, exported as "run", and the
// regions, each (i32 eip, i32 budget) -> i32 budget, from the bodies given
// (funcBody's), with the globals above, over a memory of at most maxPages
// pages (supplied by the embedder, so its minimum is 0).
func module(regionOf, run []byte, regions [][]byte, maxPages uint32) []byte {
	var m wbuf
	m = append(m, 0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00)
	m.section(1, []byte{4,
		0x60, 2, valI32, valI32, 1, valI32, // 0: run
		0x60, 3, valI32, valI32, valI32, 1, valI32, // 1: print
		0x60, 1, valI32, 1, valI32, // 2: regionOf
		0x60, 0, 2, valI32, valI32, // 3: typeExits
	})
	m.section(2, []byte{2, 3, 'e', 'n', 'v', 5, 'p', 'r', 'i', 'n', 't', 0, 1,
		3, 'e', 'n', 'v', 8, 'e', 'x', 't', 'e', 'n', 'd', 'e', 'd', 0, 0})
	var fns wbuf
	fns.u32(uint32(2 + len(regions)))
	fns.byte(2)
	fns.byte(0)
	for range regions {
		fns.byte(0)
	}
	m.section(3, fns)
	var mem wbuf
	mem.byte(1)
	mem.byte(1) // limits with a maximum
	mem.u32(0)
	mem.u32(maxPages)
	m.section(5, mem)
	var globals wbuf
	globals.u32(nGlobals)
	for range nGlobals {
		globals = append(globals, valI32, 1, opI32Const, 0, opEnd) // mutable, 0
	}
	m.section(6, globals)
	m.section(7, []byte{1, 3, 'r', 'u', 'n', 0, fnRun})
	var code wbuf
	code.u32(uint32(2 + len(regions)))
	for _, fn := range append([][]byte{regionOf, run}, regions...) {
		code.u32(uint32(len(fn)))
		code = append(code, fn...)
	}
	m.section(10, code)
	return m
}
