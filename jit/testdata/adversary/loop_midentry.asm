; A ret and a computed jump that land in the middle of a loop's body at a
; block boundary and between two instructions of a block.
start:
    mov ecx, 0
loop:
    inc ecx
    call f
mid:
    add eax, ecx
    add eax, 3
here:
    xor eax, 5
    cmp ecx, 30
    jge done
    test ecx, 1
    je loop
    inc ecx
    mov edx, here
    jmp edx
done:
    prn eax
    mov edx, mid
    add edx, 3
    cmp edi, 0
    jne fin
    mov edi, 1
    mov eax, -5
    jmp edx
fin:
    hlt
f:
    ret
