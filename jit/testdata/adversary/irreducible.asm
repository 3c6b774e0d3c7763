; Jumps into the middle of loops from outside, and loops that cross.
start:
    mov ecx, 0
    cmp eax, 0
    je into
a:
    inc eax
into:
    add ebx, eax
    inc ecx
    cmp ecx, 20
    jl a
    mov ecx, 0
b:
    inc ecx
c:
    add edx, ecx
    cmp edx, 50
    jl b
    cmp ecx, 30
    jge out
    test ecx, 1
    jne b
    inc ecx
    jmp c
out:
    prn ebx
    prn edx
    mov ecx, 0
x:
    inc ecx
    cmp ecx, 5
    je y2
y:
    add edi, ecx
    cmp ecx, 10
    jl x
    jmp z
y2:
    add edi, 100
    jmp y
z:
    prn edi
