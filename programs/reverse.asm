; Reads one line of text with rdc, a character at a time, until a newline
; or the end of the input (rdc gives -1), pushing each character; then pops
; them, printing the line backwards. Characters are code points, so
; accented letters come out whole.
        mov ecx, 0              ; characters on the stack
read:   rdc eax
        cmp eax, -1             ; the end of the input
        je print
        cmp eax, 10             ; the end of the line
        je print
        push eax
        inc ecx
        jmp read
print:  cmp ecx, 0
        je done
        pop eax
        prc eax
        dec ecx
        jmp print
done:   prc 10
