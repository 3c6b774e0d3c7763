; Bob's gcd: by subtraction, and it prints a label before the answer.
section .data
msg:    dd "gcd = ", 0

section .text
extern print_str

gcd:    mov eax, [esp+1]
        mov ebx, [esp+2]
loop:   cmp eax, ebx
        je found
        jl less
        sub eax, ebx
        jmp loop
less:   sub ebx, eax
        jmp loop
found:  ret

start:  rdn ecx
        rdn edx
        push edx
        push ecx
        call gcd
        add esp, 2
        push msg
        call print_str
        add esp, 1
        prn eax
