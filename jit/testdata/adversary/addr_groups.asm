; Operands through one register checked as a group: the highest of a
; group leaves memory while the lowest is still in it, the lowest reaches
; the register words while the highest is fine, an address that wraps past
; 2^32, the register written between two operands of one instruction, and
; output between the group's operands (printed once, as the interpreter
; prints it) when the highest faults at last.
; memory 64
; stack 4
start:
    mov esi, 40
    mov edi, 25
up:
    mov eax, [esi-1]
    prn eax
    add eax, [esi+1]
    mov [esi], eax
    add [esi+3], 1
    mov ebx, [edi-5]
    add [edi+3], ebx
    prn [edi-5]
    inc esi
    dec edi
    cmp esi, 60
    jl up
    mov esi, 4294967280
    mov [esi+30], 5
    add [esi+31], [esi+30]
    mov [esi+16], 7
    prn eax
    mov esi, 30
    mov [31], 33
    mov esi, [esi+1]
    mov [esi], esi
    add [esi+2], [esi-3]
    prn [35]
    mov esi, 50
end:
    mov eax, [esi-1]
    prn eax
    add eax, [esi+2]
    prn eax
    inc esi
    jmp end
