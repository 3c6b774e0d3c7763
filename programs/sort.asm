; Bubble sort of an array in .data, in place. Shows nested loops, two
; indexed operands [nums+ecx] and [nums+ecx+1], and a swap through the stack.
section .data
nums:   dd 29, -4, 17, 0, 8, 100, -50, 3
count:  dd 8

section .text
start:  mov ebx, [count]
        dec ebx                 ; ebx = passes left (count - 1)
pass:   mov ecx, 0              ; ecx = index of the left element
inner:  mov eax, [nums+ecx]
        mov edx, [nums+ecx+1]
        cmp eax, edx
        jle ordered             ; signed comparison: -50 sorts first
        push eax                ; swap the pair through the stack
        push edx
        pop [nums+ecx]
        pop [nums+ecx+1]
ordered:
        inc ecx
        cmp ecx, ebx
        jl inner
        dec ebx
        cmp ebx, 0
        jg pass

        mov ecx, 0              ; print the sorted array
show:   prn [nums+ecx]
        inc ecx
        cmp ecx, [count]
        jl show
