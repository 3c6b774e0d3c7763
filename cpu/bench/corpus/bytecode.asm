; A bytecode interpreter: a program of (op, argument) pairs run ITER times
; by a dispatch loop through a jump table, jmp [table+edx], the table
; filled with the handlers' addresses at start. The bytecode is a xorshift
; step (shlx 13, shrx 17, shlx 5) whose results are summed, then a loop.
; Prints the last number and the sum.
%define ITER 1000000
section .data
table:	resd 5
code:	dd 0, 13, 1, 17, 0, 5, 2, 0, 3, 0
section .text
start:	mov [table], op_shlx
	mov [table+1], op_shrx
	mov [table+2], op_sum
	mov [table+3], op_loop
	mov eax, 2463534242	; the accumulator
	mov edi, 0		; the sum
	mov ecx, ITER
	mov esi, code		; the bytecode's pc
next:	mov edx, [esi]
	mov ebx, [esi+1]
	add esi, 2
	jmp [table+edx]
op_shlx: mov edx, eax		; acc = acc xor acc shl arg
	shl edx, ebx
	xor eax, edx
	jmp next
op_shrx: mov edx, eax		; acc = acc xor acc shr arg
	shr edx, ebx
	xor eax, edx
	jmp next
op_sum:	add edi, eax
	jmp next
op_loop: dec ecx		; again from the start, ITER times
	cmp ecx, 0
	je done
	mov esi, code
	add esi, ebx
	jmp next
done:	prn eax
	prn edi
