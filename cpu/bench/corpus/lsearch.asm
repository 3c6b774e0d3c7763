; Linear search with an early exit: a table of LEN pseudo-random numbers
; below KEYS = 4 LEN (an LCG), and QUERIES keys from the same LCG, each looked for
; by a counted loop over [arr+ecx] that breaks out at the first match.
; Prints how many keys were found, the sum of the places they were found
; at and the last key.
%define QUERIES 4000
%define LEN 2000
%define KEYS 8000
section .data
arr:	resd LEN
section .text
start:	mov eax, 99		; the LCG's state
	mov ecx, 0
fill:	mul eax, 1103515245
	add eax, 12345
	mov edx, eax
	shr edx, 8
	mod edx, KEYS
	rem [arr+ecx]
	inc ecx
	cmp ecx, LEN
	jl fill
	mov esi, 0		; keys found
	mov edi, 0		; the sum of their places
	mov ebx, QUERIES
query:	mul eax, 1103515245
	add eax, 12345
	mov edx, eax
	shr edx, 8
	mod edx, KEYS
	rem edx			; the key
	mov ecx, 0
scan:	cmp ecx, LEN
	jge missing
	cmp [arr+ecx], edx
	je found
	inc ecx
	jmp scan
found:	inc esi
	add edi, ecx
missing: dec ebx
	cmp ebx, 0
	jne query
	prn esi
	prn edi
	prn edx
