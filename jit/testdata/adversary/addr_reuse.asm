; The same register-relative operand again in a block, after its register
; changed or not: compiled code keeps a checked address for reuse and must
; drop it when the register is written (inc, mov, pop, push, a mul into
; it), and must still check where the register now points: the last word
; of memory (63), word 11, the register words below it, and an address
; that wraps past 2^32 to land in memory again.
; memory 64
; stack 4
start:
    mov ecx, 0
loop:
    mov esi, 61
    mov eax, [esi+1]
    add eax, [esi+1]
    inc [esi+1]
    mov [esi+2], eax
    inc esi
    add [esi+1], [esi+1]
    prn [esi+1]
    mov edi, 11
    inc [edi]
    mov ebx, [edi]
    mov edi, 12
    add ebx, [edi]
    dec edi
    add [edi], ebx
    mov edi, 4294967295
    mov [edi+13], ecx
    inc [edi+13]
    prn [12]
    push esi
    mov esi, 50
    mov [esi], ecx
    pop esi
    add [esi], 1
    mov esi, 20
    mov [esi], 7
    mul esi, 3
    mov [esi], [20]
    prn [60]
    mov esi, 11
    inc [esi]
    dec esi
    inc [esi]
    prn edi
    inc ecx
    cmp ecx, 12
    jl loop
    mov esi, 63
    inc [esi]
    inc esi
    inc [esi-1]
    inc [esi]
