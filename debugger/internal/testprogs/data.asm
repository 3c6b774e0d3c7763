section .data
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
