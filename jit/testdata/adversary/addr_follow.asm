; A group of operands through one register reaches into the blocks that
; only the block before falls into: the register written in between, in
; the block or in the next; an operand of the next block out of memory
; while the branch before it is taken (the group's check fails, and the
; interpreter runs the block exactly) and then not taken (a fault).
; memory 64
; stack 4
start:
    mov esi, 40
    mov ecx, 0
loop:
    mov eax, [esi]
    cmp eax, [esi+1]
    jbe keep
    mov [esi+2], eax
    inc esi
    add [esi], 3
keep:
    mov ebx, [esi-1]
    cmp ebx, 9
    ja far
    add [esi+1], ebx
    mov [esi-1], ecx
far:
    inc ecx
    cmp ecx, 16
    jl loop
    mov esi, 50
    mov ecx, 0
tail:
    mov eax, [esi]
    cmp ecx, 20
    jb out
    mov eax, [esi+20]
    prn eax
out:
    inc ecx
    jmp tail
