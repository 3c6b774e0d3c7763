; mod then div by one register (a number's digits in a base held in a
; register): the mod divides once and keeps the quotient for the div
; when neither register is written between; here also pairs where one
; is (rem into the divisor, the dividend moved, a pop into it), the
; divisor 0 at the mod (the fault), and the steps cut between the two.
start:
    mov ecx, 1
    mov edi, 0
number:
    mov ebx, 2
base:
    mov eax, ecx
    mov esi, 0
digit:
    mod eax, ebx
    rem edx
    add esi, edx
    div eax, ebx          ; the pair
    cmp eax, 0
    jne digit
    add edi, esi
    mov eax, ecx
    mod eax, ebx
    push eax
    rem eax               ; the dividend written between: no pair
    div eax, ebx
    add edi, eax
    pop eax
    mod eax, ebx
    push ebx
    rem ebx               ; the divisor written between
    add ebx, 2
    div eax, ebx
    pop ebx
    add edi, eax
    mov eax, ecx
    mod eax, ebx
    push eax
    pop eax               ; a pop into the dividend
    div eax, ebx
    add edi, eax
    inc ebx
    cmp ebx, 7
    jle base
    inc ecx
    cmp ecx, 60
    jl number
    prn edi
    mov ebx, 0
    mov eax, 5
    mod eax, ebx          ; the divisor 0: divide-by-zero here
    div eax, ebx
