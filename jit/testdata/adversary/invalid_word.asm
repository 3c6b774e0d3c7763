; An invalid instruction word reached through a computed jump into data
; laid out in code? Code holds only instructions, so an invalid word is
; reached from a raw program; here a jump into the middle faults instead.
start:
    mov ecx, 10
loop:
    dec ecx
    cmp ecx, 0
    jne loop
    mov eax, loop
    add eax, 1
    call eax
