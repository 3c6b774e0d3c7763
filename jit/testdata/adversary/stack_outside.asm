; esp moved outside the stack: add esp after a call as on x86, then push
; and pop and ret fault with explanations.
; stack 8
start:
    mov ecx, 0
loop:
    push ecx
    call f
    add esp, 4
    inc ecx
    cmp ecx, 3
    jl loop
f:
    ret
