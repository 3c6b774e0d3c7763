; pop into eip (written as pop [6]) of a bad value, and ret to past the end.
start:
    mov ecx, 0
loop:
    inc ecx
    push loop
    cmp ecx, 3
    jl p
    push 1000
p:
    pop [6]
