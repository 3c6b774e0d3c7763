; A loop bounded by a memory word: the count of each row is kept in a
; variable (cmp ecx, [cols]), and a running total in another, as code
; compiled without registers for its variables does, and a loop that
; reads its bound into a register each time round. Prints the total.
%define ROWS 40
%define COLS 300
section .data
cols:	dd COLS
total:	dd 0
grid:	resd 12000
section .text
start:	mov ecx, 0
fill:	mov eax, ecx
	mul eax, 2654435761
	shr eax, 24
	mov [grid+ecx], eax
	inc ecx
	cmp ecx, 12000
	jl fill
	mov ebp, 30
round:	mov esi, grid
	mov edx, 0
row:	mov ecx, 0
cell:	mov eax, [esi]
	add [total], eax
	inc esi
	inc ecx
	cmp ecx, [cols]
	jl cell
	inc edx
	cmp edx, ROWS
	jl row
	mov ecx, 0		; the bound read again each time round
	mov eax, 0
again:	mov edx, [cols]
	cmp ecx, edx
	jge agend
	add eax, [grid+ecx]
	inc ecx
	jmp again
agend:	add [total], eax
	dec ebp
	cmp ebp, 0
	jne round
	prn [total]
