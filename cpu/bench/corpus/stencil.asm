; A 2D stencil: a W x W grid of pseudo-random numbers below 1024, smoothed
; STEPS times, each inner cell becoming the mean (rounded down) of its four
; neighbours, read through [esi-1], [esi+1], [esi-W] and [esi+W] and written
; through [edi]; the border stays. The two grids swap roles every step.
; Prints the centre cell and a checksum (the sum of all cells).
%define STEPS 600
%define W 128
section .data
ga:	resd 16384		; W * W
gb:	resd 16384
section .text
start:	mov esi, ga
	mov edi, gb
	mov eax, 99
	mov ecx, 16384
fill:	mul eax, 1664525
	add eax, 1013904223
	mov edx, eax
	shr edx, 22
	mov [esi], edx
	mov [edi], edx
	inc esi
	inc edi
	dec ecx
	cmp ecx, 0
	jne fill
	mov ebp, ga		; ebp: from, ebx: to
	mov ebx, gb
	mov eax, STEPS
step:	push eax
	mov esi, ebp
	add esi, W
	inc esi			; the first inner cell
	mov edi, ebx
	add edi, W
	inc edi
	mov edx, W
	sub edx, 2		; the inner rows
row:	mov ecx, W
	sub ecx, 2		; the inner cells of a row
cell:	mov eax, [esi-1]
	add eax, [esi+1]
	add eax, [esi-W]
	add eax, [esi+W]
	shr eax, 2
	mov [edi], eax
	inc esi
	inc edi
	dec ecx
	cmp ecx, 0
	jne cell
	add esi, 2		; past the border
	add edi, 2
	dec edx
	cmp edx, 0
	jne row
	mov eax, ebp	; swap the grids
	mov ebp, ebx
	mov ebx, eax
	pop eax
	dec eax
	cmp eax, 0
	jne step
	mov esi, ebp		; the last result
	add esi, 8256		; W * (W/2) + W/2
	prn [esi]
	mov eax, 0
	mov esi, ebp
	mov ecx, 16384
total:	add eax, [esi]
	inc esi
	dec ecx
	cmp ecx, 0
	jne total
	prn eax
