; Returns that do not go back to their call site, inside recursion, where
; the dispatch predicts the call sites' continuations: a ret after add esp
; (back to the caller's caller), a return address rewritten on the stack,
; push and ret as a jump, and pop eip.
; stack 48
; memory 256
start:
    mov ecx, 0
again:
    mov eax, 3
    call down          ; returns to skip, not here, at the bottom
    prn 111
skip:
    prn eax
    call jumper
    prn 333            ; jumper returns past it
past:
    call popper
    inc ecx
    cmp ecx, 3
    jl again
    hlt
; down(eax): recurse to 0, then leave with the return address of the
; outermost call replaced, and one level returning two levels up.
down:
    cmp eax, 0
    je bottom
    dec eax
    call down
    inc eax
    cmp eax, 2
    jne up
    add esp, 1         ; drop the caller's return address: ret goes two up
    ret
up:
    ret
bottom:
    mov [esp+3], skip  ; the outermost call's return address
    ret
jumper:
    add esp, 1
    push past
    ret
popper:
    mov edx, [esp]
    prn edx
    pop eip
