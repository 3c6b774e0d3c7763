; Loops nested 14 deep (past the compiler's entry depth), the innermost
; left and re-entered through a computed jump, a call and a ret.
; max-steps 300000
section .data
ctr: resd 16
section .text
start:
    mov [ctr+0], 0
l0:
    mov [ctr+1], 0
l1:
    mov [ctr+2], 0
l2:
    mov [ctr+3], 0
l3:
    mov [ctr+4], 0
l4:
    mov [ctr+5], 0
l5:
    mov [ctr+6], 0
l6:
    mov [ctr+7], 0
l7:
    mov [ctr+8], 0
l8:
    mov [ctr+9], 0
l9:
    mov [ctr+10], 0
l10:
    mov [ctr+11], 0
l11:
    mov [ctr+12], 0
l12:
    mov [ctr+13], 0
l13:
    inc eax
    mov ebx, back
    jmp ebx
    prn -1
back:
    call f
    test eax, 255
    jne skip
    prn eax
skip:
    inc [ctr+13]
    cmp [ctr+13], 2
    jl l13
    inc [ctr+12]
    cmp [ctr+12], 2
    jl l12
    inc [ctr+11]
    cmp [ctr+11], 2
    jl l11
    inc [ctr+10]
    cmp [ctr+10], 2
    jl l10
    inc [ctr+9]
    cmp [ctr+9], 2
    jl l9
    inc [ctr+8]
    cmp [ctr+8], 2
    jl l8
    inc [ctr+7]
    cmp [ctr+7], 2
    jl l7
    inc [ctr+6]
    cmp [ctr+6], 2
    jl l6
    inc [ctr+5]
    cmp [ctr+5], 2
    jl l5
    inc [ctr+4]
    cmp [ctr+4], 2
    jl l4
    inc [ctr+3]
    cmp [ctr+3], 2
    jl l3
    inc [ctr+2]
    cmp [ctr+2], 2
    jl l2
    inc [ctr+1]
    cmp [ctr+1], 2
    jl l1
    inc [ctr+0]
    cmp [ctr+0], 2
    jl l0
    prn eax
    hlt
f:
    add edx, eax
    ret
