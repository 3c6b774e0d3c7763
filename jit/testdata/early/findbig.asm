; Early exits, the bound far past the data: a linear search by index for
; keys that are in the table, bounded by the largest signed number (the
; "until found" of a C loop written for(i = 0; i < INT_MAX; i++)).
; Prints the sum of the positions found.
%define N 1500
%define ROUNDS 600
section .data
tab:	resd N
section .text
start:	mov ecx, 0		; tab[i] = i*7919 mod 10007
fill:	mov eax, ecx
	mul eax, 7919
	mod eax, 10007
	rem eax
	mov [tab+ecx], eax
	inc ecx
	cmp ecx, N
	jl fill
	mov ebx, 0		; the sum
	mov edx, 0		; the round
round:	mov eax, edx		; the key: tab[(round*37) mod N]
	mul eax, 37
	mod eax, N
	rem eax
	mov eax, [tab+eax]
	mov ecx, 0
find:	cmp [tab+ecx], eax
	je hit
	inc ecx
	cmp ecx, 0x7FFFFFFF
	jl find
hit:	add ebx, ecx
	inc edx
	cmp edx, ROUNDS
	jl round
	prn ebx
