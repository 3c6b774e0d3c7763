; A loop bounded by a memory word the region keeps in a local (promote.go,
; induct.go) that moves its bound up as it goes, at a constant address
; (no bound for the analysis): it walks off the end of memory and faults
; there.
; memory 256
; stack 16
section .data
limit:	dd 0
total:	dd 0
section .text
start:	mov [limit], 5
	mov esi, 200		; the bound moves: the walk faults at 256
	mov ecx, 0
grow:	mov eax, [esi]
	add [total], eax
	add [limit], 2
	inc esi
	inc ecx
	cmp ecx, [limit]
	jl grow
	prn [total]
