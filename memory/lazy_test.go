package memory

import (
	"runtime"
	"testing"

	"github.com/stretchr/testify/require"
)

// A lazy memory reads and writes as New's does, starts zeroed, and Reset
// zeroes every word written, however far apart; its sizes are checked as
// New's are.
func TestLazy(t *testing.T) {
	for _, size := range []int{Reserved + 1, 64, DefaultSize, 1 << 22} {
		m, err := NewLazy(size)
		require.NoError(t, err)
		require.Equal(t, size, m.Size())
		if runtime.GOOS == "linux" {
			require.NotNil(t, m.mapped, "mapped of its own")
		}
		last := uint32(size - 1)
		for i, w := range m.Words() {
			if w != 0 {
				t.Fatalf("size %d: word %d is %d when made", size, i, w)
			}
		}
		for _, a := range []uint32{0, Reserved, last / 2, last} {
			require.NoError(t, m.Store(a, a+1))
			v, err := m.Load(a)
			require.NoError(t, err)
			require.Equal(t, a+1, v)
		}
		_, err = m.Load(last + 1)
		require.ErrorIs(t, err, ErrOutOfRange)
		m.Reset()
		for i, w := range m.Words() {
			if w != 0 {
				t.Fatalf("size %d: word %d is %d after Reset", size, i, w)
			}
		}
		require.NoError(t, m.Store(last, 9), "usable after Reset")
		w, _ := m.Load(last)
		require.Equal(t, uint32(9), w)
	}
	_, err := NewLazy(Reserved - 1)
	require.EqualError(t, err, "memory size 31 words is outside 32..268435456")
}

// HeapBytes counts the words a memory keeps on the Go heap: all of a small
// one's, none of one mapped from the kernel (on Linux, a New of 16 MB or
// more), which a run's collector must not count as garbage room.
func TestHeapBytes(t *testing.T) {
	for _, tc := range []struct {
		size   int
		lazy   bool
		mapped bool // on Linux
	}{{64, false, false}, {DefaultSize, false, false}, {1 << 22, false, true}, {64, true, true}} {
		m, err := New(tc.size)
		if tc.lazy {
			m, err = NewLazy(tc.size)
		}
		require.NoError(t, err)
		want := 4 * uint64(tc.size)
		if tc.mapped && runtime.GOOS == "linux" {
			want = 0
		}
		require.Equal(t, want, m.HeapBytes(), "size %d, lazy %v", tc.size, tc.lazy)
	}
}
