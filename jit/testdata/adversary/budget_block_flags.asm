; A block that tests the budget at its start, entered by jumps from two
; places with the flags as popf left them (any word), right after a block
; that ends on a cmp: where the test fails, the flags written back are the
; ones that reach the block, not the block before's cmp.
start:
    mov ecx, 0
top:
    mov eax, ecx
    mul eax, 0x01010101
    push eax
    popf
    test ecx, 1
    jz even
    push eax
    popf
    jmp target
even:
    push ecx
    popf
    jmp target
mid:
    cmp ecx, 3
    jl top
target:
    pushf
    pop ebx
    prn ebx
    inc ecx
    cmp ecx, 12
    jl top
    cmp ecx, 40
    jl mid
