start:
    mov eax, 2463534242
    mov ecx, 0
    mov edi, 0
loop:
    mov ebx, eax
    shl ebx, 13
    xor eax, ebx
    mov ebx, eax
    shr ebx, 17
    xor eax, ebx
    mov ebx, eax
    shl ebx, 5
    xor eax, ebx
    mov edx, eax
    and edx, 255
    add edi, edx
    inc ecx
    cmp ecx, 2000000
    jl loop
    prn edi
