; Host calls inside compiled loops that write what compiled code keeps:
; poke into a register the loop only reads (ebx), the index register
; (esi), a word at a constant address the loop uses most (kept in a local),
; a jump table the loop jumps through, and the flags before a jcc; rand and
; steps read the step count at the call, peek the registers and the flags.
; memory 200
; max-steps 40000
extern poke
extern rand
extern steps
extern peek
section .data
count:	dd 0
table:	dd even, odd
section .text
start:
    mov ebx, 5
    mov esi, 0
    mov ecx, 0
loop:
    add [count], ebx
    add [count], esi
    push 7
    call rand
    add esp, 1
    add [count], eax
    call steps
    add [count], eax
    cmp ecx, 20
    push 8
    call peek       ; the flags of the cmp
    add esp, 1
    prn eax
    mov edi, ecx
    add edi, ebx
    push 9
    call peek       ; edi
    add esp, 1
    prn eax
    mov edx, ecx
    and edx, 1
    jmp [table+edx]
even:
    push ecx
    push 1          ; ebx = ecx
    call poke
    add esp, 2
    jmp join
odd:
    mov eax, ecx
    add eax, 100
    push eax
    push count      ; [count] = ecx + 100
    call poke
    add esp, 2
join:
    push even
    push table+1    ; the odd entry jumps to even from now on
    call poke
    add esp, 2
    push esi
    push 7          ; esi = esi (a store that changes nothing)
    call poke
    add esp, 2
    inc esi
    push 0
    push 8          ; flags = 0 (not equal): the jne below is taken
    call poke
    add esp, 2
    jne skip
    prn 999
skip:
    prn [count]
    prn ebx
    inc ecx
    cmp ecx, 40
    jl loop
    prn esi
