; Weighted sums through a permutation: each element's index is read from
; a table, then two arrays are reached through it ([vals+eax], [out+eax])
; and one through the loop's index. Prints a checksum.
%define N 4000
%define ROUNDS 1500
section .data
perm:	resd N
vals:	resd N
w:	resd N
out:	resd N
section .text
start:	mov ecx, 0		; perm[i] = i*7919 mod N (a permutation: N and 7919 coprime)
	mov eax, 0
init:	mov [perm+ecx], eax
	add eax, 7919
	mod eax, N
	mov eax, rem
	mov edx, ecx
	mul edx, 13
	and edx, 1023
	mov [vals+ecx], edx
	mov edx, ecx
	and edx, 7
	inc edx
	mov [w+ecx], edx
	inc ecx
	cmp ecx, N
	jl init
	mov ebp, ROUNDS
	mov ebx, 0		; the running sum
round:	mov ecx, 0
g:	mov eax, [perm+ecx]
	mov edx, [vals+eax]
	mul edx, [w+ecx]
	add ebx, edx
	mov [out+eax], ebx
	inc ecx
	cmp ecx, N
	jl g
	dec ebp
	cmp ebp, 0
	jne round
	prn ebx
	prn [out+17]
	prn [out+N-1]
