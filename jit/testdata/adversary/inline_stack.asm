; stack 5
; Copies of small functions (calls.go, inline) whose ret finds a return
; address other than its call's: one pops its caller's frame too (inc esp
; before ret, so it returns to its caller's caller), and one pushes until
; the small stack is full, called through a chain of calls.
section .text
start:	mov ecx, 0
loop:	call outer
	inc ecx
	cmp ecx, 3
	jl loop
	call deep
	hlt
outer:	call unwind		; returns straight to loop's caller site
	prn 99			; not run
	ret
unwind:	inc esp
	add ebx, ecx
	prn ebx
	ret
deep:	call deeper
	ret
deeper:	call fill
	ret
fill:	push 1
	push 2
	push 3
	pop eax
	pop eax
	pop eax
	ret
