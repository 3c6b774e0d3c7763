; rdn and rdc inside compiled loops into every kind of destination: a
; register, a word the loop keeps, the flags, memory through a register
; (and through one that lands on the register words), then eip.
; memory 120
; input "5 3 -2 7 1 4 0 9 8 6 abc 2 3 x 4 5 6"
section .data
sum:	dd 0
buf:	resd 8
section .text
start:
    mov esi, 0
loop:
    rdn eax
    add [sum], eax
    add [sum], esi
    rdn [sum]
    rdn [buf+esi]
    add eax, [buf+esi]
    prn eax
    prn [sum]
    inc esi
    cmp esi, 3
    jl loop
    rdn [8]         ; the flags: 0 is equal
    je zero
    prn 1
zero:
    rdc ebx
    rdc ebx
    prn ebx
    mov edi, 2
    rdc [edi+3]     ; lands on edx
    prn edx
    rdc [edi]       ; ecx
    rdn eax
    prn eax
    rdn eax
    add eax, 30     ; the address of ahead
    mov [buf], eax
    rdn [eip+0]     ; reads 5: not an instruction's address, faults
ahead:
    prn 2
