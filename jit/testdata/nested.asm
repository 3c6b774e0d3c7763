start:
    mov esi, 0
    mov ecx, 0
l1:
    mov edx, 0
l2:
    mov ebx, 0
l3:
    mov eax, ecx
    mul eax, edx
    add eax, ebx
    mod eax, 7
    rem eax
    add esi, eax
    inc ebx
    cmp ebx, 200
    jl l3
    inc edx
    cmp edx, 200
    jl l2
    inc ecx
    cmp ecx, 100
    jl l1
    prn esi
