; Running dot products over two arrays into a third, the loop tested at
; its top and closed by a jmp, an index register through three arrays,
; repeated with the products' sum carried. Prints a checksum.
%define LEN 2000
%define ROUNDS 2000
section .data
a:	resd LEN
b:	resd LEN
c:	resd LEN
section .text
start:	mov ecx, 0
	mov eax, 1
fill:	mul eax, 1103515245
	add eax, 12345
	mov edx, eax
	shr edx, 16
	mov [a+ecx], edx
	and edx, 255
	mov [b+ecx], edx
	inc ecx
	cmp ecx, LEN
	jb fill
	mov edi, ROUNDS
	mov edx, 0
round:	mov ecx, 0
top:	cmp ecx, LEN
	jae next
	mov eax, [a+ecx]
	mul eax, [b+ecx]
	add edx, eax
	mov [c+ecx], edx
	inc ecx
	jmp top
next:	xor edx, edi
	dec edi
	cmp edi, 0
	jnz round
	prn edx
	prn [c+LEN-1]
