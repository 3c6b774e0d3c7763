; In-place string reversal, ROUNDS times: find the string's end, then swap
; its characters from both ends inwards through [esi] and [edi]. Prints
; the string after the last round (reversed, as ROUNDS is odd).
%define ROUNDS 250001
section .data
text:	dd "A man, a plan, a canal: Panama! Or: was it a car or a cat I saw?", 0
section .text
start:	mov ebp, ROUNDS
round:	mov edi, text		; find the end
find:	cmp [edi], 0
	je found
	inc edi
	jmp find
found:	dec edi			; the last character
	mov esi, text
swap:	cmp esi, edi
	jae swapped
	mov eax, [esi]
	mov ebx, [edi]
	mov [esi], ebx
	mov [edi], eax
	inc esi
	dec edi
	jmp swap
swapped: dec ebp
	cmp ebp, 0
	jne round
	mov esi, text
print:	cmp [esi], 0
	je done
	prc [esi]
	inc esi
	jmp print
done:	prc 10
