; prc of code points that are not characters: surrogates, past 0x10FFFF,
; negative.
start:
    mov eax, 0xD800
    prc eax
    prc 0x110000
    prc -1
    prc 0
    prc 0x7FFFFFFF
    mov ecx, 0
loop:
    prc ecx
    add ecx, 0x3001
    cmp ecx, 0x120000
    jb loop
