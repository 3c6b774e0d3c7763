//go:build !linux

package memory

// discard reports that it cannot drop a mapping's pages here: only Linux
// promises that a page dropped with MADV_DONTNEED reads as zero again.
func discard([]byte) bool { return false }
