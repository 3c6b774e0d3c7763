; Constant addresses (checked by wasm through one base a block, after a
; probe at the region's highest one): the last word of memory, words
; also reached through [esi+k], the flags word and the registers' words,
; in blocks that several branches reach; a divide-by-zero fault between
; two of them in one block, so that the interpreter finishes the block.
; memory 16384
; stack 8
start:
    mov ecx, 0
    mov [16383], 5
loop:
    mov eax, ecx
    and eax, 3
    cmp eax, 2
    jb low
    add [16300], ecx
    mov esi, 16295
    add [esi+5], 1        ; word 100 again
    jmp join
low:
    sub [16301], ecx
    mov [8], ecx          ; the flags word
join:
    mov ebx, [16300]
    add ebx, [16301]
    xor [16383], ebx
    mov edx, [16383]
    prn edx
    pushf
    pop edi
    prn edi
    mov [2], ebx          ; ecx's word: the register itself
    mov ecx, [2]
    sub ecx, ebx
    add ecx, [esp-1]      ; the pushed flags, below esp
    sub ecx, edi
    mov ecx, [16375]        ; the loop count, kept in memory
    inc ecx
    mov [16375], ecx
    cmp ecx, 40
    jl loop
    mov edi, [16382]
    mov eax, 7
    div eax, edi          ; edi is 0: the fault, mid-block
    mov [16382], eax
    prn [16382]
