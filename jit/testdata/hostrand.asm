; Host calls in a loop: 500,000 draws of the host's rand(100) (a function
; of --seed and the step count) into 100 buckets, then the buckets' sum
; of squares and the fullest bucket.
extern rand
%define DRAWS 500000
section .data
bucket:	resd 100
section .text
start:	mov esi, DRAWS
draw:	push 100
	call rand
	add esp, 1
	inc [bucket+eax]
	dec esi
	cmp esi, 0
	jne draw
	mov ecx, 0
	mov ebx, 0		; sum of squares
	mov edi, 0		; fullest
sums:	mov eax, [bucket+ecx]
	cmp eax, edi
	jbe small
	mov edi, eax
small:	mul eax, eax
	add ebx, eax
	inc ecx
	cmp ecx, 100
	jl sums
	prn ebx
	prn edi
