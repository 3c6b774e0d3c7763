; Early exits through a derived address: the first cell of each row of a
; matrix above a threshold, row*COLS+col, the column bounded only by a
; large number (the scan stops at the first hit, always in its row).
; Prints the sum of the columns found.
%define ROWS 60
%define COLS 200
section .data
m:	resd 12000
section .text
start:	mov ecx, 0
fill:	mov eax, ecx
	mul eax, 2246822519
	shr eax, 20
	mov [m+ecx], eax
	inc ecx
	cmp ecx, 12000
	jl fill
	mov edx, 0
	mov ecx, 0
mark:	mov eax, ecx		; the last cell of each row is above all
	mul eax, COLS
	mov [m+COLS-1+eax], 5000
	inc ecx
	cmp ecx, ROWS
	jl mark
	mov ebx, 0
	mov ebp, 150
round:	mov ecx, 0		; the row
	mov edi, 3000		; the threshold
	add edi, ebp
grow:	mov edx, 0		; the column
gcell:	mov eax, ecx
	mul eax, COLS
	add eax, edx
	cmp [m+eax], edi
	ja ghit
	inc edx
	cmp edx, 1000000
	jl gcell
ghit:	add ebx, edx
	inc ecx
	cmp ecx, ROWS
	jl grow
	dec ebp
	cmp ebp, 0
	jne round
	prn ebx
