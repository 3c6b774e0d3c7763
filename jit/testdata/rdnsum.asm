; A loop reading input: rdn reads numbers until the first 0, summing
; them, counting the negative ones and keeping the largest.
section .text
start:	mov ebx, 0		; sum
	mov ecx, 0		; negatives
	mov edi, 0x80000000	; largest
more:	rdn eax
	cmp eax, 0
	je done
	add ebx, eax
	cmp eax, edi
	jle notmax
	mov edi, eax
notmax:	cmp eax, 0
	jg more
	inc ecx
	jmp more
done:	prn ebx
	prn ecx
	prn edi
