; rdn meets a number out of range after a few good ones.
; input "1 2 3 99999999999 4"
start:
loop:
    rdn eax
    prn eax
    jmp loop
