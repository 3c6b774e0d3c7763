; Counted loops with no compare: dec ecx; test ecx, ecx; jne (as an x86
; programmer writes the loop instruction), a dot product through two
; pointers and a scaled copy. Prints the checksum.
%define N 700
%define ROUNDS 500
section .data
xs:	resd N
ys:	resd N
zs:	resd N
section .text
start:	mov esi, xs
	mov edi, ys
	mov ecx, N
	mov eax, 3
fill:	mul eax, 1103515245
	add eax, 12345
	mov edx, eax
	shr edx, 22
	mov [esi], edx
	xor edx, 77
	mov [edi], edx
	inc esi
	inc edi
	dec ecx
	test ecx, ecx
	jne fill
	mov ebp, ROUNDS
	mov ebx, 0
round:	mov esi, xs
	mov edi, ys
	mov ecx, N
	mov eax, 0
dot:	mov edx, [esi]
	mul edx, [edi]
	add eax, edx
	inc esi
	inc edi
	dec ecx
	test ecx, ecx
	jne dot
	add ebx, eax
	mov esi, ys
	mov edi, zs
	mov ecx, N
scale:	mov edx, [esi]
	add edx, ebp
	mov [edi], edx
	add esi, 1
	add edi, 1
	sub ecx, 1
	test ecx, ecx
	jne scale
	add ebx, [zs+5]
	dec ebp
	test ebp, ebp
	jne round
	prn ebx
