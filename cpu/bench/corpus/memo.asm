; A memoised recursion: clen(n), the length of n's Collatz chain (n/2 if
; even, 3n+1 if odd, down to 1, counting both ends), computed recursively
; (clen(n) = 1 + clen(next)) and remembered in memo[n] for n below LIMIT,
; so each chain stops at the first number seen before. Finds the start
; below LIMIT with the longest chain, ROUNDS times from an empty memo;
; prints it and its length. Below 100,000 no chain passes 2^31.
%define ROUNDS 15
%define LIMIT 100000
section .data
memo:	resd LIMIT
section .text
start:	mov edi, ROUNDS
round:	mov ecx, 0		; forget everything
forget:	mov [memo+ecx], 0
	inc ecx
	cmp ecx, LIMIT
	jl forget
	mov ecx, 1		; the start
	mov esi, 0		; the longest chain
	mov ebp, 0		; its start
try:	mov eax, ecx
	call clen
	cmp eax, esi
	jle shorter
	mov esi, eax
	mov ebp, ecx
shorter: inc ecx
	cmp ecx, LIMIT
	jl try
	dec edi
	cmp edi, 0
	jne round
	prn ebp
	prn esi
	hlt

; clen: eax = the chain length of eax; ebx and edx change.
clen:	cmp eax, LIMIT
	jae unknown
	mov ebx, [memo+eax]
	cmp ebx, 0
	je unknown
	mov eax, ebx		; seen before
	ret
unknown: cmp eax, 1
	jne more
	ret			; clen(1) = 1
more:	push eax
	test eax, 1
	jnz odd
	shr eax, 1
	jmp down
odd:	mul eax, 3
	inc eax
down:	call clen
	inc eax
	pop ebx			; n
	cmp ebx, LIMIT
	jae done
	mov [memo+ebx], eax
done:	ret
