; Walks down to a sentinel: an insertion sort whose array starts with the
; smallest number, so that its inner loop tests only the data (no bound:
; each entry may take the loop a few words down, near the register words,
; and the code after it runs long), sorting a short array many times.
; Prints a checksum of the sorted arrays.
%define N 60
%define ROUNDS 800
section .data
arr:	resd 61			; arr[0] is the sentinel
section .text
start:	mov [arr], 0x80000000
	mov ebx, 0		; the checksum
	mov ebp, 0		; the round
	mov eax, 12345
round:	mov ecx, 1		; fill arr[1..N] from an LCG
fill:	mul eax, 1103515245
	add eax, 12345
	mov edx, eax
	shr edx, 16
	mov [arr+ecx], edx
	inc ecx
	cmp ecx, N
	jle fill
	mov ecx, 2
outer:	mov edx, [arr+ecx]	; the key
	mov esi, arr-1
	add esi, ecx		; arr[ecx-1]
inner:	mov edi, [esi]
	cmp edi, edx
	jle place
	mov [esi+1], edi
	dec esi
	jmp inner
place:	mov [esi+1], edx
	inc ecx
	cmp ecx, N
	jle outer
	add ebx, [arr+1]	; the smallest, the middle one and the largest
	add ebx, [arr+30]
	add ebx, [arr+N]
	inc ebp
	cmp ebp, ROUNDS
	jl round
	prn ebx
