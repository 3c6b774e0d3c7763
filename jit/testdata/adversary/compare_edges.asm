; cmp and test of the edge values against each other, every jump after
; each, the flags word after each.
section .data
vals: dd 0, 1, -1, 0x7FFFFFFF, 0x80000000, 0x80000001, -2, 2
section .text
start:
    mov esi, 0
outer:
    mov edi, 0
inner:
    mov eax, [vals+esi]
    mov ebx, [vals+edi]
    cmp eax, ebx
    call conds
    pushf
    pop edx
    prn edx
    test eax, ebx
    call conds
    pushf
    prn [esp]
    add esp, 1
    inc edi
    cmp edi, 8
    jl inner
    inc esi
    cmp esi, 8
    jl outer
    hlt
%include "conds.inc"
