; Checked addresses kept across forward branches (arrive.go): a block
; that two ways reach, one of which moved the pointer (onto the register
; words, then past memory's end), one of which made four other groups
; (the pointer's local reused), a block after a loop whose pointer moved
; in it, a block a computed jump reaches too, with another pointer, and
; a block that a branch reaches with the pointer checked and the block
; before falls into with it moved past memory's end; a group whose range
; takes in an offset of a block after it that leaves memory; the block
; a call returns to, after the function moved the pointer onto the
; register words.
; memory 64
; stack 4
start:
    mov esi, 40
    mov ecx, 0
loop:
    mov eax, [esi]
    add eax, [esi+2]
    cmp eax, 3
    jl same
    cmp ecx, 2
    je many
    mov esi, ecx
    add esi, 3
    jmp same
many:
    mov edi, 50
    mov ebx, [edi]
    add ebx, [esi+4]
    mov ebx, [ebx+33]
    mov edx, [ebx+34]
    mov edx, [edx+35]
same:
    add [esi+1], 1
    prn [esi+1]
    mov esi, 40
    add esi, ecx
    inc ecx
    cmp ecx, 6
    jl loop
    mov edi, 40
walk:
    mov eax, [edi]
    add ebx, [edi+1]
    inc edi
    cmp eax, 0
    jne walk
    prn [edi+1]
    mov esi, 36
    mov edx, over
    mov eax, [esi]
    add eax, [esi+2]
    cmp eax, 5
    jge over
    inc eax
over:
    add [esi+1], eax
    prn [esi+1]
    cmp ecx, 7
    je done
    mov ecx, 7
    mov esi, 4
    jmp edx
done:
    mov esp, 64
    mov esi, 40
    mov ecx, 0
again:
    mov eax, [esi]
    add eax, [esi+1]
    call moves
    add [esi+1], eax
    prn [esi+1]
    inc ecx
    cmp ecx, 3
    jl again
    mov [60], 2
    mov ecx, 0
wide:
    mov esi, 58
    add esi, ecx
    mov eax, [esi]
    cmp eax, ecx
    jne far
    add [esi+1], 2
    jmp near
far:
    add [esi+4], 3
near:
    prn [esi+1]
    inc ecx
    cmp ecx, 3
    jl wide
    mov [61], 0
    mov [62], 0
    mov [63], 1
    mov ecx, 0
    mov esi, 61
tail:
    mov eax, [esi]
    add eax, [esi+1]
    cmp eax, 0
    je late
    mov esi, 63
late:
    add [esi+1], eax
    prn [esi+1]
    inc ecx
    mov esi, 62
    cmp ecx, 2
    jl tail
    hlt
moves:
    mov edx, 0
spin:
    inc edx
    cmp edx, 2
    jl spin
    mov esi, 8
    ret
section .data
    dd 1, 2, 0, 4, 5, 6, 7, 8, 9, 3, 2, 1, 0, 1
