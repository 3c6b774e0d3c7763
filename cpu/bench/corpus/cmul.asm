; Complex vectors: x and y hold 1,000 complex numbers each as pairs of
; words (re, im); ROUNDS times, z += x * y number by number, through three
; pointers and the words after them ([esi], [esi+1], [edi], [edi+1],
; [ebx], [ebx+1]) stepping two words, counted down in ecx. Prints the sum
; of re - im over z.
%define ROUNDS 3000
section .data
x:	resd 2000
y:	resd 2000
z:	resd 2000
section .text
start:	mov ecx, 0		; word k: x = 7k mod 13 - 6, y = 5k mod 11 - 5
fill:	mov eax, ecx
	mul eax, 7
	mod eax, 13
	rem eax
	sub eax, 6
	mov [x+ecx], eax
	mov eax, ecx
	mul eax, 5
	mod eax, 11
	rem eax
	sub eax, 5
	mov [y+ecx], eax
	inc ecx
	cmp ecx, 2000
	jl fill
	mov ebp, ROUNDS
round:	mov esi, x
	mov edi, y
	mov ebx, z
	mov ecx, 1000
product: mov eax, [esi]		; (a + bi)(c + di) = ac - bd + (ad + bc)i
	mul eax, [edi]
	mov edx, [esi+1]
	mul edx, [edi+1]
	sub eax, edx
	add [ebx], eax
	mov eax, [esi]
	mul eax, [edi+1]
	mov edx, [esi+1]
	mul edx, [edi]
	add eax, edx
	add [ebx+1], eax
	add esi, 2
	add edi, 2
	add ebx, 2
	sub ecx, 1
	cmp ecx, 0
	jg product
	dec ebp
	cmp ebp, 0
	jne round
	mov eax, 0
	mov esi, z
	mov ecx, 0
sum:	add eax, [esi]
	sub eax, [esi+1]
	add esi, 2
	inc ecx
	cmp ecx, 1000
	jl sum
	prn eax
