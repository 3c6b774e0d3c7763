; three calls of a two-line function
start:  mov ecx, 3
loop:   call f
        dec ecx
        cmp ecx, 0
        jne loop
        hlt

f:      inc eax
        ret
