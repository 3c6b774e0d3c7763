; A 2-D heat stencil: each inner cell of a ROWS x COLS grid becomes the
; average of its four neighbours, from grid a into grid b and back, for
; STEPS sweeps. Cells are found the way the textbook writes it: row*COLS
; + col, recomputed for every cell. Prints a checksum.
%define ROWS 60
%define COLS 80
%define CELLS 4800
%define STEPS 300
section .data
a:	resd CELLS
b:	resd CELLS
section .text
start:	mov ecx, 0		; a[i] = some pattern
	mov eax, 12345
init:	mul eax, 1103515245
	add eax, 12345
	mov edx, eax
	shr edx, 22
	mov [a+ecx], edx
	mov [b+ecx], edx
	inc ecx
	cmp ecx, CELLS
	jl init
	mov ebp, 0		; sweep counter
sweep:	mov ecx, 1		; row
row:	mov edx, 1		; col
col:	mov eax, ecx
	mul eax, COLS
	add eax, edx		; eax = row*COLS + col
	mov ebx, [a+eax-1]
	add ebx, [a+eax+1]
	add ebx, [a+eax-COLS]
	add ebx, [a+eax+COLS]
	shr ebx, 2
	mov [b+eax], ebx
	inc edx
	cmp edx, COLS-1
	jl col
	inc ecx
	cmp ecx, ROWS-1
	jl row
	mov ecx, 1		; copy b back into a, row by row
crow:	mov edx, 1
ccol:	mov eax, ecx
	mul eax, COLS
	add eax, edx
	mov ebx, [b+eax]
	mov [a+eax], ebx
	inc edx
	cmp edx, COLS-1
	jl ccol
	inc ecx
	cmp ecx, ROWS-1
	jl crow
	inc ebp
	cmp ebp, STEPS
	jl sweep
	mov ecx, 0		; checksum
	mov eax, 0
sum:	add eax, [a+ecx]
	mul eax, 31
	inc ecx
	cmp ecx, CELLS
	jl sum
	prn eax
	prn [a+2440]
