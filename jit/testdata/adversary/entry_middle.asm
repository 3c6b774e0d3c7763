; The entry point inside a loop's body: the loop is entered at start.
    mov ecx, 0
loop:
    inc ecx
start:
    add eax, ecx
    cmp ecx, 10
    jl loop
    prn eax
