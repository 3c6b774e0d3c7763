; Deep recursion to stack overflow, inside a loop that first recurses
; less deeply.
; stack 64
; memory 128
start:
    mov edi, 1
outer:
    push edi
    call down
    add esp, 1
    prn eax
    add edi, 7
    jmp outer
down:
    mov eax, [esp+1]
    cmp eax, 0
    je base
    dec eax
    push eax
    call down
    add esp, 1
    inc eax
    ret
base:
    mov eax, 0
    ret
