; pop and ret with esp on the register words: they read the registers
; (eax, eip, flags) as the interpreter has them, not stale memory.
; memory 128
; stack 8
start:
    mov eax, 7
    mov ebx, 0
    mov ecx, 3
loop:
    add eax, 5
    mov edx, esp
    mov esp, 0
    pop ebx          ; ebx = eax
    prn ebx
    mov esp, 6
    pop esi          ; esi = eip of this pop
    prn esi
    cmp eax, 100
    mov esp, 8
    pop edi          ; edi = the flags of the cmp
    prn edi
    mov esp, 2
    pop [40]         ; [40] = ecx
    prn [40]
    mov esp, 3
    pop [esp]        ; [4] = edx: esp = the old esp
    prn esp
    dec ecx
    cmp ecx, 0
    jg loop
    mov eax, done
    mov esp, 0
    ret              ; to done, through eax
    prn 999
done:
    mov esp, 10
    mov edi, -5
    pop ebx
    prn ebx
    mov esp, 4
    pop esp          ; esp = esp's own value: 4
    prn esp
