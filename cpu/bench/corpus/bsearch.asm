; Binary search: a sorted table of LEN numbers, table[i] = 3i + 1, and
; QUERIES keys spread over 0 .. 3*LEN (key q is 7919q mod 3*LEN); each is
; looked for by halving [lo, hi). Prints how many were found and the sum
; of the positions where they were.
%define LEN 100000
%define QUERIES 400000
section .data
table:	resd LEN
section .text
start:	mov ecx, 0		; fill the table
	mov eax, 1
fill:	mov [table+ecx], eax
	add eax, 3
	inc ecx
	cmp ecx, LEN
	jl fill
	mov ebp, 3		; the keys' range, 3*LEN
	mul ebp, LEN
	mov esi, 0		; the found
	mov edi, 0		; the sum of their positions
	mov ecx, 0		; q
query:	mov edx, ecx		; the key
	mul edx, 7919
	mod edx, ebp
	rem edx
	mov eax, 0		; lo
	mov ebx, LEN		; hi
halve:	cmp eax, ebx
	jge missing
	push eax		; mid = (lo + hi) / 2
	add eax, ebx
	shr eax, 1
	cmp [table+eax], edx
	je hit
	jb above
	mov ebx, eax		; the key is below mid: hi = mid
	pop eax
	jmp halve
above:	inc eax			; the key is above mid: lo = mid + 1
	add esp, 1		; (the old lo is not needed)
	jmp halve
hit:	add edi, eax
	inc esi
	add esp, 1
missing: inc ecx
	cmp ecx, QUERIES
	jl query
	prn esi
	prn edi
