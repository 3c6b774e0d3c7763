//go:build unix

package memory

import (
	"runtime"
	"syscall"
	"unsafe"
)

// mapWords returns size zeroed words in a private anonymous mapping of
// their own, whose pages the kernel provides when first touched, and the
// mapping; or nil when the system refuses it.
func mapWords(size int) ([]uint32, []byte) {
	b, err := syscall.Mmap(-1, 0, size*4, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_PRIVATE|syscall.MAP_ANON)
	if err != nil {
		return nil, nil
	}
	return unsafe.Slice((*uint32)(unsafe.Pointer(unsafe.SliceData(b))), size), b
}

// release gives m's mapping back to the system once m is unreachable.
func release(m *Memory, b []byte) {
	runtime.AddCleanup(m, func(b []byte) { _ = syscall.Munmap(b) }, b)
}
