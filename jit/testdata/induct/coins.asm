; Coin change by dynamic programming: the number of ways to make each
; amount up to MAX from a set of coins (ways[a] += ways[a - coin], a going
; up), mod 1000000007, and the fewest coins for each amount
; (few[a] = min(few[a], few[a - coin] + 1)). Repeated ROUNDS times with
; the coin set shifted. Prints checksums.
%define MAX 3000
%define NCOIN 8
%define ROUNDS 60
section .data
coins:	dd 1, 2, 5, 10, 20, 50, 100, 200
ways:	resd 3001
few:	resd 3001
section .text
start:	mov ebp, 0		; round
	mov edi, 0		; checksum
round:	mov ecx, 0
clr:	mov [ways+ecx], 0
	mov [few+ecx], 999999
	inc ecx
	cmp ecx, MAX
	jle clr
	mov [ways], 1
	mov [few], 0
	mov esi, 0		; coin index
coin:	mov ebx, [coins+esi]
	add ebx, ebp		; the coin, shifted by the round
	mov ecx, ebx		; amount
amt:	mov eax, ecx
	sub eax, ebx		; amount - coin
	mov edx, [ways+eax]
	add edx, [ways+ecx]
	cmp edx, 1000000007
	jb noway
	sub edx, 1000000007
noway:	mov [ways+ecx], edx
	mov edx, [few+eax]
	inc edx
	cmp edx, [few+ecx]
	jge nofew
	mov [few+ecx], edx
nofew:	inc ecx
	cmp ecx, MAX
	jle amt
	inc esi
	cmp esi, NCOIN
	jl coin
	add edi, [ways+MAX]
	add edi, [few+MAX]
	mul edi, 3
	inc ebp
	cmp ebp, ROUNDS
	jl round
	prn edi
	prn [ways+1000]
	prn [few+999]
