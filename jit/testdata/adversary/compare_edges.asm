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
conds:
    mov edx, 0
    je c1
    or edx, 1
c1: jne c2
    or edx, 2
c2: jl c3
    or edx, 4
c3: jle c4
    or edx, 8
c4: jg c5
    or edx, 16
c5: jge c6
    or edx, 32
c6: jb c7
    or edx, 64
c7: jbe c8
    or edx, 128
c8: ja c9
    or edx, 256
c9: jae c10
    or edx, 512
c10: js c11
    or edx, 1024
c11: jns c12
    or edx, 2048
c12: jo c13
    or edx, 4096
c13: jno c14
    or edx, 8192
c14: prn edx
    ret
