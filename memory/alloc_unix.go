//go:build unix

package memory

import (
	"runtime"
	"syscall"
	"unsafe"
)

// mapMin is the size in bytes from which words maps a memory from the
// kernel rather than taking it from the Go heap.
const mapMin = 16 << 20

// alloc returns size zero words for m. A large memory is mapped from the
// kernel: its pages cost nothing until the program uses them. The Go heap
// clears a large object that overlaps pages it used before, touching all
// of it: now and then the largest memory cost its whole 1 GiB (and a
// fault's replay, on a second machine, as much again). The mapping is
// released once m is unreachable: whoever uses the words (Words) holds m
// too, as a CPU does.
func (m *Memory) alloc(size int) []uint32 {
	if size*4 < mapMin {
		return make([]uint32, size)
	}
	b, err := syscall.Mmap(-1, 0, size*4, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_PRIVATE|syscall.MAP_ANON)
	if err != nil {
		return make([]uint32, size)
	}
	runtime.AddCleanup(m, func(b []byte) { syscall.Munmap(b) }, b)
	return unsafe.Slice((*uint32)(unsafe.Pointer(&b[0])), size)
}
