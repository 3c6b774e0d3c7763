; Writes of eip: mov [6], add [6] (skips), through [ebx+4] with ebx = 2,
; pop into [6], and a write of a bad value at the end.
start:
    mov ecx, 0
loop:
    mov eip, body
    prn -1
body:
    add [6], 5       ; eip is this add's address: skips prn -2 below
    prn -2
    prn -3
    mov ebx, 2
    mov eax, cont
    mov [ebx+4], eax
    prn -4
cont:
    push after
    pop [6]
    prn -5
after:
    inc ecx
    cmp ecx, 3
    jl loop
    prn ecx
    mov ebx, 1
    mov eax, 100000
    mov [ebx+5], eax
