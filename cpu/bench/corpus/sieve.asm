; The sieve of Eratosthenes over the numbers below N, ROUNDS times (each
; round clears the table first); prints how many primes there are and the
; largest. The table is marked through [composite+eax] and counted through
; a pointer, [esi].
%define N 200000
%define ROUNDS 40
section .data
composite: resd N
section .text
start:	mov ebp, ROUNDS
round:	mov ecx, 0		; clear the table
clear:	mov [composite+ecx], 0
	inc ecx
	cmp ecx, N
	jl clear
	mov ecx, 2		; the candidate
sieve:	mov eax, ecx
	mul eax, ecx
	cmp eax, N
	jge count		; from sqrt(N) on, what is left is prime
	cmp [composite+ecx], 0
	jne next
mark:	mov [composite+eax], 1	; cross out ecx*ecx, ecx*ecx + ecx, ...
	add eax, ecx
	cmp eax, N
	jl mark
next:	inc ecx
	jmp sieve
count:	mov edx, 0		; the primes found
	mov esi, composite
	add esi, 2
	mov ecx, 2
counting: cmp [esi], 0
	jne crossed
	inc edx
	mov ebx, ecx		; the largest so far
crossed: inc esi
	inc ecx
	cmp ecx, N
	jl counting
	dec ebp
	cmp ebp, 0
	jne round
	prn edx
	prn ebx
