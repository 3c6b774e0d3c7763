; Insertion sort: LEN pseudo-random numbers (an LCG), each taken from
; [arr+ecx] and put in place by shifting the larger ones before it up one
; word through [esi] and [esi+1]. Prints the smallest, the largest and a
; checksum (each number times its position, modulo 2^32).
%define LEN 8000
section .data
arr:	resd LEN
section .text
start:	mov esi, arr
	mov eax, 7
	mov ecx, LEN
fill:	mul eax, 22695477
	inc eax
	mov edx, eax
	shr edx, 8		; the high 24 bits
	mov [esi], edx
	inc esi
	dec ecx
	cmp ecx, 0
	jne fill
	mov ecx, 1		; the next number to place
outer:	cmp ecx, LEN
	jae sorted
	mov eax, [arr+ecx]	; the key
	mov esi, arr
	add esi, ecx
	dec esi			; esi: the place compared, before the key's
shift:	cmp esi, arr
	jb place
	mov edx, [esi]
	cmp edx, eax
	jbe place
	mov [esi+1], edx	; larger: one word up
	dec esi
	jmp shift
place:	mov [esi+1], eax
	inc ecx
	jmp outer
sorted:	mov eax, 0		; the checksum
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
