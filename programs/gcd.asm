; Euclid's greatest common divisor, as a subroutine that takes its
; arguments on the stack: [ebp+2] and [ebp+3] above the saved ebp and the
; return address. The result comes back in eax.
gcd:    push ebp
        mov ebp, esp
        mov eax, [ebp+2]        ; a
        mov ebx, [ebp+3]        ; b
again:  cmp ebx, 0
        je done
        mod eax, ebx            ; rem = a mod b
        mov eax, ebx            ; a = b
        rem ebx                 ; b = the remainder
        jmp again
done:   pop ebp
        ret

start:  push 1071               ; b
        push 462                ; a
        call gcd
        add esp, 2              ; drop the two arguments
        prn eax                 ; 21
        push 17
        push 5
        call gcd
        add esp, 2
        prn eax                 ; 1
        hlt                     ; the program ends here (eip stays on the hlt)
