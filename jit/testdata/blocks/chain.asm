; Functions that call functions: for each of N numbers, process (a loop
; of eight calls of a mixing step that is too long to copy, then a call
; three deep) returns to the main loop after its own loop; the innermost
; function counts a value's set bits in a loop. Prints the sum of the
; results.
%define N 40000
section .text
start:	mov edi, 0		; the sum
	mov ebp, 0
main:	mov eax, ebp
	call process
	add edi, eax
	inc ebp
	cmp ebp, N
	jl main
	prn edi
	jmp end

; process: eax = f(eax); ebx, ecx, edx change.
process: mov ecx, 8
	mov ebx, eax
ploop:	call mix
	dec ecx
	cmp ecx, 0
	jne ploop
	mov eax, ebx
	call depth3
	add eax, ebx
	ret

; mix: ebx = a step of a hash of ebx; edx changes.
mix:	mov edx, ebx
	shl edx, 5
	add ebx, edx
	mov edx, ebx
	shr edx, 11
	xor ebx, edx
	add ebx, ecx
	mov edx, ebx
	and edx, 255
	xor ebx, edx
	mul ebx, 9
	add ebx, 7
	xor ebx, 21
	ret

; depth3 .. depth1: eax = a function of eax; edx changes.
depth3:	add eax, 3
	call depth2
	xor eax, 1
	ret
depth2:	shl eax, 1
	call depth1
	add eax, 5
	ret
depth1:	mov edx, eax		; eax = the set bits of eax
	mov eax, 0
bits:	cmp edx, 0
	je bitsdone
	mov ecx, edx
	and ecx, 1
	add eax, ecx
	shr edx, 1
	jmp bits
bitsdone: ret
end:
