; A loop bounded by a register near INT_MAX: the counter wraps to
; negative numbers before the compare stops it, so the loop goes on
; until its pointer leaves memory. The check at the loop's entry sees
; that the counter's values would not stay exact (induct.go) and the
; interpreter runs the loop to its fault.
; memory 256
; stack 8
; max-steps 2000
start:	mov edx, 0x7FFFFFFF
	mov ecx, 0x7FFFFFFE
	mov esi, 200
l:	mov [esi], ecx
	inc esi
	inc ecx
	cmp ecx, edx
	jle l
	prn esi
