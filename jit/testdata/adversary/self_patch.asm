; A jump table patched at run time: each turn the loop writes the next
; target into the table it jumps through, and at last the end of the code.
section .data
tbl: dd t1
section .text
start:
    mov ecx, 0
loop:
    inc ecx
    jmp [tbl]
t1: mov [tbl], t2
    add eax, 1
    jmp loop
t2: mov [tbl], t3
    add eax, 10
    jmp loop
t3: mov [tbl], t1
    add eax, 100
    cmp ecx, 40
    jl loop
    prn eax
    mov [tbl], theend
    jmp [tbl]
theend:
