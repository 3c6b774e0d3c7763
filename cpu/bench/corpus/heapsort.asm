; Heap sort: builds a max-heap in arr (the children of i at 2i+1 and
; 2i+2) by sifting down every inner node, then moves the largest to the
; end LEN-1 times, sifting the new root down each time (sift, its
; arguments in registers, a loop through [arr+eax] and [arr+ebx]).
; Sorts ROUNDS arrays of LEN pseudo-random numbers (an LCG, refilled each
; round); prints the smallest and the largest of the last and a checksum
; (each number times its position, modulo 2^32).
%define ROUNDS 25
%define LEN 20000
section .data
arr:	resd LEN
section .text
start:	mov eax, 5		; the LCG's state, kept across rounds
	mov [rounds], ROUNDS
round:	mov ecx, 0
fill:	mul eax, 22695477
	inc eax
	mov edx, eax
	shr edx, 5
	mov [arr+ecx], edx
	inc ecx
	cmp ecx, LEN
	jl fill
	mov [seed], eax
	mov ebp, LEN		; heapify: sift i down, i from LEN/2-1 to 0
	shr ebp, 1
heapify: dec ebp
	mov ebx, ebp
	mov ecx, LEN
	call sift
	cmp ebp, 0
	jg heapify
	mov ebp, LEN		; the heap is arr[0..ebp)
extract: dec ebp
	mov eax, [arr]		; the largest goes after the heap
	mov edx, [arr+ebp]
	mov [arr+ebp], eax
	mov [arr], edx
	mov ebx, 0
	mov ecx, ebp
	call sift
	cmp ebp, 1
	jg extract
	mov eax, [seed]
	dec [rounds]
	cmp [rounds], 0
	jne round
	mov eax, 0		; the checksum
	mov ecx, 0
sum:	mov edx, [arr+ecx]
	mul edx, ecx
	add eax, edx
	inc ecx
	cmp ecx, LEN
	jl sum
	prn [arr]
	prn [arr+LEN-1]
	prn eax
	hlt

; sift: moves arr[ebx] down the heap arr[0..ecx) until neither child is
; larger; eax, ebx, edx, esi and edi change.
sift:	mov eax, ebx
	shl eax, 1
	inc eax			; the left child
	cmp eax, ecx
	jge sifted
	mov edx, eax
	inc edx			; the right child
	cmp edx, ecx
	jge larger
	mov esi, [arr+eax]
	cmp esi, [arr+edx]
	jge larger
	mov eax, edx		; the right one is the larger
larger:	mov esi, [arr+eax]
	mov edi, [arr+ebx]
	cmp edi, esi
	jge sifted
	mov [arr+ebx], esi	; swap with the larger child, go on from there
	mov [arr+eax], edi
	mov ebx, eax
	jmp sift
sifted:	ret

section .data
rounds:	dd 0
seed:	dd 0
