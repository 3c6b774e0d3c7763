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
%include "conds.inc"
