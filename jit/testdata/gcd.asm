# sum of gcd(i, j) for 1 <= i, j < 600
start:
    mov esi, 0
    mov ecx, 1
oi:
    mov edx, 1
oj:
    mov eax, ecx
    mov ebx, edx
euclid:
    cmp ebx, 0
    je gdone
    mod eax, ebx
    mov eax, ebx
    rem ebx
    jmp euclid
gdone:
    add esi, eax
    inc edx
    cmp edx, 600
    jl oj
    inc ecx
    cmp ecx, 600
    jl oi
    prn esi
