; Recursion over an array, with C-like stack frames (push ebp, mov ebp,
; esp, arguments at [ebp+2] and up, locals at [ebp-1] and down): a sorted
; table of LEN numbers (each 1 to 3 more than the one before, from an
; LCG); QUERIES keys looked for by a recursive binary search find(key, lo,
; hi) that returns the key's place or -1; then ROUNDS sums of the table by
; divide and conquer, sum(lo, hi) = sum(lo, mid) + sum(mid, hi), its mid
; and its left half's sum kept in locals. Prints the keys found, the sum
; of their places and the table's sum.
%define QUERIES 100000
%define ROUNDS 100
%define LEN 4096
section .data
arr:	resd LEN
section .text
start:	mov eax, 31		; the LCG's state
	mov ebx, 0
	mov ecx, 0
fill:	mul eax, 1103515245
	add eax, 12345
	mov edx, eax
	shr edx, 16
	mod edx, 3
	rem edx
	add ebx, edx
	inc ebx
	mov [arr+ecx], ebx
	inc ecx
	cmp ecx, LEN
	jl fill
	mov esi, 0		; keys found
	mov edi, 0		; the sum of their places
	mov ecx, QUERIES
query:	mul eax, 1103515245
	add eax, 12345
	mov edx, eax
	shr edx, 16
	mod edx, 8192
	rem edx
	push eax
	push ecx
	push LEN		; find(key, 0, LEN)
	push 0
	push edx
	call find
	add esp, 3
	pop ecx
	cmp eax, -1
	je notfound
	inc esi
	add edi, eax
notfound: pop eax
	dec ecx
	cmp ecx, 0
	jne query
	prn esi
	prn edi
	mov ecx, ROUNDS
sums:	push ecx
	push LEN
	push 0
	call sum
	add esp, 2
	pop ecx
	dec ecx
	cmp ecx, 0
	jne sums
	prn eax
	hlt

; find(key, lo, hi): the place of key in arr[lo..hi-1], or -1.
find:	push ebp
	mov ebp, esp
	mov ecx, [ebp+3]	; lo
	mov edx, [ebp+4]	; hi
	cmp ecx, edx
	jl halve
	mov eax, -1
	jmp fdone
halve:	mov ebx, ecx		; mid
	add ebx, edx
	shr ebx, 1
	mov eax, [arr+ebx]
	cmp eax, [ebp+2]
	je hit
	jl upper
	push ebx		; find(key, lo, mid)
	push ecx
	push [ebp+2]
	call find
	add esp, 3
	jmp fdone
upper:	inc ebx			; find(key, mid + 1, hi)
	push edx
	push ebx
	push [ebp+2]
	call find
	add esp, 3
	jmp fdone
hit:	mov eax, ebx
fdone:	pop ebp
	ret

; sum(lo, hi): the sum of arr[lo..hi-1], hi > lo.
sum:	push ebp
	mov ebp, esp
	sub esp, 2		; [ebp-1] mid, [ebp-2] the left half's sum
	mov eax, [ebp+3]
	sub eax, [ebp+2]
	cmp eax, 1
	jne split
	mov ecx, [ebp+2]
	mov eax, [arr+ecx]
	jmp sdone
split:	mov eax, [ebp+2]
	add eax, [ebp+3]
	shr eax, 1
	mov [ebp-1], eax
	push eax		; sum(lo, mid)
	push [ebp+2]
	call sum
	add esp, 2
	mov [ebp-2], eax
	push [ebp+3]		; sum(mid, hi)
	push [ebp-1]
	call sum
	add esp, 2
	add eax, [ebp-2]
sdone:	mov esp, ebp
	pop ebp
	ret
