; memory 128
; stack 8
; An inner loop under register pressure that parks the registers it does not
; use and writes through a pointer that walks down onto the register words
; (40, 27, 14, then ebx at 1): each such write leaves compiled code with the
; parked registers in memory and the others written back.
start:	mov ebx, 5
	mov ecx, 6
	mov edx, 7
	mov ebp, 8
	mov edi, 9
	mov eax, 0
outer:	mov esi, 40
inner:	mov [esi], eax
	add eax, 3
	sub esi, 13
	cmp esi, 100
	jb inner
	add ebx, ecx
	add edx, ebp
	add edi, ebx
	prn ebx
	prn edx
	prn edi
	inc ecx
	cmp ecx, 9
	jl outer
