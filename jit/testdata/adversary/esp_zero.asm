; esp = 0: a push's slot wraps around (memory-out-of-range).
start:
    mov ecx, 3
loop:
    dec ecx
    cmp ecx, 0
    jne loop
    mov esp, 0
    push 1
