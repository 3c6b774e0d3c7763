; Two pointers that move towards each other, the loop bounded by their
; compare (induct.go): a string reversed in place, a pair that starts
; crossed (one iteration's test, nothing more), a pair that meets
; exactly and one that steps past, then a pair whose upper pointer
; starts past the end of memory: the interpreter runs that loop and
; faults at its first store.
; memory 128
; stack 8
; max-steps 20000
section .data
s:	dd "racecars and more", 0
section .text
start:	mov esi, s
	mov edi, s
	add edi, 16
swap:	cmp esi, edi
	jae done
	mov eax, [esi]
	mov ebx, [edi]
	mov [esi], ebx
	mov [edi], eax
	inc esi
	dec edi
	jmp swap
done:	prc [s]
	prc [s+16]
	prn esi
	mov esi, 60		; crossed
	mov edi, 50
cross:	cmp esi, edi
	jae crossed
	mov [esi], 1
	inc esi
	jmp cross
crossed: prn [60]
	mov esi, 40		; steps of 2 and -1 meet at 50, and past
	mov edi, 70
meet:	mov [esi], esi
	mov [edi], edi
	add esi, 2
	dec edi
	cmp esi, edi
	jl meet
	prn esi
	prn edi
	mov esi, 100		; edi past the end: faults at [edi]
	mov edi, 130
last:	mov [esi], 7
	mov [edi-1], 8
	inc esi
	sub edi, 2
	cmp esi, edi
	jb last
	prn 0
