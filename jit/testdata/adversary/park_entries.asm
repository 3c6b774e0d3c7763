; memory 128
; stack 8
; Parked loops whose header is also where a call returns and where a
; computed jump lands, entered each way by a dispatch (budget tested on the
; edges into them).
start:	mov ebx, 5
	mov ecx, 6
	mov edx, 7
	mov ebp, 8
	mov edi, 9
	mov esi, 0
outer:	mov eax, 0
	call f
h:	inc eax
	add [40], eax
	cmp eax, 6
	jb h
	add ebx, ecx
	add edx, ebp
	add edi, ebx
	prn ebx
	prn edx
	prn edi
	prn ebp
	inc esi
	cmp esi, 3
	jb outer
	mov eax, h2
	mov ecx, 0
	jmp eax
h2:	inc ecx
	add [41], ecx
	cmp ecx, 5
	jb h2
	add ebx, ecx
	add edx, ebp
	add edi, ebx
	prn [41]
	prn ebx
	inc esi
	cmp esi, 6
	jb outer
	hlt
f:	add ebp, 3
	ret
