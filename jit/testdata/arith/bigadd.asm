; Multi-word Fibonacci numbers: fa and fb hold two consecutive Fibonacci
; numbers of WORDS 32-bit words (modulo 2^(32 WORDS)), least significant
; first; each step replaces them with fb and fa + fb, word by word through
; [fa+ecx] and [fb+ecx], the carry between words found by unsigned
; compares. After STEPS steps prints the top and bottom words of fb and
; a checksum of its words.
%define WORDS 24
%define STEPS 100000
section .data
fa:	resd WORDS
fb:	resd WORDS
section .text
start:	mov [fb], 1
	mov esi, STEPS
step:	mov ecx, 0
	mov edx, 0		; the carry
word:	mov eax, [fa+ecx]
	mov ebx, [fb+ecx]
	mov [fa+ecx], ebx
	add eax, edx
	cmp eax, edx
	mov edx, 0
	jae nc1
	mov edx, 1
nc1:	add eax, ebx
	cmp eax, ebx
	jae nc2
	mov edx, 1
nc2:	mov [fb+ecx], eax
	inc ecx
	cmp ecx, WORDS
	jl word
	dec esi
	cmp esi, 0
	jg step
	mov ecx, 0
	mov eax, 0
sum:	xor eax, [fb+ecx]
	shl eax, 1
	add eax, ecx
	inc ecx
	cmp ecx, WORDS
	jl sum
	prn [fb+23]
	prn [fb]
	prn eax
