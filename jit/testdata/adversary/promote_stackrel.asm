; Kept words (promote.go) reached through esp and ebp far below the
; stack, in the loop that keeps them.
; memory 256
; stack 16
section .data
cnt: dd 0
sum: dd 0
x: dd 0
section .text
start: mov ecx, 0
l: inc [cnt]
  add [sum], [cnt]
  xor [x], [sum]
  push ecx
  add [esp-208], 5        ; 255-208 = 47? below: reaches data
  mov eax, [esp-222]      ; 33: sum
  add [x], eax
  mov [esp-223], ecx      ; 32: cnt
  pop edx
  inc ecx
  cmp ecx, 10
  jl l
  prn [sum]
  prn [cnt]
  prn [x]
  mov ecx, 0
  mov ebp, esp
l2: inc [cnt]
  add [sum], [cnt]
  xor [x], [sum]
  add [ebp-222], 3      ; 34: x
  mov [ebp-223], [x]    ; 33
  inc ecx
  cmp ecx, 10
  jl l2
  prn [sum]
  prn [cnt]
  prn [x]
