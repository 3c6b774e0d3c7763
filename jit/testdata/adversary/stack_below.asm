; esp moved below the stack's top: a push overflows.
; stack 8
start:
    mov ecx, 0
loop:
    sub esp, 3
    push ecx
    inc ecx
    jmp loop
