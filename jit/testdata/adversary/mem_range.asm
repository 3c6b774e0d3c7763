; Memory out of range in the middle of a block: [esi+k] walking off the
; end, then below 0.
; memory 64
; stack 4
start:
    mov esi, 40
loop:
    mov [esi+10], esi
    inc esi
    jmp loop
