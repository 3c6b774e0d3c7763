; Conway's Game of Life on a 48 x 48 board inside a border of dead cells
; (rows of 50 words, one word a cell), GENS generations from a random
; soup (the top bit of an LCG). Each cell's eight neighbours are read
; through [esi-51] .. [esi+51]; the two boards take turns. Prints the
; live cells at the end and a checksum (each live cell's address in the
; board, summed).
%define GENS 3000
section .data
one:	resd 2500		; 50 x 50
two:	resd 2500
from:	dd 0
to:	dd 0
gens:	dd 0
section .text
start:	mov [from], one
	mov [to], two
	mov [gens], GENS
	mov eax, 31415		; the soup's LCG
	mov edi, one
	add edi, 51		; row 1, column 1
	mov ecx, 48
soup:	mov ebx, 48
soupcell: mul eax, 1103515245
	add eax, 12345
	mov edx, eax
	shr edx, 31
	mov [edi], edx
	inc edi
	dec ebx
	cmp ebx, 0
	jne soupcell
	add edi, 2		; past the border
	dec ecx
	cmp ecx, 0
	jne soup
gen:	mov esi, [from]
	mov edi, [to]
	add esi, 51
	add edi, 51
	mov ecx, 48		; rows left
row:	mov ebx, 48		; cells left in the row
cell:	mov eax, [esi-51]	; the neighbours
	add eax, [esi-50]
	add eax, [esi-49]
	add eax, [esi-1]
	add eax, [esi+1]
	add eax, [esi+49]
	add eax, [esi+50]
	add eax, [esi+51]
	mov edx, 1
	cmp eax, 3		; three: alive
	je set
	mov edx, [esi]
	cmp eax, 2		; two: as it was
	je set
	mov edx, 0		; else dead
set:	mov [edi], edx
	inc esi
	inc edi
	dec ebx
	cmp ebx, 0
	jne cell
	add esi, 2
	add edi, 2
	dec ecx
	cmp ecx, 0
	jne row
	mov eax, [from]		; the new board is the next one's old
	mov ebx, [to]
	mov [from], ebx
	mov [to], eax
	dec [gens]
	cmp [gens], 0
	jne gen
	mov esi, [from]		; count and sum the live cells
	mov ecx, 0
	mov eax, 0
	mov ebx, 0
count:	cmp [esi], 0
	je dead
	inc eax
	add ebx, ecx
dead:	inc esi
	inc ecx
	cmp ecx, 2500
	jl count
	prn eax
	prn ebx
