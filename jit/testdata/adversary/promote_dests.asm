; Memory words a region keeps in locals (promote.go) written by pop,
; rem and div, the loop ending at a divide by zero that must leave the
; kept words as the interpreter has them.
; memory 256
; stack 16
section .data
cnt: dd 0
sum: dd 1000
x: dd 0
d: dd 4
section .text
start:	mov ecx, 0
l:	push ecx
	pop [x]
	add [sum], [x]
	mod [sum], 7
	rem [cnt]
	add [sum], [cnt]
	inc ecx
	cmp ecx, 50
	jl l
	prn [sum]
	prn [cnt]
	prn [x]
	mov ecx, 0
l2:	inc [cnt]
	add [sum], [cnt]
	div [sum], [d]		; a fault when d reaches 0
	mod [cnt], [d]
	rem [cnt]
	add [cnt], 5
	dec [d]
	inc ecx
	cmp ecx, 10
	jl l2
	prn [sum]
