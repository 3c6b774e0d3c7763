; Hello, world: a string in .data printed one character at a time with prc,
; walking esi through memory with [esi].
section .data
message: dd "Hello, world!", 10, 0     ; one word per character, 0 ends it

section .text
start:  mov esi, message        ; esi = the address of the first character
next:   mov eax, [esi]          ; eax = the character esi points at
        cmp eax, 0
        je done                 ; the 0 word ends the string
        prc eax
        inc esi
        jmp next
done:
