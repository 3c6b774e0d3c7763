; Forward conditional branches (an if on the negated condition, the
; branch in its else) after cmp, after test, and after flags written as a
; word (popf, mov [8]: the negation is then of the computed bit); the
; flags read after them by pushf and through word 8, which the branch
; must leave as the last cmp set them; joins reached by several branches;
; then conditional jumps one after another on one compare (a block
; entered only by falling from the one before keeps what it knew of the
; flags), after cmp, test and popf.
start:
    mov esi, 0
outer:
    mov edi, 0
inner:
    mov eax, [vals+esi]
    mov ebx, [vals+edi]
    mov edx, 0
    cmp eax, ebx
    jl f1
    or edx, 1
f1: jae f2
    or edx, 2
f2: js f3
    or edx, 4
f3: jo f4
    or edx, 8
f4: pushf
    pop ecx
    add edx, ecx
    add edx, [8]
    test eax, ebx
    jz f5
    or edx, 16
f5: jns f5b
    or edx, 32
f5b: jg f6
    jle f6
    or edx, 64            ; never: one of jg and jle is taken
f6: push eax
    popf
    jno f7
    or edx, 128
f7: jbe f8
    or edx, 256
f8: mov [8], ebx
    je f9
    or edx, 512
f9: jl f10
    or edx, 1024
f10: prn edx
    prn [8]
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
section .data
vals: dd 0, 1, -1, 0x7FFFFFFF, 0x80000000, 0x80000001, -2, 12
