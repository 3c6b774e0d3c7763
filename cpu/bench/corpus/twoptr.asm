; Two pointers moving towards each other: a sorted table of LEN numbers
; (each 1 to 7 more than the one before, from an LCG) is searched for the
; pairs that add up to each of TARGETS targets, esi from the left and edi
; from the right: a sum too small moves esi up, too large moves edi down,
; a match counts and moves both. Prints the number of pairs found and the
; sum of the differences of their places.
%define TARGETS 1000
%define LEN 5000
section .data
arr:	resd LEN
section .text
start:	mov eax, 5		; the LCG's state
	mov ebx, 0		; the last number
	mov ecx, 0
fill:	mul eax, 1103515245
	add eax, 12345
	mov edx, eax
	shr edx, 16
	mod edx, 7
	rem edx
	add ebx, edx
	inc ebx
	mov [arr+ecx], ebx
	inc ecx
	cmp ecx, LEN
	jl fill
	mov eax, 0		; pairs
	mov ebp, 0		; the sum of their distances
	mov ecx, 0		; the target's number
target:	mov ebx, ecx		; the target: the largest number plus 7 per target
	mul ebx, 7
	add ebx, [arr+LEN-1]
	mov esi, arr
	mov edi, arr+LEN-1
pair:	cmp esi, edi
	jae paired
	mov edx, [esi]
	add edx, [edi]
	cmp edx, ebx
	jb up
	ja down
	inc eax
	add ebp, edi
	sub ebp, esi
	inc esi
down:	dec edi
	jmp pair
up:	inc esi
	jmp pair
paired:	inc ecx
	cmp ecx, TARGETS
	jl target
	prn eax
	prn ebp
