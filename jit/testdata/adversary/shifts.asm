; shl and shr by counts 0..70 and by -1: the count is taken mod 32.
start:
    mov ecx, -1
loop:
    mov eax, 0x80000001
    shl eax, ecx
    mov ebx, 0x80000001
    shr ebx, ecx
    mov edx, -1
    shr edx, ecx
    prn eax
    prn ebx
    prn edx
    inc ecx
    cmp ecx, 70
    jl loop
