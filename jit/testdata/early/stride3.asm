; Records of three words walked with jne to an end pointer (the step is
; 3, so != is no bound for the analysis): the sum of one field and the
; largest of another. Prints them.
%define NREC 900
%define ROUNDS 400
section .data
recs:	resd 2700
section .text
start:	mov ecx, 0
fill:	mov eax, ecx
	mul eax, 40503
	and eax, 4095
	mov [recs+ecx], eax
	inc ecx
	cmp ecx, 2700
	jl fill
	mov ebp, ROUNDS
	mov ebx, 0
	mov edx, 0
round:	mov esi, recs
	mov edi, recs+2700
rec:	add ebx, [esi+1]
	cmp [esi+2], edx
	jbe small
	mov edx, [esi+2]
small:	add esi, 3
	cmp esi, edi
	jne rec
	dec ebp
	cmp ebp, 0
	jne round
	prn ebx
	prn edx
