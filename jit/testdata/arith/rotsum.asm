; A checksum with rotates built from shl, shr and or: an array of SIZE
; words from a xorshift generator, then PASSES passes over it through
; [esi] and [esi+1], two words a step: h = rotl(h, 5) xor w + the steps left, g = rotr(g +
; h, 11), and g's and h's sum of the second word (an add with the carry
; found by an unsigned compare). Prints h, g and the 64-bit sum.
%define SIZE 4096
%define PASSES 300
section .data
words:	resd SIZE
sumhi:	dd 0
section .text
start:	mov eax, 2463534242	; xorshift32
	mov ecx, 0
fill:	mov ebx, eax
	shl ebx, 13
	xor eax, ebx
	mov ebx, eax
	shr ebx, 17
	xor eax, ebx
	mov ebx, eax
	shl ebx, 5
	xor eax, ebx
	mov [words+ecx], eax
	inc ecx
	cmp ecx, SIZE
	jl fill
	mov eax, 0		; h
	mov ebx, 0		; g
	mov edi, 0		; the sum's low word
	mov ebp, PASSES
pass:	mov esi, words
	mov ecx, 2048		; SIZE / 2 steps
step:	mov edx, eax		; h = rotl(h, 5) xor [esi]
	shl eax, 5
	shr edx, 27
	or eax, edx
	xor eax, [esi]
	add eax, ecx
	add ebx, eax		; g = rotr(g + h, 11)
	mov edx, ebx
	shr ebx, 11
	shl edx, 21
	or ebx, edx
	mov edx, [esi+1]	; sum += [esi+1] xor g
	xor edx, ebx
	add edi, edx
	cmp edi, edx
	jae nocarry
	inc [sumhi]
nocarry: add esi, 2
	dec ecx
	cmp ecx, 0
	jne step
	dec ebp
	cmp ebp, 0
	jne pass
	prn eax
	prn ebx
	prn [sumhi]
	prn edi
