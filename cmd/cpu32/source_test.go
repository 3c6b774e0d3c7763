package main

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// The fault line and the trace show instructions as the source wrote them,
// from a .asm file and from its image alike.
func TestFaultReadsLikeTheSource(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	writeFile(t, filepath.Join(dir, "f.asm"), "section .data\nvals: dd 4, 0\nlen: dd 2\nsection .text\n"+
		"start: mov ecx, 0\n  mov eax, 100\nagain: div   eax, [vals+ecx]   ; divide\n  inc ecx\n  cmp ecx, [len]\n  jl again\n")
	want := "fault: divide-by-zero at f.asm:7 (eip 6): div eax, [vals+ecx]\n" +
		"eax=25 ebx=0 ecx=1 edx=0 esp=262144 ebp=262144 eip=6 rem=0 flags=10 esi=0 edi=0\n  division by zero\n"
	require.Equal(t, result{"", want, exitFault}, cli(t, "run", "f.asm"))
	require.Equal(t, exitOK, cli(t, "asm", "f.asm", "-o", "f.img").code)
	require.Equal(t, result{"", want, exitFault}, cli(t, "run", "f.img"))

	r := cli(t, "run", "--trace", "f.img")
	require.Equal(t, "    step  line      eip  instruction          effect\n"+
		"       1  f.asm:5     0  mov ecx, 0           ecx 0 -> 0\n"+
		"       2  f.asm:6     3  mov eax, 100         eax 0 -> 100\n"+
		"       3  f.asm:7     6  div eax, [vals+ecx]  eax 100 -> 25\n"+
		"       4  f.asm:8     9  inc ecx              ecx 0 -> 1\n"+
		"       5  f.asm:9    11  cmp ecx, [len]       flags (none) -> SF CF\n"+
		"       6  f.asm:10   14  jl again             taken, eip -> 6 (again)\n"+
		"       7  f.asm:7     6  div eax, [vals+ecx]  fault: divide-by-zero\n"+want, r.stderr)
}
