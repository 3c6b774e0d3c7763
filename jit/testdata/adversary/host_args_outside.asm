; A host function whose argument is outside memory (the stack is empty).
extern print_hex
start:
    mov ecx, 3
loop:
    dec ecx
    cmp ecx, 0
    jne loop
    call print_hex
