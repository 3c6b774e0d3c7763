; A priority queue as a binary min-heap in an array (the children of i at
; 2i+1 and 2i+2, its parent at (i-1)/2): SIZE keys from an LCG are
; inserted, then HOLDS times the smallest is taken out and inserted again
; later by 1 to 1024 (the hold model of an event simulation), then all are
; taken out. insert puts a key last and sifts it up, extract moves the
; last key to the root and sifts it down; both are subroutines taking and
; giving the key in eax. Prints the sum of the keys taken out (modulo
; 2^32), the last one and whether they came out in order (1).
%define HOLDS 500000
%define SIZE 1000
section .data
heap:	resd SIZE
section .text
start:	mov [len], 0
	mov [seed], 777
	mov ecx, 0
init:	call random
	shr eax, 12
	call insert
	inc ecx
	cmp ecx, SIZE
	jl init
	mov [sum], 0
	mov ecx, HOLDS
hold:	call extract
	add [sum], eax
	mov ebx, eax
	call random
	and eax, 1023
	inc eax
	add eax, ebx
	call insert
	dec ecx
	cmp ecx, 0
	jg hold
	mov [sorted], 1
	mov ebx, 0		; the key taken out before
drain:	call extract
	add [sum], eax
	cmp eax, ebx
	jae inorder
	mov [sorted], 0
inorder: mov ebx, eax
	cmp [len], 0
	jg drain
	prn [sum]
	prn ebx
	prn [sorted]
	hlt

; random: eax = the LCG's next state; edx changes.
random:	mov eax, [seed]
	mul eax, 1103515245
	add eax, 12345
	mov [seed], eax
	shr eax, 1
	ret

; insert: adds the key eax to the heap; edx, esi and edi change.
insert:	mov esi, [len]		; the hole, moving up
	inc [len]
up:	cmp esi, 0
	je placed
	mov edi, esi
	dec edi
	shr edi, 1		; its parent
	mov edx, [heap+edi]
	cmp edx, eax
	jbe placed
	mov [heap+esi], edx	; the parent is larger: it comes down
	mov esi, edi
	jmp up
placed:	mov [heap+esi], eax
	ret

; extract: removes the smallest key into eax; edx, esi, edi and ebp change.
extract:	mov eax, [heap]
	dec [len]
	mov ebp, [len]
	mov ebp, [heap+ebp]	; the last key, put back from the root down
	mov esi, 0		; the hole
down:	mov edi, esi
	shl edi, 1
	inc edi			; the left child
	cmp edi, [len]
	jge settled
	mov edx, edi
	inc edx			; the right child
	cmp edx, [len]
	jge left
	push eax
	mov eax, [heap+edx]
	cmp eax, [heap+edi]
	pop eax
	jae left
	mov edi, edx		; the right child is the smaller
left:	mov edx, [heap+edi]
	cmp edx, ebp
	jae settled
	mov [heap+esi], edx	; the child is smaller: it goes up
	mov esi, edi
	jmp down
settled: mov [heap+esi], ebp
	ret

section .data
len:	dd 0
seed:	dd 0
sum:	dd 0
sorted:	dd 0
