; stack 6
; Copies of small functions with forward jumps and several rets (calls.go,
; inline): each basic block of the copy takes its own steps, so that a
; step limit anywhere counts only what ran; the flags a function leaves
; are read after the call; a ret in the middle whose address the function
; moved on (add [esp], k) goes through the dispatch; a fault on a branch
; of a function leaves at its address.
section .data
vals:	dd 5, -3, 0, 1200, -1500, 7, 1, -1
section .text
start:	mov ecx, 0
loop:	mov eax, [vals+ecx]
	call clamp
	add ebx, eax
	mov eax, [vals+ecx]
	call sign		; leaves the flags of its last cmp
	jl neg
	add esi, eax
neg:	mov eax, ecx
	call odd		; skips the inc when ecx is odd
	inc edi
	mov eax, [vals+ecx]
	call pick
	inc ecx
	cmp ecx, 8
	jl loop
	prn ebx
	prn esi
	prn edi
	prn edx
	hlt
clamp:	cmp eax, -1000
	jge notlow
	mov eax, -1000
	ret
notlow:	cmp eax, 1000
	jle inrange
	mov eax, 1000
inrange: ret
sign:	cmp eax, 0
	je zero
	jl minus
	mov eax, 1
	cmp eax, 0
	ret
minus:	mov eax, -1
	cmp eax, 0
	ret
zero:	cmp eax, 0
	ret
odd:	test eax, 1
	je even
	add [esp], 2		; past the inc
	ret
even:	ret
pick:	cmp eax, 1		; 1000 / (eax - 1) above 1; a fault at -1
	jle small
	mov edx, 1000
	sub eax, 1
	div edx, eax
	ret
small:	cmp eax, -1
	jne out
	mov edx, 50
	mov eax, 0
	div edx, eax
out:	ret
