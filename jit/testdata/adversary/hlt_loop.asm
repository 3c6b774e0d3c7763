; hlt in the middle of a loop's block.
start:
    mov ecx, 0
loop:
    inc ecx
    cmp ecx, 50
    jl loop
    add eax, ecx
    hlt
    prn eax
