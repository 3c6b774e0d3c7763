; A host call that fails inside a compiled loop (host-error at the call,
; with the steps before it counted), after rand and print_hex calls.
; max-steps 20000
extern fail
extern rand
extern print_hex
start:
    mov ecx, 0
    mov ebx, 0
loop:
    push 1000
    call rand
    add esp, 1
    add ebx, eax
    push ebx
    call print_hex
    add esp, 1
    inc ecx
    cmp ecx, 30
    jl loop
    push ebx
    call fail
    prn 1
