package debugger

import (
	"testing"

	"github.com/stretchr/testify/require"

	"cpu32/assembler"
	"cpu32/cpu"
	"cpu32/memory"
)

// The sample programs. Line numbers matter to the tests: each program's
// first line is line 1.

const fibSrc = `start:
  mov eax, 1
  mov ebx, 0
  mov ecx, 1
loop: add eax, ebx
  add ebx, eax
  prn eax
  prn ebx
  inc ecx
  cmp ecx, 15
  je end
  cmp eax, 0
  jl end
  cmp ebx, 0
  jg loop
end:
`

const factSrc = `start:
  mov eax, 5
  call fact
  prn eax
  jmp done
fact:
  cmp eax, 1
  jle base
  push eax
  dec eax
  call fact
  pop ecx
  mul eax, ecx
  ret
base:
  mov eax, 1
  ret
done:
`

const dataSrc = `section .data
count: dd 0
buf: dd 1, 2, 3
section .text
start:
  mov ecx, 0
loop:
  inc [count]
  add [buf+ecx], 10
  prc 'a'
  inc ecx
  cmp ecx, 3
  jl loop
  hlt
`

// faultSrc divides by 2, then 1, then 0, which faults on line 5 after 10
// steps.
const faultSrc = `start:
  mov eax, 10
  mov ebx, 2
loop:
  div eax, ebx
  dec ebx
  prn eax
  jmp loop
`

func newSess(t testing.TB, src string, opts ...Option) *Session {
	t.Helper()
	p, err := assembler.Assemble("prog.asm", []byte(src), assembler.Options{})
	require.NoError(t, err)
	s, err := NewSession(p, cpu.Config{Memory: 4096, Stack: 256}, opts...)
	require.NoError(t, err)
	return s
}

func reg(s *Session, r memory.Reg) int32 { return int32(s.CPU().Memory().Reg(r)) }
