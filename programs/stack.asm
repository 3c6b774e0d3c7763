; push and pop: the stack grows down from the top of memory, and the last
; value pushed is the first popped.
start:  push 10
        push 20
        push 30
        pop eax         ; 30
        pop ebx         ; 20
        pop ecx         ; 10
        prn eax
        prn ebx
        prn ecx
        prn esp         ; back at the stack base: the memory size
