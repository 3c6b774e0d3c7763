; prints for ever
loop:   prn 42
        jmp loop
