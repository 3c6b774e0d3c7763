# ackermann(2, n) for n < 150, summed
start:
    mov esi, 0
    mov edi, 0
aloop:
    push edi
    push 2
    call ack
    add esp, 2
    add esi, eax
    inc edi
    cmp edi, 150
    jl aloop
    prn esi
    hlt
ack:
    mov eax, [esp+1]
    mov ebx, [esp+2]
    cmp eax, 0
    jne a1
    mov eax, ebx
    inc eax
    ret
a1:
    cmp ebx, 0
    jne a2
    dec eax
    push 1
    push eax
    call ack
    add esp, 2
    ret
a2:
    dec ebx
    push ebx
    push eax
    call ack
    add esp, 2
    mov ebx, eax
    mov eax, [esp+1]
    dec eax
    push ebx
    push eax
    call ack
    add esp, 2
    ret
