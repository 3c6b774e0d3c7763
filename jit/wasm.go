//go:build amd64 || arm64

package jit

// The few pieces of the WebAssembly binary format the compiler writes: one
// function over one memory, i32 values only.

// Opcodes used by the compiler.
const (
	opUnreachable = 0x00
	opBlock       = 0x02
	opLoop        = 0x03
	opIf          = 0x04
	opEnd         = 0x0B
	opBr          = 0x0C
	opBrIf        = 0x0D
	opBrTable     = 0x0E
	opReturn      = 0x0F
	opCall        = 0x10
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

	blockVoid = 0x40 // the block type of a block with no results
	valI32    = 0x7F
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

func (b *wbuf) s32(v int32) {
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

// module wraps one function's body into a module that exports it as
// "run", of type (i32, i32) -> i32, with a memory of at most maxPages
// pages (supplied by the embedder, so its minimum is 0). It imports
// env.print (i32 pc, i32 x, i32 number) -> i32 ok as function 0.
func module(locals uint32, body []byte, maxPages uint32) []byte {
	var m wbuf
	m = append(m, 0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00)
	m.section(1, []byte{2, 0x60, 2, valI32, valI32, 1, valI32, 0x60, 3, valI32, valI32, valI32, 1, valI32})
	m.section(2, []byte{1, 3, 'e', 'n', 'v', 5, 'p', 'r', 'i', 'n', 't', 0, 1})
	m.section(3, []byte{1, 0})
	var mem wbuf
	mem.byte(1)
	mem.byte(1) // limits with a maximum
	mem.u32(0)
	mem.u32(maxPages)
	m.section(5, mem)
	m.section(7, []byte{1, 3, 'r', 'u', 'n', 0, 1})
	var fn wbuf
	fn.u32(1) // one run of locals
	fn.u32(locals)
	fn.byte(valI32)
	fn = append(fn, body...)
	fn.byte(opEnd)
	var code wbuf
	code.u32(1)
	code.u32(uint32(len(fn)))
	code = append(code, fn...)
	m.section(10, code)
	return m
}
