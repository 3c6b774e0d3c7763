; Memory-heavy loop: fill an array in .data with pseudo-random numbers (an
; LCG), bubble-sort it through [arr+ecx], then sum it; prints the sum, the
; smallest and the largest. (cpu32 only: tinyvm has no .data.)
%define LEN 500
section .data
arr:    resd LEN
section .text
        mov esi, arr
        mov eax, 12345
        mov ecx, 0
fill:   mul eax, 1103515245
        add eax, 12345
        mov edx, eax
        shr edx, 16
        and edx, 0x7FFF
        mov [esi+0], edx
        inc esi
        inc ecx
        cmp ecx, LEN
        jl fill
        mov ebx, LEN
        dec ebx             ; compare pairs up to index ebx
outer:  mov ecx, 0
inner:  mov eax, [arr+ecx]
        mov edx, [arr+ecx+1]
        cmp eax, edx
        jbe inorder
        mov [arr+ecx], edx
        mov [arr+ecx+1], eax
inorder: inc ecx
        cmp ecx, ebx
        jl inner
        dec ebx
        cmp ebx, 0
        jg outer
        mov eax, 0
        mov ecx, 0
sum:    add eax, [arr+ecx]
        inc ecx
        cmp ecx, LEN
        jl sum
        prn eax
        prn [arr]
        prn [arr+LEN-1]
