; is_even and is_odd call each other with n-1; n is negative, so they never
; reach 0 and the stack overflows.
start:  mov eax, -1
        call even       ; line 4
        hlt
even:   cmp eax, 0
        je yes
        dec eax
        call odd        ; line 9
        ret
yes:    mov eax, 1
        ret
odd:    cmp eax, 0
        je no
        dec eax
        call even       ; line 16
        ret
no:     mov eax, 0
        ret
