; sum(n) = n + sum(n-1), with the base case forgotten: it recurses until
; the stack overflows.
start:  mov eax, 100
        call sum
        prn eax
        hlt
sum:    push eax
        dec eax
        call sum        ; line 9
        pop ebx
        add eax, ebx
        ret
