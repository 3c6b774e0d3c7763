; div and mod by a divisor that reaches zero in the middle of a block.
start:
    mov ecx, 5
    mov eax, 1000
loop:
    mov ebx, 100
    mod ebx, ecx
    rem edx
    prn edx
    div eax, ecx
    prn eax
    mov eax, 0x80000000
    div eax, ecx
    prn eax
    mov eax, -1
    mod eax, ecx
    rem eax
    dec ecx
    jmp loop
