; A host function may not write eip: host-error, nothing changed.
extern poke
start:
    mov ecx, 3
loop:
    dec ecx
    cmp ecx, 0
    jne loop
    push 0
    push 6
    call poke
