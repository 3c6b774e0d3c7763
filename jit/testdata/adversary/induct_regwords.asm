; Pointers that walk down onto the register words inside loops checked at
; their entry: the interpreter runs them, and their stores land on the
; registers exactly as they would without the compiling tier (edi and
; esi itself, then flags, rem and eip: a jump back to the start, round
; and round until the step limit). Between them, a loop whose bound lets
; it reach the registers but an earlier exit stops it first.
; memory 96
; stack 8
; max-steps 5000
section .data
v:	dd 3, 1, 4, 1, 5, 9, 2, 6
section .text
start:	mov esi, 20
	mov ecx, 0
down:	mov [esi], 7
	dec esi
	inc ecx
	cmp ecx, 12
	jl down
	prn ecx
	prn esi
	prn edi
	mov esi, v		; bound at 0, stopped by the 9
	add esi, 7
search:	cmp [esi], 9
	je found
	dec esi
	cmp esi, 0
	jg search
found:	prn esi
	mov esi, 8		; flags, rem, then eip: a jump to 0
	mov ecx, 0
write:	mov [esi], 0
	dec esi
	inc ecx
	cmp ecx, 3
	jb write
	prn 99
