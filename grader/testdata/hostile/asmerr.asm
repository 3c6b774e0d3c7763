; does not assemble
        prn 42
        mov 5, eax
        jmp nowhere
