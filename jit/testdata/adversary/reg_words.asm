; The registers through their addresses: constant addresses, [reg+k] on
; them, inc and add of esp by address, rem by [7], and the reserved words
; 11..31 as memory.
start:
    mov ecx, 0
loop:
    mov [0], ecx
    add [1], [0]
    mov esi, 1
    inc [esi+1]
    mov [esi+2], [esi]
    prn edx
    mov edi, 20
    mov [edi-9], eax
    add [edi+11], [11]
    prn [31]
    mod [1], 7
    mov eax, [7]
    mov [esi+6], 3
    prn rem
    push 5
    inc [4]
    sub [esi+3], 1
    pop eax
    prn eax
    mov ebp, 4
    mov [ebp], esp
    prn [ebp+1]
    inc ecx
    cmp ecx, 20
    jl loop
