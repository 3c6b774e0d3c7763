; A loop whose handlers only its own computed jump reaches (jmp [tab+eax],
; no entries): one moves the register the loop reads through, off the end
; of memory (round 0), onto a register word (ecx's, 1), to the last word (2).
; The loop's entry check saw only the blocks constant jumps reach, took
; esi for a register the loop does not write, and read [esi] unchecked
; after the handler moved it: wasm's out-of-bounds trap, not the fault.
; memory 256
; stack 8
; max-steps 20000
section .data
tab:	dd h0, h1, h2
arr:	dd 2, 2, 1, 0
targets: dd 300, 2, 255
section .text
start:	mov ebp, 2
round:	mov esi, arr
	mov ebx, [targets+ebp]
	mov ecx, 0
next:	mov eax, [esi]
	prn eax
	inc ecx
	cmp ecx, 8
	jae done
	cmp eax, 0
	je next
	cmp eax, 3
	jae next
	jmp [tab+eax]
h0:	jmp next
h1:	mov esi, ebx
	jmp next
h2:	inc esi
	jmp next
done:	prn esi
	dec ebp
	cmp ebp, 0
	jge round
	hlt
