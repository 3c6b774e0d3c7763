; Callbacks: a loop calls one of four functions through a table of
; function pointers (call [fns+edx], edx = i mod 4), then one of two
; through a register that a test picks (call eax); each function returns
; with ret. Prints the two accumulators.
%define N 1000000
section .data
fns:	dd f_add, f_xor, f_rot, f_mix
section .text
start:	mov ecx, N
	mov edi, 1
	mov esi, 0
next:	mov edx, ecx
	and edx, 3
	call [fns+edx]
	mov eax, f_odd
	test ecx, 4
	je even
	mov eax, f_even
even:	call eax
	dec ecx
	cmp ecx, 0
	jne next
	prn edi
	prn esi
	hlt
f_add:	add edi, ecx
	ret
f_xor:	xor edi, 2654435769
	ret
f_rot:	mov eax, edi
	shl edi, 5
	shr eax, 27
	or edi, eax
	ret
f_mix:	mul edi, 31
	add edi, 7
	ret
f_odd:	add esi, edi
	ret
f_even:	sub esi, 1
	xor esi, edi
	ret
