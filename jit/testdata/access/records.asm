; Walks a list of records of different lengths laid end to end: each
; starts with its length, then fields read at constant offsets from the
; pointer, which moves by the length it reads. Prints a checksum.
%define N 3000
%define ROUNDS 1500
section .data
recs:	resd 18001
section .text
start:	mov ebx, recs		; build: lengths 3..6, fields from a generator
	mov ecx, 0
	mov eax, 1
build:	mul eax, 69069
	inc eax
	mov edx, eax
	shr edx, 30
	add edx, 3
	mov [ebx], edx
	mov esi, eax
	shr esi, 20
	mov [ebx+1], esi
	mov esi, eax
	and esi, 255
	mov [ebx+2], esi
	add ebx, edx
	inc ecx
	cmp ecx, N
	jl build
	mov [ebx], 0		; the end
	mov ebp, ROUNDS
	mov eax, 0
round:	mov ebx, recs
rec:	mov edx, [ebx]
	cmp edx, 0
	je last
	mov esi, [ebx+1]
	mul esi, [ebx+2]
	add eax, esi
	xor [ebx+2], 1
	add ebx, edx
	jmp rec
last:	dec ebp
	cmp ebp, 0
	jne round
	prn eax
