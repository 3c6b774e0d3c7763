; A 1,000,000-iteration loop that does nothing: the interpreter's speed test
; (rubycpu's noop.asm, plus a prn so the result can be checked).
  mov eax, 0

loop:
  nop
  inc eax
  cmp eax, 1000000
  jl loop
  prn eax
