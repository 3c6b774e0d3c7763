; Bubble sort through a pointer: LEN pseudo-random numbers (an LCG), sorted
; by comparing [esi] with [esi+1], pass after pass until a pass swaps
; nothing; prints the smallest, the largest and a checksum (the sum of
; each number times its position, modulo 2^32).
%define LEN 4000
section .data
arr:	resd LEN
section .text
start:	mov esi, arr
	mov eax, 42
	mov ecx, LEN
fill:	mul eax, 1664525
	add eax, 1013904223
	mov edx, eax
	shr edx, 12		; the high 20 bits
	mov [esi], edx
	inc esi
	dec ecx
	cmp ecx, 0
	jne fill
	mov ebx, arr		; ebx: the last position a pass compares
	add ebx, LEN
	dec ebx
pass:	mov edi, 0		; swapped in this pass?
	mov esi, arr
compare: mov eax, [esi]
	mov edx, [esi+1]
	cmp eax, edx
	jbe ordered
	mov [esi], edx
	mov [esi+1], eax
	mov edi, 1
ordered: inc esi
	cmp esi, ebx
	jb compare
	dec ebx			; the largest is in place
	cmp edi, 0
	jne pass
	mov eax, 0		; the checksum
	mov ecx, 0
sum:	mov edx, [arr+ecx]
	mul edx, ecx
	add eax, edx
	inc ecx
	cmp ecx, LEN
	jl sum
	prn [arr]
	prn [arr+LEN-1]
	prn eax
