; Walks that end on the data: the length of each of a set of strings
; (to its 0), a copy up to and including the 0, and a search for a key
; that is known to be there. Prints the checksums.
%define NSTR 64
%define MAXLEN 200
%define ALL 12800
%define KEYS 3000
%define ROUNDS 200
section .data
strs:	resd ALL
copy:	resd MAXLEN
keys:	resd KEYS
section .text
start:	mov esi, strs		; string i holds 37*i mod 199 + 1 letters
	mov edx, 0
mk:	mov eax, edx
	mul eax, 37
	mod eax, 199
	rem eax
	inc eax
	mov edi, esi
	mov ecx, eax
	add ecx, edi
letter:	mov [edi], 97
	add [edi], edx
	inc edi
	cmp edi, ecx
	jb letter
	mov [edi], 0
	add esi, MAXLEN
	inc edx
	cmp edx, NSTR
	jb mk
	mov esi, keys		; the keys: a permutation of 0..KEYS-1
	mov ecx, 0
kfill:	mov eax, ecx
	mul eax, 1237
	mod eax, KEYS
	rem eax
	mov [esi], eax
	inc esi
	inc ecx
	cmp ecx, KEYS
	jb kfill
	mov ebp, ROUNDS
	mov ebx, 0		; the checksum
round:	mov edx, strs
str:	mov edi, edx		; strlen
len:	cmp [edi], 0
	je lend
	inc edi
	jmp len
lend:	sub edi, edx
	add ebx, edi
	mov esi, edx		; strcpy
	mov edi, copy
cp:	mov eax, [esi]
	mov [edi], eax
	inc esi
	inc edi
	cmp eax, 0
	jne cp
	add ebx, [copy+3]
	add edx, MAXLEN
	cmp edx, strs+ALL
	jb str
	mov ecx, 0		; search for some keys
srch:	mov eax, ecx
	mul eax, 7
	mod eax, KEYS
	rem eax
	mov esi, keys
find:	cmp [esi], eax
	je found
	inc esi
	jmp find
found:	sub esi, keys
	add ebx, esi
	inc ecx
	cmp ecx, 60
	jb srch
	dec ebp
	cmp ebp, 0
	jne round
	prn ebx
