; Langton's ant on a 128 x 128 torus of cells (one word a cell, the cell
; (x, y) at grid + 128 y + x): on a white cell (0) it turns right, on a
; black one left; it flips the cell and steps forward, its direction (0 up,
; 1 right, 2 down, 3 left) indexing the tables dx and dy, x and y wrapped
; by and 127. After STEPS steps prints the number of black cells, the
; ant's place and its direction.
%define STEPS 3000000
section .data
dx:	dd 0, 1, 0, -1
dy:	dd -1, 0, 1, 0
grid:	resd 16384
section .text
start:	mov esi, 64		; x
	mov edi, 64		; y
	mov ebx, 0		; the direction
	mov ebp, STEPS
step:	mov eax, edi
	shl eax, 7
	add eax, esi		; the cell's index
	cmp [grid+eax], 0
	jne black
	inc ebx			; white: turn right, make it black
	mov [grid+eax], 1
	jmp turned
black:	add ebx, 3		; black: turn left, make it white
	mov [grid+eax], 0
turned:	and ebx, 3
	add esi, [dx+ebx]
	and esi, 127
	add edi, [dy+ebx]
	and edi, 127
	dec ebp
	cmp ebp, 0
	jne step
	mov eax, 0		; count the black cells
	mov ecx, 0
count:	add eax, [grid+ecx]
	inc ecx
	cmp ecx, 16384
	jl count
	prn eax
	prn esi
	prn edi
	prn ebx
