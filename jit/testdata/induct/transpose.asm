; Transposes an N x N matrix into another one and adds it back,
; ROUNDS times: t[j][i] = m[i][j], then m[i][j] += t[i][j] mod 1000.
; The inner loop walks j, so one index moves by 1 and the other by N.
; Prints a checksum.
%define N 64
%define CELLS 4096
%define ROUNDS 250
section .data
m:	resd CELLS
t:	resd CELLS
section .text
start:	mov ecx, 0
fill:	mov eax, ecx
	mul eax, 7
	add eax, 3
	mod eax, 101
	rem eax
	mov [m+ecx], eax
	inc ecx
	cmp ecx, CELLS
	jl fill
	mov ebp, 0
round:	mov ecx, 0		; i
ti:	mov edx, 0		; j
tj:	mov eax, ecx		; i*N + j
	mul eax, N
	add eax, edx
	mov esi, edx		; j*N + i
	mul esi, N
	add esi, ecx
	mov ebx, [m+eax]
	mov [t+esi], ebx
	inc edx
	cmp edx, N
	jl tj
	inc ecx
	cmp ecx, N
	jl ti
	mov ecx, 0		; m += t, kept small
ai:	mov edx, 0
aj:	mov eax, ecx
	shl eax, 6		; i*64
	add eax, edx
	mov ebx, [m+eax]
	add ebx, [t+eax]
	mod ebx, 1000
	rem ebx
	mov [m+eax], ebx
	inc edx
	cmp edx, N
	jl aj
	inc ecx
	cmp ecx, N
	jl ai
	inc ebp
	cmp ebp, ROUNDS
	jl round
	mov ecx, 0
	mov eax, 0
sum:	add eax, [m+ecx]
	mul eax, 17
	inc ecx
	cmp ecx, CELLS
	jl sum
	prn eax
	prn [m+65]
