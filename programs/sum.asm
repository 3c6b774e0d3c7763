; Sums an array with an indexed memory operand [nums+ecx] and shows signed
; versus unsigned comparison.
section .data
nums:   dd 5, -3, 12, 40, 7
count:  dd 5
total:  resd 1

section .text
start:  mov ecx, 0
        mov eax, 0
again:  add eax, [nums+ecx]
        inc ecx
        cmp ecx, [count]
        jl again
        mov [total], eax
        prn [total]             ; 61
        mov ebx, -1
        cmp ebx, 0
        jl negative             ; signed: -1 < 0, taken
        prn 0
negative:
        cmp ebx, 0
        ja huge                 ; unsigned: 0xFFFFFFFF > 0, taken
        prn 0
huge:   prn ebx
