; A function that changes its return address: to another label, into the
; middle of an instruction (eip-out-of-range at the ret).
; stack 16
start:
    mov ecx, 0
again:
    call f
    prn 111          ; skipped when f returns to other
    jmp next
other:
    prn 222
next:
    inc ecx
    cmp ecx, 4
    jl again
    call g
    prn 333
    hlt
f:
    mov eax, ecx
    and eax, 1
    cmp eax, 0
    je f1
    mov [esp], other
f1:
    ret
g:
    mov eax, [esp]
    inc eax          ; into the middle of prn 333
    mov [esp], eax
    ret
