; Registers that walk off the end of memory, onto the register words and
; past 2^32 inside loops checked at their entry: the check fails, the
; interpreter runs the loop and faults at the exact access, after the
; iterations before it ran (their output, their stores). Rounds start at
; every offset, so that the fault comes at each operand of the body.
; memory 128
; stack 8
; max-steps 30000
start:	mov ebp, 0
round:	mov esi, 120		; up off the end: [esi] [esi+1] [esi+2] in the body
	add esi, ebp
	mov ecx, 0
up:	mov eax, [esi]
	prn ecx
	mov [esi+1], eax
	add [esi+2], 1
	inc esi
	inc ecx
	cmp ecx, 20
	jl up
	inc ebp
	cmp ebp, 5
	jl round
