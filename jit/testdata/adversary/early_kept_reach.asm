; A loop bounded by a memory word the region keeps in a local, whose
; pointer walks down onto that word and writes it there, then a loop
; bounded by a kept word that runs off memory's end before its bound.
; memory 256
; stack 16
section .data
limit:	dd 0
total:	dd 0
arr:	resd 20
section .text
start:	mov [limit], 30
	mov esi, arr+19
	mov ecx, 0
down:	mov [esi], ecx		; reaches total, then limit, at ecx 19 and 20
	add [total], ecx
	dec esi
	inc ecx
	cmp ecx, [limit]
	jl down
	prn ecx
	prn [limit]
	prn [total]
	mov [limit], 240
	mov esi, 0
	mov ecx, 0
up:	add [total], [esi+arr]
	inc esi
	inc ecx
	cmp ecx, [limit]
	jl up
	prn [total]
