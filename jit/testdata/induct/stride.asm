; Register steps: column sums of a ROWS x COLS matrix walked down its
; columns (esi moves by the row length in ebx, a register the loop does
; not write), then a divisor count: every k adds 1 to each of its
; multiples (eax moves by k in ecx). Prints the checksums.
%define ROWS 120
%define COLS 90
%define CELLS 10800
%define N 30000
%define ROUNDS 60
section .data
mat:	resd CELLS
divs:	resd N
section .text
start:	mov esi, mat		; fill the matrix from an LCG
	mov eax, 7
	mov ecx, CELLS
fill:	mul eax, 1103515245
	add eax, 12345
	mov edx, eax
	shr edx, 20
	mov [esi], edx
	inc esi
	dec ecx
	cmp ecx, 0
	jne fill
	mov ebp, ROUNDS
	mov edi, 0		; the checksum
round:	mov ebx, COLS		; the stride
	mov edx, 0		; the column
col:	mov esi, mat
	add esi, edx
	mov ecx, mat+CELLS
	mov eax, 0
down:	add eax, [esi]
	add esi, ebx
	cmp esi, ecx
	jb down
	xor edi, eax
	add edi, edx
	inc edx
	cmp edx, ebx
	jl col
	mov ecx, 1		; divisor counts of 0..N-1
count:	mov eax, ecx
mark:	add [divs+eax], 1
	add eax, ecx
	cmp eax, N
	jl mark
	inc ecx
	cmp ecx, N
	jl count
	dec ebp
	cmp ebp, 0
	jne round
	prn edi
	prn [divs+27720]
	prn [divs+N-1]
