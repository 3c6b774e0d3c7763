; never ends
loop:   jmp loop
