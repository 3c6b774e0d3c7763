package image

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestDataName(t *testing.T) {
	d := &Debug{Labels: []Label{{Name: "main", Value: 0}, {Name: "nums", Value: 32, Data: true},
		{Name: "also", Value: 32, Data: true}, {Name: "len", Value: 35, Data: true}}}
	for addr, want := range map[uint32]string{32: "nums", 33: "nums+1", 34: "nums+2", 35: "len", 36: "len+1", 0: "", 8: "", 37: ""} {
		got, ok := d.DataName(addr, 5)
		require.Equal(t, want, got, addr)
		require.Equal(t, want != "", ok, addr)
	}
	_, ok := (*Debug)(nil).DataName(32, 5)
	require.False(t, ok)
}
