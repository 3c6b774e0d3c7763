; rdn in a loop to the end of the input (end-of-input fault), summing.
; input " 12 -7\n2147483647 -2147483648 +3 0"
start:
    mov eax, 0
loop:
    rdn ebx
    add eax, ebx
    prn eax
    jmp loop
