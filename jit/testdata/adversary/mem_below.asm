; A negative displacement below address 0 (wraps to a huge address).
start:
    mov esi, 5
loop:
    mov eax, [esi-3]
    prn eax
    dec esi
    jmp loop
