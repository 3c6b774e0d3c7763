; A summed-area table (2-D prefix sums): a W x W grid of numbers below 100
; (an LCG) in grid, row r at grid + W r; s gets a border row and column of
; zeros (rows of W + 1 words) and s[r+1][c+1] = grid[r][c] + s[r][c+1] +
; s[r+1][c] - s[r][c], through [esi], [esi-1], [esi-W-1] and [esi-W-2].
; Then QUERIES rectangles (corners from the LCG) are summed from four
; corners of s each. ROUNDS times (a new grid each round). Prints the sum
; of all the rectangles' sums and the last table's total.
%define ROUNDS 10
%define QUERIES 100000
%define W 128
%define W1 129
section .data
grid:	resd 16384		; W x W
s:	resd 16641		; (W + 1) x (W + 1)
section .text
start:	mov eax, 3		; the LCG's state
	mov edi, 0		; the sum of the rectangles' sums
	mov ebp, ROUNDS
round:	mov ecx, 0
fill:	mul eax, 1103515245
	add eax, 12345
	mov edx, eax
	shr edx, 16
	mod edx, 100
	rem [grid+ecx]
	inc ecx
	cmp ecx, 16384
	jl fill
	mov ebx, grid		; the grid's cell
	mov esi, s+W1+1		; s[1][1]
	mov ecx, W		; rows left
rows:	mov edx, W		; columns left
cols:	push [ebx]
	pop [esi]
	add [esi], [esi-1]
	add [esi], [esi-W1]
	sub [esi], [esi-W1-1]
	inc ebx
	inc esi
	dec edx
	cmp edx, 0
	jne cols
	inc esi			; past the next row's border
	dec ecx
	cmp ecx, 0
	jne rows
	push ebp
	mov ebp, QUERIES
query:	mul eax, 1103515245	; rows r1 < r2, columns c1 < c2 of s
	add eax, 12345
	mov ebx, eax
	shr ebx, 9
	and ebx, 127		; r1
	mov ecx, eax
	shr ecx, 16
	and ecx, 127		; c1
	mul eax, 1103515245
	add eax, 12345
	mov edx, eax
	shr edx, 9
	and edx, 127
	add edx, ebx
	inc edx			; r2, below 257: clamp to W
	cmp edx, W
	jbe rclamp
	mov edx, W
rclamp:	mov esi, eax
	shr esi, 16
	and esi, 127
	add esi, ecx
	inc esi			; c2
	cmp esi, W
	jbe cclamp
	mov esi, W
cclamp:	mul edx, W1		; s[r2][c2] - s[r1][c2] - s[r2][c1] + s[r1][c1]
	mul ebx, W1
	push edx
	add edx, esi
	add edi, [s+edx]
	mov edx, ebx
	add edx, esi
	sub edi, [s+edx]
	pop edx
	add edx, ecx
	sub edi, [s+edx]
	add ebx, ecx
	add edi, [s+ebx]
	dec ebp
	cmp ebp, 0
	jne query
	pop ebp
	dec ebp
	cmp ebp, 0
	jne round
	prn edi
	prn [s+16640]
