package memory

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestBoundsAreErrorsNotPanics(t *testing.T) {
	m, err := New(64)
	require.NoError(t, err)
	for _, tc := range []struct {
		addr uint32
		ok   bool
	}{{0, true}, {63, true}, {64, false}, {0xFFFFFFFF, false}} {
		err := m.Store(tc.addr, 7)
		_, lerr := m.Load(tc.addr)
		if tc.ok {
			require.NoError(t, err)
			require.NoError(t, lerr)
			continue
		}
		require.True(t, errors.Is(err, ErrOutOfRange))
		require.True(t, errors.Is(lerr, ErrOutOfRange))
	}
	_, err = m.Load(64)
	require.EqualError(t, err, "address 64 is outside memory (0..63)")
	_, err = m.Load(0xFFFFFFFF)
	require.EqualError(t, err, "address -1 is outside memory (0..63)")
}

func TestSizeLimits(t *testing.T) {
	for _, size := range []int{0, Reserved - 1, MaxSize + 1} {
		_, err := New(size)
		require.Error(t, err, "size %d", size)
	}
	m, err := New(Reserved)
	require.NoError(t, err)
	require.Equal(t, Reserved, m.Size())
}

func TestRegisterMap(t *testing.T) {
	want := []string{"eax", "ebx", "ecx", "edx", "esp", "ebp", "eip", "rem", "flags", "esi", "edi"}
	for i, name := range want {
		r, ok := RegByName(name)
		require.True(t, ok, name)
		require.Equal(t, Reg(i), r, "%s lives at address %d", name, i)
		require.Equal(t, name, r.String())
	}
	_, ok := RegByName("eflags")
	require.False(t, ok)
	m, _ := New(Reserved)
	m.SetReg(EBX, 13)
	v, _ := m.Load(1)
	require.Equal(t, uint32(13), v, "mov [1], 13 and mov ebx, 13 are the same word")
}

// The largest memory is zero, and its every word can be written and read
// back (it is mapped from the kernel, not taken from the Go heap).
func TestLargestMemory(t *testing.T) {
	m, err := New(MaxSize)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range []uint32{0, 1 << 20, MaxSize - 1} {
		if v, err := m.Load(a); err != nil || v != 0 {
			t.Fatalf("[%d] = %d, %v before any store", a, v, err)
		}
		if err := m.Store(a, a+7); err != nil {
			t.Fatal(err)
		}
		if v, _ := m.Load(a); v != a+7 {
			t.Fatalf("[%d] = %d after storing %d", a, v, a+7)
		}
	}
	if err := m.Store(MaxSize, 1); err == nil {
		t.Fatal("a store past the end")
	}
}
