; push esp, pop esp, pop [esp], push [esp], pop [esp+1] and [esp-1].
; stack 8
start:
    push esp
    pop eax
    prn eax
    push 5
    push esp
    pop esp
    prn esp
    push 1
    push 2
    pop [esp]
    prn [esp]
    push [esp]
    pop [esp+1]
    pop [esp-1]
    prn esp
    prn [esp-2]
    mov ecx, 0
loop:
    push esp
    inc ecx
    cmp ecx, 100
    jl loop
