; The flags word written and read through memory: mov [8], through
; [esi+k] landing on 8, popf with any word, pushf after each; every jump
; looks at the four low bits only.
start:
    mov ecx, 0
loop:
    mov eax, ecx
    mul eax, 0x11111111
    or eax, 0xFFFFFF00
    mov [8], eax
    pushf
    pop ebx
    prn ebx
    call conds
    mov esi, 3
    mov [esi+5], ecx
    call conds
    push eax
    popf
    call conds
    mov eax, [esi+5]
    prn eax
    inc ecx
    cmp ecx, 16
    jl loop
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
