; Dave's gcd forgets to move the remainder into b, so it never ends.
section .data
result: dd 0

section .text
gcd:    push ebp
        mov ebp, esp
        mov eax, [ebp+2]
        mov ebx, [ebp+3]
again:  cmp ebx, 0
        je done
        mod eax, ebx
        mov eax, ebx
        jmp again
done:   pop ebp
        ret

start:  rdn ecx
        rdn edx
        push edx
        push ecx
        call gcd
        add esp, 2
        mov [result], eax
        prn eax
