; A stack-machine interpreter, token-threaded: every handler ends with its
; own dispatch (fetch the next opcode, jmp [ops+eax]) rather than jumping
; back to one place. The opcode table holds two words an opcode, the
; handler's address and its count of operands (unused here), so the
; bytecode's opcodes are even numbers. The bytecode keeps i and acc in
; variables and runs acc = ((i*i xor acc) and 65535) + i for i from N
; down to 1; it prints acc, then the number of instructions the machine
; ran.
%define N 120000
section .data
ops:	dd op_halt, 0, op_push, 1, op_load, 1, op_store, 1
	dd op_add, 0, op_sub, 0, op_mul, 0, op_xor, 0
	dd op_and, 0, op_dup, 0, op_jnz, 1, op_print, 0
vars:	resd 4
vstack:	resd 64
code:	dd 2, N, 6, 0		; i = N
	dd 2, 0, 6, 1		; acc = 0
loop:	dd 4, 0, 18, 12		; i*i
	dd 4, 1, 14		; xor acc
	dd 2, 65535, 16		; and 65535
	dd 4, 0, 8, 6, 1	; + i, to acc
	dd 4, 0, 2, 1, 10	; i - 1
	dd 18, 6, 0		; to i
	dd 20, loop-code	; again while it is not 0
	dd 4, 1, 22		; print acc
	dd 0
count:	dd 0
section .text
start:	mov esi, code
	mov edi, vstack
	mov eax, [esi]
	inc esi
	jmp [ops+eax]
op_push: mov eax, [esi]
	inc esi
	mov [edi], eax
	inc edi
	inc [count]
	mov eax, [esi]
	inc esi
	jmp [ops+eax]
op_load: mov eax, [esi]
	inc esi
	mov eax, [vars+eax]
	mov [edi], eax
	inc edi
	inc [count]
	mov eax, [esi]
	inc esi
	jmp [ops+eax]
op_store: mov eax, [esi]
	inc esi
	dec edi
	mov ebx, [edi]
	mov [vars+eax], ebx
	inc [count]
	mov eax, [esi]
	inc esi
	jmp [ops+eax]
op_add:	dec edi
	mov eax, [edi]
	add [edi-1], eax
	inc [count]
	mov eax, [esi]
	inc esi
	jmp [ops+eax]
op_sub:	dec edi
	mov eax, [edi]
	sub [edi-1], eax
	inc [count]
	mov eax, [esi]
	inc esi
	jmp [ops+eax]
op_mul:	dec edi
	mov eax, [edi]
	mul [edi-1], eax
	inc [count]
	mov eax, [esi]
	inc esi
	jmp [ops+eax]
op_xor:	dec edi
	mov eax, [edi]
	xor [edi-1], eax
	inc [count]
	mov eax, [esi]
	inc esi
	jmp [ops+eax]
op_and:	dec edi
	mov eax, [edi]
	and [edi-1], eax
	inc [count]
	mov eax, [esi]
	inc esi
	jmp [ops+eax]
op_dup:	mov eax, [edi-1]
	mov [edi], eax
	inc edi
	inc [count]
	mov eax, [esi]
	inc esi
	jmp [ops+eax]
op_jnz:	mov eax, [esi]
	inc esi
	dec edi
	inc [count]
	cmp [edi], 0
	je fall
	mov esi, code
	add esi, eax
fall:	mov eax, [esi]
	inc esi
	jmp [ops+eax]
op_print: dec edi
	prn [edi]
	inc [count]
	mov eax, [esi]
	inc esi
	jmp [ops+eax]
op_halt: prn [count]
	hlt
