; An array of records of four words (key, count, sum, max), walked with
; a pointer; each field is reached through a pointer worked out from it
; (mov eax, esi; add eax, 2), as when a student has no [esi+2] in mind.
; Each round adds a value to every record. Prints checksums.
%define NREC 2000
%define WORDS 8000
%define ROUNDS 800
section .data
recs:	resd WORDS
section .text
start:	mov esi, recs		; keys
	mov ecx, 0
mk:	mov [esi], ecx
	add esi, 4
	inc ecx
	cmp ecx, NREC
	jl mk
	mov ebp, 0
	mov edx, 99		; the values: an LCG
round:	mov esi, recs
	mov edi, recs+WORDS
walk:	mul edx, 1103515245
	add edx, 12345
	mov ebx, edx
	shr ebx, 20
	mov eax, esi		; count
	add eax, 1
	inc [eax]
	mov eax, esi		; sum
	add eax, 2
	add [eax], ebx
	mov eax, esi		; max
	add eax, 3
	cmp ebx, [eax]
	jle nomax
	mov [eax], ebx
nomax:	add esi, 4
	cmp esi, edi
	jb walk
	inc ebp
	cmp ebp, ROUNDS
	jl round
	mov esi, recs		; checksum
	mov eax, 0
sum:	mov ecx, esi
	add ecx, 2
	add eax, [ecx]
	mov ecx, esi
	add ecx, 3
	xor eax, [ecx]
	add esi, 4
	cmp esi, recs+WORDS
	jb sum
	prn eax
	prn [recs+4001]
