; A stack-machine interpreter: its program is one word per instruction,
; the operation in the low 4 bits and the argument in the rest (word shr
; 4); the dispatch writes the handler's address, from a table of code
; labels in .data, to eip. The machine's stack grows up through edi, its
; variables are words of vars. The program sums i*i*i mod 1009 for i from
; 0 below vars[2] = ITER; prints the sum and the instructions it ran.
%define ITER 1000000
section .data
handlers: dd op_push, op_load, op_store, op_add, op_mul, op_mod, op_lt, op_jz, op_jmp, op_halt
;		 operation + 16 * argument
program: dd 0, 2		; 0: push 0, store i
	dd 0, 18		; 2: push 0, store s
	dd 1, 33, 6, 375	; 4: load i, load n, lt, jz 23
	dd 1, 1, 4, 1, 4	; 8: load i, load i, mul, load i, mul
	dd 16144, 5		; 13: push 1009, mod
	dd 17, 3, 18		; 15: load s, add, store s
	dd 1, 16, 3, 2		; 18: load i, push 1, add, store i
	dd 72			; 22: jmp 4
	dd 9			; 23: halt
vars:	dd 0, 0, 0		; i, s, n
stack:	resd 16
section .text
start:	mov [vars+2], ITER
	mov esi, program	; the machine's pc
	mov edi, stack		; its top of stack
	mov ebp, 0		; the instructions it ran
next:	mov eax, [esi]
	inc esi
	inc ebp
	mov ebx, eax
	shr ebx, 4		; the argument
	and eax, 15
	mov eip, [handlers+eax]
op_push: inc edi
	mov [edi], ebx
	jmp next
op_load: inc edi
	mov eax, [vars+ebx]
	mov [edi], eax
	jmp next
op_store: mov eax, [edi]
	dec edi
	mov [vars+ebx], eax
	jmp next
op_add:	mov eax, [edi]
	dec edi
	add [edi], eax
	jmp next
op_mul:	mov eax, [edi]
	dec edi
	mul [edi], eax
	jmp next
op_mod:	mov eax, [edi]
	dec edi
	mod [edi], eax
	rem [edi]
	jmp next
op_lt:	mov eax, [edi]		; below: 1, else 0
	dec edi
	cmp [edi], eax
	mov [edi], 1
	jl next
	mov [edi], 0
	jmp next
op_jz:	mov eax, [edi]
	dec edi
	cmp eax, 0
	jne next
	mov esi, program
	add esi, ebx
	jmp next
op_jmp:	mov esi, program
	add esi, ebx
	jmp next
op_halt: prn [vars+1]
	prn ebp
