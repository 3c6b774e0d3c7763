; Computed jumps: through a register to the next instruction of a loop
; body, to a table of labels, to the end of the code, then into the middle
; of an instruction.
section .data
table: dd l0, l1, l2, l3
section .text
start:
    mov ecx, 0
    mov esi, 0
top:
    mov eax, ecx
    and eax, 3
    jmp [table+eax]
l0: add esi, 1
l1: add esi, 10
l2: add esi, 100
l3: add esi, 1000
    mov ebx, mid
    jmp ebx
    prn -1
mid:
    inc ecx
    cmp ecx, 9
    jl top
    prn esi
    mov edx, bad
    inc edx
    cmp esi, 0
    jg last
    jmp edx
last:
    mov eax, theend
    mov [table], eax
    mov ebx, 0
    jmp [table+ebx]
bad:
    mov eax, 12345
theend:
