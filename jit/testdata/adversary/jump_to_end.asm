; Jumps to the end of the code, constant and computed, from inside a loop.
start:
    mov ecx, 0
loop:
    inc ecx
    cmp ecx, 5
    je fin
    cmp ecx, 100
    je theend
    jmp loop
fin:
    mov eax, theend
    jmp eax
theend:
