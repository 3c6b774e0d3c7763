; Carol's gcd, with two typos.
gcd:    push ebp
        mov ebp, esp
        mvo eax, [ebp+2]
        mov ebx, [ebp+3]
again:  cmp ebx, 0
        je dnoe
        mod eax, ebx
        mov eax, ebx
        rem ebx
        jmp again
done:   pop ebp
        ret
