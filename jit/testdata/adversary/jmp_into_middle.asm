; jmp eax into the middle of an instruction, from inside a loop.
start:
    mov ecx, 5
loop:
    mov eax, target
    dec ecx
    cmp ecx, 0
    jg loop
    inc eax
    jmp eax
target:
    mov ebx, 77
    prn ebx
