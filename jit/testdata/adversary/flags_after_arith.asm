; Arithmetic leaves the flags of the last cmp alone; a branch long after
; the cmp and after writes of other registers, flags read in between.
start:
    mov ecx, 0
loop:
    cmp ecx, 7
    add ecx, 1
    sub eax, ecx
    mul eax, 3
    xor ebx, eax
    mov edx, [8]
    prn edx
    jl loop
    cmp ecx, 0x80000000
    jb loop2
    prn 1
loop2:
    test ecx, 0
    jne loop
    prn ecx
