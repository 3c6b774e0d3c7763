; rdn meets text that is not a number, then one out of range.
; input "5 6 x 7"
start:
    mov ecx, 0
loop:
    rdn [40+ecx]
    inc ecx
    cmp ecx, 10
    jl loop
