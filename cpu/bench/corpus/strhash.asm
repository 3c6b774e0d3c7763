; A string hash: LEN pseudo-random bytes (an LCG), one to a word, hashed
; ROUNDS times through [esi] (h = h + h shl 5, h = h xor h shr 2, h = h xor
; the byte), each round from a different seed. Prints the last hash and the
; sum of all of them.
%define ROUNDS 6000
%define LEN 4096
section .data
str:	resd LEN
section .text
start:	mov esi, str
	mov eax, 1
	mov ecx, LEN
fill:	mul eax, 1664525
	add eax, 1013904223
	mov edx, eax
	shr edx, 24		; the top byte
	mov [esi], edx
	inc esi
	dec ecx
	cmp ecx, 0
	jne fill
	mov ebx, 0		; the sum of the hashes
	mov edi, ROUNDS
round:	mov eax, 5381
	add eax, edi		; this round's seed
	mov esi, str
	mov ecx, LEN
hash:	mov edx, eax
	shl edx, 5
	add eax, edx
	mov edx, eax
	shr edx, 2
	xor eax, edx
	xor eax, [esi]
	inc esi
	dec ecx
	cmp ecx, 0
	jne hash
	add ebx, eax
	dec edi
	cmp edi, 0
	jne round
	prn eax
	prn ebx
