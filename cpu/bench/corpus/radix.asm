; LSD radix sort by counting: LEN numbers from an LCG sorted by their
; four bytes, lowest first; each pass counts the byte's values into 256
; counters, turns the counts into starting places (a running sum) and
; moves every number to its place in the other array, in order (stable),
; so that after the four passes the numbers are back in src, sorted.
; Sorts ROUNDS arrays (the LCG's state kept from round to round); prints
; the smallest and the largest of the last and a checksum (each number
; times its position, modulo 2^32).
%define ROUNDS 30
%define LEN 50000
section .data
src:	resd LEN
dst:	resd LEN
counts:	resd 256
section .text
start:	mov eax, 4242		; the LCG's state
	mov [rounds], ROUNDS
round:	mov ecx, 0
fill:	mul eax, 1664525
	add eax, 1013904223
	mov [src+ecx], eax
	inc ecx
	cmp ecx, LEN
	jl fill
	mov [seed], eax
	mov [from], src
	mov [to], dst
	mov ecx, 0		; the byte's shift: 0, 8, 16, 24
pass:	mov ebx, 0
zero:	mov [counts+ebx], 0
	inc ebx
	cmp ebx, 256
	jl zero
	mov esi, [from]		; count
	mov edi, esi
	add edi, LEN
tally:	mov eax, [esi]
	shr eax, ecx
	and eax, 255
	inc [counts+eax]
	inc esi
	cmp esi, edi
	jl tally
	mov ebx, 0		; the places: a running sum
	mov edx, [to]
places:	mov eax, [counts+ebx]
	mov [counts+ebx], edx
	add edx, eax
	inc ebx
	cmp ebx, 256
	jl places
	mov esi, [from]		; move
move:	mov eax, [esi]
	mov ebx, eax
	shr ebx, ecx
	and ebx, 255
	mov edx, [counts+ebx]
	mov [edx], eax
	inc [counts+ebx]
	inc esi
	cmp esi, edi
	jl move
	mov eax, [from]		; swap the arrays' roles
	mov ebx, [to]
	mov [from], ebx
	mov [to], eax
	add ecx, 8
	cmp ecx, 32
	jl pass
	mov eax, [seed]
	dec [rounds]
	cmp [rounds], 0
	jne round
	mov eax, 0		; the checksum
	mov ecx, 0
sum:	mov edx, [src+ecx]
	mul edx, ecx
	add eax, edx
	inc ecx
	cmp ecx, LEN
	jl sum
	prn [src]
	prn [src+LEN-1]
	prn eax
	hlt

section .data
rounds:	dd 0
seed:	dd 0
from:	dd 0
to:	dd 0
