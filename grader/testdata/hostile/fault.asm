; reads outside memory
        prn 42
        mov eax, [9999999]
