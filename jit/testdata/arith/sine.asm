; Fixed-point sine by a polynomial: for every angle a of a circle of 4096
; steps, the quadrant (a / 1024) folds a to t in 0..1024 of a quarter
; turn, x = t * pi/2 in Q14 (1.0 = 16384), and sin x = x (1 - x^2/6 (1 -
; x^2/20 (1 - x^2/42))) by Horner's rule, every product shifted back by
; 14; the lower half of the circle negates it. ROUNDS times over the
; circle, each round starting PHASE steps further on, adds up the sines
; and a mix of them; prints the sums and sin 45, sin 90, sin 210 degrees.
%define ROUNDS 400
%define PHASE 37
section .data
sines:	resd 4096
section .text
start:	mov edi, 0		; the sum
	mov ebp, 0		; the mix
	mov edx, 0		; the round's first angle
	mov esi, ROUNDS
round:	mov ecx, 0		; steps this round
angle:	mov eax, ecx
	add eax, edx
	and eax, 4095		; a
	mov ebx, eax
	shr ebx, 10		; the quadrant
	and eax, 1023
	test ebx, 1
	jz rising
	mov [8191], eax		; scratch: t = 1024 - r
	mov eax, 1024
	sub eax, [8191]
rising:	mul eax, 25736		; pi/2 in Q14, over 1024 steps
	shr eax, 10		; x
	push eax
	mul eax, eax
	shr eax, 14		; x^2
	mov [8190], eax
	div eax, 42
	mov [8189], 16384
	sub [8189], eax		; 1 - x^2/42
	mov eax, [8190]
	mul eax, [8189]
	shr eax, 14
	div eax, 20
	mov [8189], 16384
	sub [8189], eax		; 1 - x^2/20 (...)
	mov eax, [8190]
	mul eax, [8189]
	shr eax, 14
	div eax, 6
	mov [8189], 16384
	sub [8189], eax		; 1 - x^2/6 (...)
	pop eax
	mul eax, [8189]
	shr eax, 14		; sin x
	cmp ebx, 2
	jb upper
	mov [8191], eax
	mov eax, 0
	sub eax, [8191]		; the lower half
upper:	add edi, eax
	xor ebp, eax
	shl ebp, 1
	add ebp, eax
	cmp esi, 1		; the last round keeps a table
	jne next
	mov ebx, ecx
	add ebx, edx
	and ebx, 4095
	mov [sines+ebx], eax
next:	inc ecx
	cmp ecx, 4096
	jl angle
	add edx, PHASE
	dec esi
	cmp esi, 0
	jg round
	prn edi
	prn ebp
	prn [sines+512]
	prn [sines+1024]
	prn [sines+2389]
