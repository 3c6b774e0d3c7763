//go:build !unix

package memory

// alloc returns size zero words for m.
func (m *Memory) alloc(size int) []uint32 { return make([]uint32, size) }
