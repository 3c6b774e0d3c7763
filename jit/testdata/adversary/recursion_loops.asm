; Recursion whose calls sit inside a loop of the function (their
; continuations are entered through the loop's dispatch), mutual
; recursion between two functions, and both run on to the stack overflow
; (even at a depth of about 40) with --max-steps cutting them everywhere.
; stack 40
; memory 256
; max-steps 20000
start:
    mov esi, 1
outer:
    mov eax, esi
    and eax, 3
    call tree          ; ebx counts 3^eax more leaves
    prn ebx
    mov eax, esi
    call even
    prn edx
    inc esi
    cmp esi, 60
    jl outer
    hlt
; tree(eax): three subtrees in a loop, ebx counts the leaves
tree:
    cmp eax, 0
    jne inner
    inc ebx
    ret
inner:
    push ecx
    mov ecx, 0
each:
    dec eax
    call tree
    inc eax
    inc ecx
    cmp ecx, 3
    jl each
    pop ecx
    ret
even:
    cmp eax, 0
    jne even1
    mov edx, 1
    ret
even1:
    dec eax
    call odd
    inc eax
    ret
odd:
    cmp eax, 0
    jne odd1
    mov edx, 0
    ret
odd1:
    dec eax
    call even
    inc eax
    ret
