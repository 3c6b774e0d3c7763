; Computed jumps compared with the blocks the program takes the address
; of (computed.go): a table filled by mov at run time, with handlers after
; the jump in its loop, before it in the loop (entered through the loop's
; dispatch), in an inner loop, at the top after the loop; a table in the
; data; a conditional computed jump; a handler's address changed to one
; that is not a pointer, and to the middle of an instruction.
section .data
table: resd 6
dtab: dd d0, d1, d2
section .text
start:
    mov [table], h0
    mov [table+1], h1
    mov [table+2], h2
    mov [table+3], h3
    mov [table+4], after
    mov [table+5], mid
    push h1
    pop ebx
    mov ecx, 0
    mov esi, 0
h1: add esi, 7          ; before the jump, in its loop: its header
    jmp mid
mid:                    ; and a block inside it
    inc ecx
    cmp ecx, 40
    jge out
    mov eax, ecx
    mod eax, 7
    mov eax, rem
    cmp eax, 4
    jge data
    jmp [table+eax]
data:
    sub eax, 4
    cmp eax, 2
    jne [dtab+eax]      ; 0 or 1, conditionally
    jmp [dtab+eax]      ; 2
d0: add esi, 3
d1: add esi, 30
d2: add esi, 300
    jmp h1
h0: add esi, 1
    mov eax, 5
    jmp [table+eax]
h2: mov edx, 3          ; an inner loop, entered by the jump
inner:
    add esi, edx
    dec edx
    cmp edx, 0
    jg inner
    jmp h1
h3: shl esi, 1
    jmp h1
out:
    prn esi
    mov eax, 4
    mov ecx, 100
    cmp esi, 0
    jg again
after:
    prn ecx
    inc ecx
    cmp ecx, 103
    jge gone
    mov [table+4], gone  ; a pointer, not the one marked
    mov eax, 4
again:
    jmp [table+eax]
gone:
    mov [table+4], bad
    inc [table+4]
    cmp ecx, 104
    jge theend
    inc ecx
    jmp again
bad:
    mov esi, 12345
theend:
