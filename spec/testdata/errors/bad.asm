nop
mvo eax, 1
