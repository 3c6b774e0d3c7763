; Quicksort, recursive, its bounds passed on the stack: qsort(lo, hi)
; sorts arr[lo..hi] by Lomuto's partition around the last element, then
; calls itself on each side; each call has a frame through ebp (lo at
; [ebp+2], hi at [ebp+3]). Sorts ROUNDS arrays of LEN pseudo-random
; numbers (an LCG, refilled each round); prints the smallest and the
; largest of the last and a checksum (each number times its position,
; modulo 2^32).
%define ROUNDS 30
%define LEN 20000
section .data
arr:	resd LEN
section .text
start:	mov eax, 1		; the LCG's state, kept across rounds
	mov ecx, ROUNDS
round:	push ecx
	mov ecx, 0
fill:	mul eax, 1664525
	add eax, 1013904223
	mov edx, eax
	shr edx, 4
	mov [arr+ecx], edx
	inc ecx
	cmp ecx, LEN
	jl fill
	push eax
	mov edx, LEN
	dec edx
	push edx		; hi
	push 0			; lo
	call qsort
	add esp, 2
	pop eax
	pop ecx
	dec ecx
	cmp ecx, 0
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

; qsort(lo, hi): sorts arr[lo..hi]; every register but ebp and esp changes.
qsort:	push ebp
	mov ebp, esp
	mov eax, [ebp+2]	; lo
	mov ebx, [ebp+3]	; hi
	cmp eax, ebx
	jge done
	mov edx, [arr+ebx]	; the pivot
	mov esi, eax		; i: where the next smaller one goes
	mov ecx, eax		; j
part:	cmp ecx, ebx
	jge parted
	mov edi, [arr+ecx]
	cmp edi, edx
	jge larger
	mov eax, [arr+esi]	; swap arr[i] and arr[j]
	mov [arr+esi], edi
	mov [arr+ecx], eax
	inc esi
larger:	inc ecx
	jmp part
parted:	mov eax, [arr+esi]	; the pivot goes to i
	mov [arr+esi], edx
	mov [arr+ebx], eax
	push ebx		; qsort(i + 1, hi)'s arguments, for later
	mov eax, esi
	inc eax
	push eax
	dec esi
	push esi		; qsort(lo, i - 1)
	push [ebp+2]
	call qsort
	add esp, 2
	call qsort
	add esp, 2
done:	pop ebp
	ret
