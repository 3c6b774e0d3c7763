; A count in a memory word bounds a loop over an array reached through a
; register, and a second memory word carries a running maximum: a fill
; of N words from an LCG, then ROUNDS passes that each sum the first
; [n] words (n grows by 7 a pass, modulo N) and keep the largest sum.
%define N 4000
%define ROUNDS 19999
section .data
n:	dd 0
best:	dd 0
arr:	resd N
pass:	dd 0
section .text
start:	mov eax, 12345
	mov esi, arr
	mov ecx, 0
fill:	mul eax, 1103515245
	add eax, 12345
	mov edx, eax
	shr edx, 20
	mov [arr+ecx], edx
	inc ecx
	cmp ecx, N
	jl fill
	mov [pass], 0
round:	add [n], 7
	mod [n], N
	rem [n]
	mov ecx, 0
	mov eax, 0
	mov esi, arr
	cmp [n], 0
	je done
sum:	add eax, [esi]
	inc esi
	inc ecx
	cmp ecx, [n]
	jl sum
done:	cmp eax, [best]
	jbe nobest
	mov [best], eax
nobest:	inc [pass]
	cmp [pass], ROUNDS
	jl round
	prn [best]
	prn [n]
	prn eax
