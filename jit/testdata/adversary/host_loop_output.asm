; Host functions printing past the output limit inside a compiled loop:
; the call that crosses it faults, with nothing of its own output written.
; max-output 100
extern print_hex
extern print_str
section .data
msg: dd "ab", 10, 0
section .text
start:
    mov ecx, 0
loop:
    push ecx
    call print_hex
    add esp, 1
    push msg
    call print_str
    add esp, 1
    prn eax
    inc ecx
    cmp ecx, 50
    jl loop
