; Matrix multiply: C = A B for N x N matrices of small numbers, row-major
; in .data; A[i][j] = (i + 2j) mod 7 and B[i][j] = (ij + 1) mod 5 - 2.
; The inner product walks A's row and B's column with two pointers, [esi]
; and [edi]. Prints C's trace and the sum of all its elements.
%define N 200
section .data
a:	resd 40000		; room for N * N, N up to 200
b:	resd 40000
c:	resd 40000
i:	dd 0
j:	dd 0
section .text
start:	mov ebx, 0		; ebx: the index i*N + j
	mov esi, 0		; i
fillr:	mov edi, 0		; j
fillc:	mov eax, edi
	add eax, edi
	add eax, esi
	mod eax, 7
	rem [a+ebx]
	mov eax, esi
	mul eax, edi
	inc eax
	mod eax, 5
	rem edx
	sub edx, 2
	mov [b+ebx], edx
	inc ebx
	inc edi
	cmp edi, N
	jl fillc
	inc esi
	cmp esi, N
	jl fillr
	mov ebx, c		; ebx: &C[i][j]
	mov ebp, a		; ebp: &A[i][0]
	mov [i], 0
rowi:	mov [j], 0
colj:	mov esi, ebp		; esi: &A[i][k]
	mov edi, b		; edi: &B[k][j]
	add edi, [j]
	mov edx, 0		; the dot product
	mov ecx, N
dot:	mov eax, [esi]
	mul eax, [edi]
	add edx, eax
	inc esi
	add edi, N
	dec ecx
	cmp ecx, 0
	jne dot
	mov [ebx], edx
	inc ebx
	inc [j]
	cmp [j], N
	jl colj
	add ebp, N
	inc [i]
	cmp [i], N
	jl rowi
	mov eax, 0		; the trace
	mov esi, c
	mov ecx, 0
trace:	add eax, [esi]
	add esi, N
	inc esi
	inc ecx
	cmp ecx, N
	jl trace
	prn eax
	mov eax, 0		; the sum of all
	mov edx, N
	mul edx, N
	mov ecx, 0
total:	add eax, [c+ecx]
	inc ecx
	cmp ecx, edx
	jl total
	prn eax
