; a small program for the --trace golden file
section .data
n:      dd 2
section .text
start:  mov ecx, [n]
again:  push ecx
        call show
        pop ecx
        dec ecx
        cmp ecx, 0
        jg again
        prc 'k'
        prc 10
        mov [n], ecx            ; data words are named by their label
        hlt
show:   prn [esp+1]
        ret
