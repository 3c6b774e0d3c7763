; A loop tested on the edges into its header with five ways back: continues
; from nested ifs, a conditional and an unconditional jump back, after div
; and mod by constants.
	mov ecx, 0
	mov eax, 0
loop:	inc ecx
	cmp ecx, 50
	jge done
	mov edx, ecx
	and edx, 3
	cmp edx, 0
	je loop
	cmp edx, 1
	jne skip
	add eax, ecx
	mod ecx, 5
	rem ebx
	cmp ebx, 2
	je loop
	div eax, 3
	cmp eax, 100
	jb loop
skip:	add eax, 1
	jmp loop
done:	prn eax
	prn ebx
