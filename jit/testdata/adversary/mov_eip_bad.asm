; A write of eip to the middle of an instruction, through a memory
; operand in a loop: the interpreter's fault at that write.
start:
    mov ecx, 0
loop:
    inc ecx
    mov eax, ecx
    add eax, loop
    inc eax
    mov [40], eax
    cmp ecx, 2
    jl loop
    mov eip, [40]
