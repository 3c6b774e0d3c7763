; Loops tested at the top whose last test, the one that stops them, comes
; with the pointer where the operands after it would be outside memory:
; the iteration that stops loads nothing there (induct.go checks those
; operands over that iteration too, and bases's load of the highest one
; may not leave wasm's memory). Up to the end of memory by a constant and
; by a register, then down onto the register words.
; memory 128
; stack 8
; max-steps 20000
start:	mov esi, 100
up:	cmp esi, 126
	jge upd
	inc esi
	mov eax, [esi]
	add [esi+1], eax
	jmp up
upd:	prn esi
	mov esi, 100
	mov edx, 1
	mov ecx, 126
upr:	cmp esi, ecx
	jge uprd
	add esi, edx
	mov eax, [esi]
	add [esi+1], eax
	jmp upr
uprd:	prn esi
	mov esi, 40
down:	cmp esi, 12
	jle downd
	dec esi
	mov eax, [esi-1]
	add [esi], eax
	jmp down
downd:	prn esi
	prn [11]
