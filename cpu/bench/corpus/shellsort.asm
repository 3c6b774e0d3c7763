; Shell sort: ROUNDS arrays of LEN pseudo-random numbers (an LCG, its state
; kept across rounds), each sorted by insertion sorts over the gaps of
; Ciura's sequence, read from a table; an element moves down its gap's
; chain through a pointer, [esi], and the one a gap before, [edx]. Prints
; the smallest and the largest of the last array, the neighbours out of
; order after each sort (0), and a checksum (each number times its
; position, modulo 2^32).
%define ROUNDS 25
%define LEN 20000
section .data
gaps:	dd 1750, 701, 301, 132, 57, 23, 10, 4, 1, 0
seed:	dd 99
rounds:	dd ROUNDS
unsorted: dd 0
arr:	resd LEN
section .text
start:	mov ecx, 0		; fill arr from the LCG
	mov eax, [seed]
fill:	mul eax, 1103515245
	add eax, 12345
	mov edx, eax
	shr edx, 8
	mov [arr+ecx], edx
	inc ecx
	cmp ecx, LEN
	jl fill
	mov [seed], eax
	mov edi, gaps
gap:	mov ebx, [edi]		; the gap
	cmp ebx, 0
	je sorted
	mov ecx, ebx		; i: the next element to place
place:	cmp ecx, LEN
	jge nextgap
	mov eax, [arr+ecx]	; the key
	mov esi, arr
	add esi, ecx		; esi: the hole
down:	mov edx, esi
	sub edx, ebx		; edx: a gap before the hole
	cmp edx, arr
	jl put
	mov ebp, [edx]
	cmp ebp, eax
	jbe put
	mov [esi], ebp		; move it up into the hole
	mov esi, edx
	jmp down
put:	mov [esi], eax
	inc ecx
	jmp place
nextgap: inc edi
	jmp gap
sorted:	mov ecx, 1		; count the neighbours out of order
check:	mov eax, [arr+ecx-1]
	cmp eax, [arr+ecx]
	jbe inorder
	inc [unsorted]
inorder: inc ecx
	cmp ecx, LEN
	jl check
	dec [rounds]
	cmp [rounds], 0
	jne start
	prn [arr]
	prn [arr+LEN-1]
	prn [unsorted]
	mov eax, 0		; the checksum
	mov ecx, 0
sum:	mov edx, [arr+ecx]
	mul edx, ecx
	add eax, edx
	inc ecx
	cmp ecx, LEN
	jl sum
	prn eax
