; Computed jumps to blocks whose address the program never moves or
; pushes (computed.go): one computed by add, one that equals a cmp's
; operand. Neither is an entry: each jump is undone and left to the
; interpreter, which goes on until compiled code can be entered again.
start:
    mov ecx, 0
    mov esi, 0
top:
    inc ecx
    mov eax, 0
    add eax, t2         ; an address taken by add: t2 is no entry
    cmp ecx, t3         ; an operand that equals t3's address
    jmp eax
    prn -1              ; nowarn
t2:
    add esi, ecx
    cmp esi, 30
    jl t3
    mov eax, 0
    add eax, t3
    jmp eax
t3:
    add esi, 2
    cmp ecx, 20
    jl top
    prn esi
