; Direct-threaded code: the program is a list of handler addresses, each
; followed by its operands, and every handler ends by fetching the next
; address and jumping to it (mov eax, [esi]; inc esi; jmp eax): the
; computed jump is at the end of each handler, not at one dispatch point.
; A machine of four registers in memory runs a loop that sums i*i mod 1024,
; mixed, for i from N down to 1. Prints the sum.
%define N 250000
section .data
regs:	resd 4
prog:	dd op_movi, 0, 0	; r0 = 0
	dd op_movi, 1, N	; r1 = N
top:	dd op_mov, 2, 1		; r2 = r1
	dd op_mul, 2, 2		; r2 *= r2
	dd op_andi, 2, 1023	; r2 &= 1023
	dd op_add, 0, 2		; r0 += r2
	dd op_xori, 0, 85	; r0 ^= 85
	dd op_dec, 1		; r1--
	dd op_jnz, 1, top	; again while r1 is not 0
	dd op_halt
section .text
start:	mov esi, prog
	mov eax, [esi]
	inc esi
	jmp eax
op_movi: mov edx, [esi]
	mov ebx, [esi+1]
	add esi, 2
	mov [regs+edx], ebx
	mov eax, [esi]
	inc esi
	jmp eax
op_mov:	mov edx, [esi]
	mov ebx, [esi+1]
	add esi, 2
	mov ebx, [regs+ebx]
	mov [regs+edx], ebx
	mov eax, [esi]
	inc esi
	jmp eax
op_mul:	mov edx, [esi]
	mov ebx, [esi+1]
	add esi, 2
	mov ebx, [regs+ebx]
	mul [regs+edx], ebx
	mov eax, [esi]
	inc esi
	jmp eax
op_add:	mov edx, [esi]
	mov ebx, [esi+1]
	add esi, 2
	mov ebx, [regs+ebx]
	add [regs+edx], ebx
	mov eax, [esi]
	inc esi
	jmp eax
op_andi: mov edx, [esi]
	mov ebx, [esi+1]
	add esi, 2
	and [regs+edx], ebx
	mov eax, [esi]
	inc esi
	jmp eax
op_xori: mov edx, [esi]
	mov ebx, [esi+1]
	add esi, 2
	xor [regs+edx], ebx
	mov eax, [esi]
	inc esi
	jmp eax
op_dec:	mov edx, [esi]
	inc esi
	dec [regs+edx]
	mov eax, [esi]
	inc esi
	jmp eax
op_jnz:	mov edx, [esi]
	mov ebx, [esi+1]
	add esi, 2
	cmp [regs+edx], 0
	je fall
	mov esi, ebx
fall:	mov eax, [esi]
	inc esi
	jmp eax
op_halt: prn [regs]
	hlt
