; Flood fill with an explicit stack: ROUNDS grids of 64 x 64 cells inside a
; border of walls (rows of 66 words), each inner cell a wall (1) with
; probability 45/100 by an LCG, else open (0). Every open cell not yet
; seen starts a region: it is marked (2) and pushed on a stack of cell
; numbers in .data (through [edi]); each cell popped is counted and its
; four neighbours, [grid+eax-1], [grid+eax+1], [grid+eax-66] and
; [grid+eax+66], marked and pushed when open. Prints the regions of all
; rounds, the largest region of all and the open cells of all rounds.
%define ROUNDS 800
section .data
seed:	dd 31337
rounds:	dd ROUNDS
regions: dd 0
largest: dd 0
opened:	dd 0
grid:	resd 4356		; 66 x 66
stack:	resd 4356
section .text
start:	mov ecx, 0		; draw the grid
	mov eax, [seed]
cell:	mov ebx, ecx		; its row and column
	div ebx, 66
	mov edx, ecx
	mod edx, 66
	rem edx
	cmp ebx, 0
	je wall
	cmp ebx, 65
	je wall
	cmp edx, 0
	je wall
	cmp edx, 65
	je wall
	mul eax, 1103515245
	add eax, 12345
	mov edx, eax
	shr edx, 16
	mod edx, 100
	rem edx
	cmp edx, 45
	jl wall
	mov [grid+ecx], 0
	jmp drawn
wall:	mov [grid+ecx], 1
drawn:	inc ecx
	cmp ecx, 4356
	jl cell
	mov [seed], eax
	mov ecx, 0		; look for regions
scan:	cmp [grid+ecx], 0
	jne scanned
	inc [regions]
	mov esi, 0		; its size
	mov [grid+ecx], 2
	mov edi, stack
	mov [edi], ecx
	inc edi
fill:	cmp edi, stack
	je filled
	dec edi
	mov eax, [edi]		; a cell of the region
	inc esi
	cmp [grid+eax-1], 0
	jne east
	mov [grid+eax-1], 2
	mov edx, eax
	dec edx
	mov [edi], edx
	inc edi
east:	cmp [grid+eax+1], 0
	jne north
	mov [grid+eax+1], 2
	mov edx, eax
	inc edx
	mov [edi], edx
	inc edi
north:	cmp [grid+eax-66], 0
	jne south
	mov [grid+eax-66], 2
	mov edx, eax
	sub edx, 66
	mov [edi], edx
	inc edi
south:	cmp [grid+eax+66], 0
	jne fill
	mov [grid+eax+66], 2
	mov edx, eax
	add edx, 66
	mov [edi], edx
	inc edi
	jmp fill
filled:	add [opened], esi
	cmp esi, [largest]
	jle scanned
	mov [largest], esi
scanned: inc ecx
	cmp ecx, 4356
	jl scan
	dec [rounds]
	cmp [rounds], 0
	jne start
	prn [regions]
	prn [largest]
	prn [opened]
