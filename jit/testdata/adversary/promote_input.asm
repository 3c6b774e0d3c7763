; Kept words (promote.go) read by rdn and rdc in their loop.
; input "1\n2\n3\n4\n5\n6\n"
section .data
cnt: dd 0
sum: dd 0
x: dd 0
section .text
start: mov ecx, 0
l: rdn [x]
  add [sum], [x]
  rdc [cnt]
  add [sum], [cnt]
  inc ecx
  cmp ecx, 5
  jl l
  prn [sum]
  prn [cnt]
  prn [x]
