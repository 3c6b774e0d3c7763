; Kept words (promote.go) in a loop that calls the host, which writes
; one of them in memory.
; memory 256
; stack 16
extern poke
section .data
cnt: dd 0
sum: dd 0
x: dd 0
section .text
start: mov ecx, 0
l: inc [cnt]
  add [sum], [cnt]
  xor [x], [sum]
  push [sum]
  push cnt
  call poke          ; [cnt] = sum, by the host
  add esp, 2
  add [x], [cnt]
  inc ecx
  cmp ecx, 10
  jl l
  prn [sum]
  prn [cnt]
  prn [x]
