; A hash table with chaining: ROUNDS times, COUNT keys below 16384 from an
; LCG (its state kept across rounds) are counted in a table of 2048
; buckets, each a list of nodes of three words (the key, its count, the
; next node or 0) taken in turn from a pool; a key's bucket is the top 11
; bits of key * 2654435769 (Fibonacci hashing). A key found in its
; bucket's list, walked through [esi] and [esi+2], has its count raised;
; a new one is put at the list's head. Each round starts from an empty
; table. Prints, for the last round, the distinct keys, the longest list,
; the most frequent key (the first in bucket order) and its count, and
; the distinct keys of all rounds.
%define ROUNDS 40
%define COUNT 100000
section .data
seed:	dd 1
rounds:	dd ROUNDS
distinct: dd 0
total:	dd 0
heads:	resd 2048
pool:	resd 49152		; 3 * 16384
section .text
start:	mov ecx, 0		; an empty table
empty:	mov [heads+ecx], 0
	inc ecx
	cmp ecx, 2048
	jl empty
	mov edi, pool		; the next free node
	mov ecx, COUNT
	mov eax, [seed]
draw:	mul eax, 1103515245
	add eax, 12345
	mov ebx, eax
	shr ebx, 10
	and ebx, 16383		; the key
	mov edx, ebx
	mul edx, 2654435769
	shr edx, 21		; its bucket
	mov esi, [heads+edx]
find:	cmp esi, 0
	je insert
	cmp [esi], ebx
	je found
	mov esi, [esi+2]
	jmp find
found:	inc [esi+1]
	jmp drawn
insert:	mov [edi], ebx		; a new node at the head
	mov [edi+1], 1
	mov ebp, [heads+edx]
	mov [edi+2], ebp
	mov [heads+edx], edi
	add edi, 3
drawn:	dec ecx
	cmp ecx, 0
	jne draw
	mov [seed], eax
	mov eax, edi		; the distinct keys
	sub eax, pool
	div eax, 3
	mov [distinct], eax
	add [total], eax
	dec [rounds]
	cmp [rounds], 0
	jne start
	mov ecx, 0		; bucket
	mov edi, 0		; the longest list
	mov ebx, 0		; the most frequent key
	mov ebp, 0		; its count
bucket:	mov esi, [heads+ecx]
	mov edx, 0		; this list's length
node:	cmp esi, 0
	je walked
	inc edx
	cmp [esi+1], ebp
	jle notmore
	mov ebx, [esi]
	mov ebp, [esi+1]
notmore: mov esi, [esi+2]
	jmp node
walked:	cmp edx, edi
	jle notlonger
	mov edi, edx
notlonger: inc ecx
	cmp ecx, 2048
	jl bucket
	prn [distinct]
	prn edi
	prn ebx
	prn ebp
	prn [total]
