; call through a register, memory and [reg+k]; call to a bad target.
section .data
fns: dd f1, f2
section .text
start:
    mov ecx, 0
loop:
    mov eax, f1
    call eax
    call [fns+1]
    mov esi, 0
    call [fns+esi]
    inc ecx
    cmp ecx, 3
    jl loop
    mov eax, 9999
    call eax
f1: add ebx, 1
    prn ebx
    ret
f2: add ebx, 100
    ret
