; A group's check on reg+lo less the first ordinary word, that difference
; kept as the address (addr.go): an index that wraps below an array's
; start to the reserved words and to the register words, a displacement
; that wraps past 2^32 to an ordinary word, the first ordinary word and
; the one below it, the last word of memory and the one past it (a fault,
; after the words before it were written).
; memory 64
; stack 4
start:
    mov ecx, -29
low:
    mov eax, [arr+ecx]
    prn eax
    add [arr+ecx], ecx
    inc ecx
    cmp ecx, 3
    jl low
    mov esi, 4294967295
    mov [esi+34], 7
    add [esi+35], [esi+34]
    prn [34]
    mov esi, 30
    mov [esi+2], 9
    add [esi+3], [esi+2]
    prn [33]
    mov esi, 31
    mov [esi], 5
    prn [31]
    mov edi, 58
high:
    mov [edi], edi
    add [edi+2], [edi+1]
    prn [edi+2]
    inc edi
    jmp high
section .data
    dd 1, 2, 3, 4, 5
arr: dd 10, 20, 30, 40
