; mod by zero through memory, in a loop, with rem read through [7].
start:
    mov [40], 3
loop:
    mod 100, [40]
    mov eax, [7]
    prn eax
    dec [40]
    jmp loop
