; The output limit reached in the middle of a block of prn and prc of
; characters of 1 to 4 bytes.
; max-output 100
start:
    mov ecx, 0
loop:
    prn ecx
    prc 'a'
    prc 233
    prc 8364
    prc 0x1F600
    prc 10
    inc ecx
    jmp loop
