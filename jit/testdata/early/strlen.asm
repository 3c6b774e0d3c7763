; Walks to a 0 with no bound at all: the lengths of strings of 1 to 180
; words, tested at the top (cmp [esi], 0) and, for a copy, at the bottom
; on the value moved. Prints the sum of the lengths and a checksum.
%define NSTR 50
%define MAXLEN 181
%define ROUNDS 120
section .data
strs:	resd 9050
buf:	resd MAXLEN
section .text
start:	mov esi, strs		; string i holds (i*29 mod 180) + 1 words
	mov edx, 0
mk:	mov eax, edx
	mul eax, 29
	mod eax, 180
	rem eax
	inc eax
	mov ecx, 0
	mov edi, esi
letter:	mov ebx, ecx
	add ebx, edx
	or ebx, 64
	mov [edi], ebx
	inc edi
	inc ecx
	cmp ecx, eax
	jl letter
	mov [edi], 0
	add esi, MAXLEN
	inc edx
	cmp edx, NSTR
	jl mk
	mov ebx, 0
	mov ebp, 0
round:	mov edx, strs
str:	mov esi, edx
len:	cmp [esi], 0
	je lend
	inc esi
	jmp len
lend:	sub esi, edx
	add ebx, esi
	mov esi, edx
	mov edi, buf
cpy:	mov eax, [esi]
	mov [edi], eax
	inc esi
	inc edi
	cmp eax, 0
	jne cpy
	add ebx, [buf+1]
	add edx, MAXLEN
	cmp edx, strs+9050
	jb str
	inc ebp
	cmp ebp, ROUNDS
	jl round
	prn ebx
