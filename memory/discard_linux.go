package memory

import "syscall"

// discard zeroes a mapping by dropping its pages: the kernel frees those
// that were touched, and a later touch finds a zero page. It reports
// whether it could.
func discard(b []byte) bool { return syscall.Madvise(b, syscall.MADV_DONTNEED) == nil }
