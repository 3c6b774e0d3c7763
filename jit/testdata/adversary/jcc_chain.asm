; Conditional jumps one after another on one compare (a block entered only
; by falling from the one before keeps what it knew of the flags), after
; cmp, after test and after popf (any word); the steps cut between them.
section .data
vals: dd 0, 1, -1, 0x7FFFFFFF, 0x80000000, 0x80000001, -2, 12
section .text
start:
    mov esi, 0
outer:
    mov edi, 0
inner:
    mov eax, [vals+esi]
    mov ebx, [vals+edi]
    mov edx, 0
    cmp eax, ebx
    je e1
    jl l1
    jb b1
    jo o1
    js s1
    add edx, 1
    jmp next
e1: add edx, 2
    jmp next
l1: add edx, 4
    jmp next
b1: add edx, 8
    jmp next
o1: add edx, 16
    jmp next
s1: add edx, 32
next:
    test eax, ebx
    jz z2
    js s2
    jo o2
    add edx, 64
    jmp tail
z2: add edx, 128
    jmp tail
s2: add edx, 256
    jmp tail
o2: add edx, 512
tail:
    push eax
    popf
    jbe be3
    jg g3
    jno no3
    add edx, 1024
    jmp done
be3: add edx, 2048
    jmp done
g3: add edx, 4096
    jmp done
no3: add edx, 8192
done:
    prn edx
    inc edi
    cmp edi, 8
    jl inner
    inc esi
    cmp esi, 8
    jl outer
