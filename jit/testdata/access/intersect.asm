; Counts the common values of two sorted arrays, many times, with two
; pointers that move by the data: the smaller side steps, both on a match.
%define N 3000
%define ROUNDS 1200
section .data
a:	resd N
b:	resd N
section .text
start:	mov ecx, 0		; a: multiples of 3, b: of 5, plus noise
	mov eax, 0
	mov edx, 0
fill:	add eax, 3
	mov [a+ecx], eax
	add edx, 5
	mov ebx, edx
	and ebx, 1
	add ebx, edx
	mov [b+ecx], ebx
	inc ecx
	cmp ecx, N
	jl fill
	mov ebp, ROUNDS
	mov eax, 0		; total
round:	mov esi, a
	mov edi, b
	mov ecx, a+N
	mov edx, b+N
step:	cmp esi, ecx
	jae done
	cmp edi, edx
	jae done
	mov ebx, [esi]
	cmp ebx, [edi]
	je same
	jb lower
	inc edi
	jmp step
lower:	inc esi
	jmp step
same:	inc eax
	add eax, ebx
	inc esi
	inc edi
	jmp step
done:	dec ebp
	cmp ebp, 0
	jne round
	prn eax
