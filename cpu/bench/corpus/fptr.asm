; A table of function pointers: eight small functions (add, subtract,
; multiply, xor, rotate, ...) of an accumulator and an operand, their
; addresses put in ops at start; COUNT times the LCG picks an operation
; (bits 16-18) and an operand (bits 20-27) and calls it through call
; [ops+edx]. Counts the calls of each function in hits. Prints the
; accumulator and the counts.
%define COUNT 2000000
section .data
ops:	resd 8
hits:	resd 8
section .text
start:	mov [ops], f_add
	mov [ops+1], f_sub
	mov [ops+2], f_mul
	mov [ops+3], f_xor
	mov [ops+4], f_rot
	mov [ops+5], f_neg
	mov [ops+6], f_half
	mov [ops+7], f_mix
	mov eax, 1		; the accumulator
	mov esi, 2024		; the LCG's state
	mov ecx, COUNT
pick:	mul esi, 1103515245
	add esi, 12345
	mov edx, esi
	shr edx, 16
	and edx, 7		; the operation
	mov ebx, esi
	shr ebx, 20
	and ebx, 255		; the operand
	inc [hits+edx]
	call [ops+edx]
	dec ecx
	cmp ecx, 0
	jne pick
	prn eax
	mov ecx, 0
counts:	prn [hits+ecx]
	inc ecx
	cmp ecx, 8
	jl counts
	hlt

f_add:	add eax, ebx
	ret
f_sub:	sub eax, ebx
	ret
f_mul:	or ebx, 1
	mul eax, ebx
	ret
f_xor:	xor eax, ebx
	ret
f_rot:	mov edx, eax		; rotate left by 7
	shl eax, 7
	shr edx, 25
	or eax, edx
	ret
f_neg:	not eax
	inc eax
	ret
f_half:	shr eax, 1
	ret
f_mix:	mov edx, eax		; xorshift step
	shl edx, 13
	xor eax, edx
	mov edx, eax
	shr edx, 17
	xor eax, edx
	ret
