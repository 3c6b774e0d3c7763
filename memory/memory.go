package memory

import (
	"errors"
	"fmt"
)

// Reg names one of the registers that live at fixed addresses of memory.
// Its value is the register's address.
type Reg uint8

// The registers, at their addresses (MACHINE.md: Memory and registers).
const (
	EAX Reg = iota
	EBX
	ECX
	EDX
	ESP
	EBP
	EIP
	REM
	FLAGS
	ESI
	EDI

	// NumRegs is how many named registers there are.
	NumRegs = 11
)

// Reserved is the number of words at the bottom of memory that belong to the
// registers and the reserved area; ordinary memory starts here.
const Reserved = 32

// DefaultSize is the memory size in words when the user does not set one.
const DefaultSize = 262144

// MaxSize bounds --memory: 2^28 words is 1 GiB of host memory, far above any
// teaching program and well below what would exhaust the machine.
const MaxSize = 1 << 28

// DisplayOrder is the order debuggers list the registers in (the terminal
// debugger's pane and the playground's): the general registers first, as a
// student reads them, then the machine's own.
var DisplayOrder = [NumRegs]Reg{EAX, EBX, ECX, EDX, ESI, EDI, ESP, EBP, EIP, REM, FLAGS}

var regNames = [NumRegs]string{"eax", "ebx", "ecx", "edx", "esp", "ebp", "eip", "rem", "flags", "esi", "edi"}

// String returns the register's assembly name, e.g. "eax".
func (r Reg) String() string {
	if int(r) < NumRegs {
		return regNames[r]
	}
	return fmt.Sprintf("reg(%d)", uint8(r))
}

// Regs lists every named register in address order.
func Regs() []Reg {
	rs := make([]Reg, NumRegs)
	for i := range rs {
		rs[i] = Reg(i)
	}
	return rs
}

// RegByName returns the register called name (lower case), if there is one.
func RegByName(name string) (Reg, bool) {
	for i, n := range regNames {
		if n == name {
			return Reg(i), true
		}
	}
	return 0, false
}

// ErrOutOfRange is wrapped by every error for an address outside memory.
var ErrOutOfRange = errors.New("memory address out of range")

// RangeError reports an access to an address outside 0 .. Size-1.
type RangeError struct {
	Addr uint32 // the address that was asked for
	Size int    // the memory's size in words
}

// Error names the address, signed as programs see it, and the valid range.
func (e *RangeError) Error() string {
	return fmt.Sprintf("address %d is outside memory (0..%d)", int32(e.Addr), e.Size-1)
}

// Unwrap lets errors.Is match ErrOutOfRange.
func (e *RangeError) Unwrap() error { return ErrOutOfRange }

// Memory is a bounds-checked array of 32-bit words.
type Memory struct {
	words  []uint32
	mapped []byte // the mapping words live in (NewLazy, a large New), or nil
}

// New returns a zeroed memory of size words. The size must hold at least the
// reserved words and at most MaxSize.
func New(size int) (*Memory, error) {
	if size < Reserved || size > MaxSize {
		return nil, fmt.Errorf("memory size %d words is outside %d..%d", size, Reserved, MaxSize)
	}
	if size*4 >= mapMin {
		return NewLazy(size)
	}
	return &Memory{words: make([]uint32, size)}, nil
}

// mapMin is the size in bytes from which New maps a memory from the kernel
// rather than taking it from the Go heap: the Go heap clears a large object
// that overlaps pages it used before, touching all of it, so now and then
// the largest memory cost its whole 1 GiB (and a fault's replay, on a
// second machine, as much again).
const mapMin = 16 << 20

// NewLazy is New for a memory that costs only the pages a program touches,
// where the system allows (Unix: a mapping of its own, whose pages come
// zeroed when first touched): making it costs a system call whatever its
// size, and Reset (on Linux) frees the pages written since, rather than
// clearing every word. It is for a host that makes many machines or resets them
// often (package vm); it reads and writes at the speed of New's. Its
// Words are valid while the Memory is reachable: the mapping is released
// when the Memory is garbage.
func NewLazy(size int) (*Memory, error) {
	if size < Reserved || size > MaxSize {
		return New(size) // New's error
	}
	words, mapped := mapWords(size)
	if words == nil {
		return &Memory{words: make([]uint32, size)}, nil
	}
	m := &Memory{words: words, mapped: mapped}
	release(m, mapped)
	return m, nil
}

// Size returns the number of words.
func (m *Memory) Size() int { return len(m.words) }

// HeapBytes returns how many bytes of the Go heap the words take: 0 for
// a memory mapped from the kernel (NewLazy, a large New).
func (m *Memory) HeapBytes() uint64 {
	if m.mapped != nil {
		return 0
	}
	return 4 * uint64(len(m.words))
}

// Load returns the word at addr.
func (m *Memory) Load(addr uint32) (uint32, error) {
	if uint64(addr) >= uint64(len(m.words)) {
		return 0, &RangeError{Addr: addr, Size: len(m.words)}
	}
	return m.words[addr], nil
}

// Store writes v at addr.
func (m *Memory) Store(addr, v uint32) error {
	if uint64(addr) >= uint64(len(m.words)) {
		return &RangeError{Addr: addr, Size: len(m.words)}
	}
	m.words[addr] = v
	return nil
}

// Reg returns a register's value; registers are always in range.
func (m *Memory) Reg(r Reg) uint32 { return m.words[r] }

// SetReg sets a register's value.
func (m *Memory) SetReg(r Reg, v uint32) { m.words[r] = v }

// Words exposes the backing array to the interpreter's hot loop, which does
// its own bounds checks; other users should prefer Load and Store. The
// slice is valid while m is reachable: a large memory is not in the Go
// heap, and is released with m.
func (m *Memory) Words() []uint32 { return m.words }

// Reset zeroes every word. A lazy memory (NewLazy) costs the pages
// written since it was made or last reset.
func (m *Memory) Reset() {
	if m.mapped == nil || !discard(m.mapped) {
		clear(m.words)
	}
}
