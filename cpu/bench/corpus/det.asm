; Determinants modulo the prime 32749 by Gaussian elimination: ROUNDS
; matrices of N x N numbers below 32749 (an LCG, its state kept across
; rounds; row i at a + N i), each transposed into b (det b = det a), then
; b reduced to upper triangular form: for each column c a row with a
; non-zero entry is swapped up if needed (negating the determinant), the
; pivot's inverse is found by Fermat (p to the power 32747 by square-and-
; multiply), and N - c - 1 rows below get a multiple of row c taken away,
; every product reduced mod p. Prints the sum of the determinants mod p,
; the last one and how many were 0.
%define ROUNDS 900
%define N 20
%define P 32749
section .data
a:	resd 400		; N x N
b:	resd 400
section .text
start:	mov eax, 777		; the LCG's state
	mov [total], 0
	mov [zero], 0
	mov ebp, ROUNDS
round:	mov ecx, 0		; fill a
fill:	mul eax, 1103515245
	add eax, 12345
	mov edx, eax
	shr edx, 8
	mod edx, P
	rem [a+ecx]
	inc ecx
	cmp ecx, 400
	jl fill
	mov [seed], eax
	mov esi, 0		; b = a transposed: b[j][i] = a[i][j]
trow:	mov edi, 0
tcol:	mov eax, esi
	mul eax, N
	add eax, edi
	mov ebx, edi
	mul ebx, N
	add ebx, esi
	mov edx, [a+eax]
	mov [b+ebx], edx
	inc edi
	cmp edi, N
	jl tcol
	inc esi
	cmp esi, N
	jl trow
	mov [det], 1
	mov ecx, 0		; the column c
column:	mov esi, ecx		; the row of the pivot, searched from c
	mul esi, N
	add esi, ecx
	add esi, b		; esi: b[r][c]
	mov ebx, ecx
search:	cmp [esi], 0
	jne pivot
	add esi, N
	inc ebx
	cmp ebx, N
	jl search
	mov [det], 0		; singular
	jmp reduced
pivot:	cmp ebx, ecx
	je inplace
	mov edi, ecx		; swap rows ebx and c from column c on
	mul edi, N
	add edi, ecx
	add edi, b
	mov edx, N
	sub edx, ecx
swap:	mov eax, [esi]
	push [edi]
	pop [esi]
	mov [edi], eax
	inc esi
	inc edi
	dec edx
	cmp edx, 0
	jne swap
	mov eax, P		; det = -det
	sub eax, [det]
	mod eax, P
	rem [det]
inplace: mov edi, ecx		; edi: b[c][c]
	mul edi, N
	add edi, ecx
	add edi, b
	mov eax, [det]		; det = det * pivot mod p
	mul eax, [edi]
	mod eax, P
	rem [det]
	mov eax, 1		; the pivot's inverse: pivot^(p-2) mod p
	mov ebx, [edi]
	mov edx, P-2
power:	mov [bit], edx
	and [bit], 1
	cmp [bit], 0
	je square
	mul eax, ebx
	mod eax, P
	rem eax
square:	mul ebx, ebx
	mod ebx, P
	rem ebx
	shr edx, 1
	cmp edx, 0
	jne power
	mov [inv], eax
	mov ebx, ecx		; the rows r below c
	inc ebx
	cmp ebx, N
	jge nextcol
rows:	mov esi, ebx		; esi: b[r][c]
	mul esi, N
	add esi, ecx
	add esi, b
	mov eax, [esi]		; f = b[r][c] / pivot mod p
	mul eax, [inv]
	mod eax, P
	rem [f]
	push edi
	mov edx, N
	sub edx, ecx
elim:	mov eax, [edi]		; b[r][k] = (b[r][k] + p - f b[c][k] mod p) mod p
	mul eax, [f]
	mod eax, P
	rem eax
	mov [t], P
	sub [t], eax
	mov eax, [esi]
	add eax, [t]
	mod eax, P
	rem [esi]
	inc esi
	inc edi
	dec edx
	cmp edx, 0
	jne elim
	pop edi
	inc ebx
	cmp ebx, N
	jl rows
nextcol: inc ecx
	cmp ecx, N
	jl column
reduced: mov eax, [total]
	add eax, [det]
	mod eax, P
	rem [total]
	cmp [det], 0
	jne nonzero
	inc [zero]
nonzero: mov eax, [seed]
	dec ebp
	cmp ebp, 0
	jne round
	prn [total]
	prn [det]
	prn [zero]
	hlt

section .data
total:	dd 0
zero:	dd 0
det:	dd 0
seed:	dd 0
bit:	dd 0
inv:	dd 0
f:	dd 0
t:	dd 0
