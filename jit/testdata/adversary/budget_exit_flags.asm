; Budget tests on loops' edges where the exit writes back the flags and
; the registers: loops whose back edges run with the flags from cmp, from
; test, from popf (any word) and from a write of word 8, and with
; registers written just before the edge; the steps cut at every place,
; the flags read after by pushf.
start:
    mov ecx, 0
    mov edx, 0x55AA
a:  inc ecx
    add edx, ecx
    cmp ecx, 30
    jl a                  ; the edge after cmp
b:  push edx
    popf                  ; the flags are any word
    inc ecx
    xor edx, ecx
    mov eax, ecx
    and eax, 7
    jmp c
c:  dec eax
    push eax
    popf
    jnz c2
    jmp d
c2: test eax, 1
    jmp c                 ; the edge after test
d:  mov [8], ecx          ; the flags word written
    inc ebx
    cmp ecx, 60
    jb b
    pushf
    pop esi
    prn esi
    prn edx
    prn ebx
