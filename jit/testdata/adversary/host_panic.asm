; A host function that panics: a host-error fault, after a loop.
extern boom
start:
    mov ecx, 0
loop:
    inc ecx
    cmp ecx, 10
    jl loop
    call boom
