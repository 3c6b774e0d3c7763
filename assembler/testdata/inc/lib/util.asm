%include 'consts.asm'
twice:  mov eax, SEVEN
        add eax, eax
        ret
