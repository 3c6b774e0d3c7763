; Floyd-Warshall: the shortest paths between every pair of V vertices of a
; dense directed graph, its V x V distances in one array, row i at i * V
; (each row offset computed with mul). An edge i -> j exists three times
; in four with a weight from 1 to 1000 (an LCG), else the distance starts
; at INF; a vertex is at 0 from itself. For every k and i with a path
; i -> k, row i takes the shorter of itself and d[i][k] + row k, walked
; with two pointers. Prints the sum of all distances (modulo 2^32), the
; largest one and the distance from 0 to V-1.
%define V 220
%define INF 1000000000
section .data
dist:	resd 48400		; V * V
section .text
start:	mov eax, 2718		; the LCG's state
	mov ecx, V
	mul ecx, V		; the number of cells
	mov esi, dist
fill:	mul eax, 1103515245
	add eax, 12345
	mov edx, eax
	shr edx, 16
	mov ebx, edx
	and ebx, 3
	cmp ebx, 0
	jne edge
	mov [esi], INF		; no edge
	jmp filled
edge:	shr edx, 2
	mod edx, 1000
	rem edx
	inc edx
	mov [esi], edx
filled:	inc esi
	dec ecx
	cmp ecx, 0
	jne fill
	mov ecx, 0		; the diagonal
diag:	mov esi, ecx
	mul esi, V
	add esi, ecx
	mov [dist+esi], 0
	inc ecx
	cmp ecx, V
	jl diag
	mov ebx, 0		; k
kloop:	mov ebp, ebx
	mul ebp, V
	add ebp, dist		; row k
	mov esi, 0		; i
iloop:	mov edi, esi
	mul edi, V
	add edi, dist		; row i
	add edi, ebx
	mov eax, [edi]		; d[i][k]
	sub edi, ebx
	cmp eax, INF
	je inext		; no path i -> k yet
	mov ecx, ebp
	mov edx, ebp
	add edx, V		; the end of row k
	mov [rowend], edx
jloop:	mov edx, [ecx]		; d[k][j]
	add edx, eax
	cmp edx, [edi]
	jge keep
	mov [edi], edx
keep:	inc ecx
	inc edi
	cmp ecx, [rowend]
	jl jloop
inext:	inc esi
	cmp esi, V
	jl iloop
	inc ebx
	cmp ebx, V
	jl kloop
	mov eax, 0		; the sum
	mov ebx, 0		; the largest
	mov ecx, V
	mul ecx, V
	mov esi, dist
sum:	mov edx, [esi]
	add eax, edx
	cmp edx, ebx
	jle smaller
	mov ebx, edx
smaller: inc esi
	dec ecx
	cmp ecx, 0
	jne sum
	prn eax
	prn ebx
	prn [dist+V-1]
	hlt

section .data
rowend:	dd 0
