; Host calls in loops: rand, steps, poke writing registers (esp, flags,
; ebx, edi), print_str, print_hex; then one that fails.
extern rand
extern steps
extern poke
extern print_str
extern print_hex
extern fail
section .data
msg: dd "hi", 10, 0
section .text
start:
    mov ecx, 0
loop:
    push 100
    call rand
    add esp, 1
    prn eax
    call steps
    prn eax
    push 123
    push 1
    call poke        ; ebx = 123
    add esp, 2
    prn ebx
    push ecx
    push 8
    call poke        ; flags = ecx
    add esp, 2
    pushf
    pop edx
    prn edx
    je z
    prn 1
z:
    push msg
    call print_str
    add esp, 1
    push ecx
    call print_hex
    add esp, 1
    inc ecx
    cmp ecx, 5
    jl loop
    mov eax, esp
    sub eax, 2
    push eax
    push 4
    call poke        ; esp = esp - 2 (its own value before the call)
    prn esp
    call fail
    prn 0
