; print_string: prints the 0-terminated string whose address is in esi.
; Included by strings.asm; a library file holds only subroutines, so running
; it alone does nothing useful.
print_string:   ; nowarn: called by the programs that include this file
        push eax
        push esi
ps_next:
        mov eax, [esi]
        cmp eax, 0
        je ps_done
        prc eax
        inc esi
        jmp ps_next
ps_done:
        pop esi
        pop eax
        ret
