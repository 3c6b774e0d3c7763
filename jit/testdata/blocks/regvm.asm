; A register-machine bytecode interpreter: instructions of three words
; (op, a, b) over eight virtual registers in memory, dispatched through
; jmp [ops+edx]. Most handlers end by jumping back to a shared write-back
; block placed before them (vr[a] = ecx), which jumps on to the fetch.
; The bytecode runs a xorshift generator N times, adding its values and
; their products with a constant, counted down by a decrement-and-branch.
; Prints the generator's last value and the two sums.
%define N 150000
section .data
ops:	resd 8
vr:	resd 8
prog:	dd 0, 0, 2463534242	; 0: r0 = seed
	dd 0, 1, 0		; r1 = 0
	dd 0, 2, N		; r2 = N
	dd 0, 3, 0		; r3 = 0
loop:	dd 2, 0, 13		; r0 ^= r0 << 13
	dd 3, 0, 17		; r0 ^= r0 >> 17
	dd 2, 0, 5		; r0 ^= r0 << 5
	dd 1, 1, 0		; r1 += r0
	dd 0, 4, 0		; r4 = 0
	dd 1, 4, 0		; r4 += r0
	dd 6, 4, 2654435761	; r4 *= 2654435761
	dd 1, 3, 4		; r3 += r4
	dd 4, 2, loop-prog	; if --r2 != 0 goto loop
	dd 5, 0, 0		; halt
section .text
start:	mov [ops], op_movi
	mov [ops+1], op_add
	mov [ops+2], op_shl
	mov [ops+3], op_shr
	mov [ops+4], op_djnz
	mov [ops+5], op_halt
	mov [ops+6], op_mul
	mov esi, prog
fetch:	mov edx, [esi]
	mov eax, [esi+1]
	mov ebx, [esi+2]
	add esi, 3
	jmp [ops+edx]
put:	mov [vr+eax], ecx	; the handlers' shared end: vr[a] = ecx
	jmp fetch
op_movi: mov ecx, ebx
	jmp put
op_add:	mov ecx, [vr+eax]
	add ecx, [vr+ebx]
	jmp put
op_shl:	mov ecx, [vr+eax]
	mov edi, ecx
	shl edi, ebx
	xor ecx, edi
	jmp put
op_shr:	mov ecx, [vr+eax]
	mov edi, ecx
	shr edi, ebx
	xor ecx, edi
	jmp put
op_mul:	mov ecx, [vr+eax]
	mul ecx, ebx
	jmp put
op_djnz: mov ecx, [vr+eax]
	dec ecx
	mov [vr+eax], ecx
	cmp ecx, 0
	je fetch
	mov esi, prog
	add esi, ebx
	jmp fetch
op_halt: prn [vr]
	prn [vr+1]
	prn [vr+3]
