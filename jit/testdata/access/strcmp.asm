; Compares every pair of a set of zero-ended strings, character by
; character, with two pointers that walk until they differ or end.
; Prints how many pairs are equal, less and greater.
%define ROUNDS 9000
section .data
strs:	dd s0, s1, s2, s3, s4, s5, s6, s7
s0:	dd "interpreter", 0
s1:	dd "interpretation", 0
s2:	dd "interpreted", 0
s3:	dd "internal", 0
s4:	dd "interpreter", 0
s5:	dd "international", 0
s6:	dd "interpreters", 0
s7:	dd "intern", 0
section .text
start:	mov ebp, ROUNDS
	mov eax, 0		; equal
	mov ebx, 0		; less
	mov edx, 0		; greater
round:	mov ecx, 0
outer:	mov edi, 0
inner:	mov esi, [strs+ecx]
	push edi
	mov edi, [strs+edi]
cmpch:	mov eax, [esi]
	cmp eax, [edi]
	jne differ
	cmp eax, 0
	je equal
	inc esi
	inc edi
	jmp cmpch
differ:	jb less
	inc edx
	jmp next
less:	inc ebx
	jmp next
equal:	inc [count]
next:	pop edi
	inc edi
	cmp edi, 8
	jl inner
	inc ecx
	cmp ecx, 8
	jl outer
	dec ebp
	cmp ebp, 0
	jne round
	prn [count]
	prn ebx
	prn edx
section .data
count:	dd 0
