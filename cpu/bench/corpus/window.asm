; Prefix sums and a two-pointer window: LEN pseudo-random numbers from 1 to
; 100 (an LCG) and their prefix sums p (p[0] = 0, p[i+1] = p[i] + a[i]);
; then, for ROUNDS limits K = 500, 537, 574, ..., a window [l, r] slides
; right, its left end moving up while p[r+1] - p[l] > K, counting the
; windows with a sum of at most K that end at each r (r - l + 1) and the
; longest. Prints the windows of all rounds (modulo 2^32), the longest
; window of the last round and the sum of each round's longest.
%define ROUNDS 120
%define LEN 50000
section .data
limit:	dd 500
rounds:	dd ROUNDS
windows: dd 0
longest: dd 0
p:	resd 50001		; LEN + 1
section .text
start:	mov eax, 4242		; the prefix sums of the numbers
	mov ebx, 0
	mov [p], 0
	mov ecx, 0
prefix:	mul eax, 1103515245
	add eax, 12345
	mov edx, eax
	shr edx, 16
	mod edx, 100
	rem edx
	inc edx			; a[ecx], 1 to 100
	add ebx, edx
	mov [p+ecx+1], ebx
	inc ecx
	cmp ecx, LEN
	jl prefix
round:	mov ebp, [limit]
	mov ecx, 0		; r
	mov ebx, 0		; l
	mov esi, 0		; this round's longest
right:	mov eax, [p+ecx+1]
shrink:	mov edx, eax
	sub edx, [p+ebx]
	cmp edx, ebp
	jbe fits
	inc ebx
	jmp shrink
fits:	mov edx, ecx
	sub edx, ebx
	inc edx			; the windows ending at r
	add [windows], edx
	cmp edx, esi
	jbe shorter
	mov esi, edx
shorter: inc ecx
	cmp ecx, LEN
	jl right
	add [longest], esi
	add [limit], 37
	dec [rounds]
	cmp [rounds], 0
	jne round
	prn [windows]
	prn esi
	prn [longest]
