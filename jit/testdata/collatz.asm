# longest Collatz chain below 30000
start:
    mov ecx, 1
    mov edi, 0
outer:
    mov eax, ecx
    mov ebx, 0
chain:
    cmp eax, 1
    je done
    mov edx, eax
    and edx, 1
    cmp edx, 0
    jne odd
    shr eax, 1
    inc ebx
    jmp chain
odd:
    mul eax, 3
    inc eax
    inc ebx
    jmp chain
done:
    cmp ebx, edi
    jle next
    mov edi, ebx
next:
    inc ecx
    cmp ecx, 30000
    jl outer
    prn edi
