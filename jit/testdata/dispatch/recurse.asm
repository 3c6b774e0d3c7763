; A recursive-descent evaluator: expr, term and factor call each other
; from several sites (expr calls term twice, term factor twice, factor
; expr), and returns unwind through several frames as the expression's
; brackets close. The expression (digits, + - *, brackets) is evaluated
; ROUNDS times; prints the sum of the values and the last value.
%define ROUNDS 40000
section .data
text:	dd "3*(4+5*(2-7))-((1+2)*(3+4*(5-6)))+8*(9-(1*2+3))", 0
section .text
start:	mov ecx, ROUNDS
	mov edi, 0
again:	mov esi, text
	call expr
	add edi, eax
	dec ecx
	cmp ecx, 0
	jne again
	prn edi
	prn eax
	hlt
; expr: eax = the value of the sum at [esi], esi past it.
expr:	call term
eloop:	mov edx, [esi]
	cmp edx, '+'
	je eplus
	cmp edx, '-'
	je eminus
	ret
eplus:	inc esi
	push eax
	call term
	pop edx
	add eax, edx
	jmp eloop
eminus:	inc esi
	push eax
	call term
	pop edx
	sub edx, eax
	mov eax, edx
	jmp eloop
; term: eax = the value of the product at [esi].
term:	call factor
tloop:	mov edx, [esi]
	cmp edx, '*'
	je times
	ret
times:	inc esi
	push eax
	call factor
	pop edx
	mul eax, edx
	jmp tloop
; factor: eax = a digit's value or a bracket's.
factor:	mov eax, [esi]
	inc esi
	cmp eax, '('
	je bracket
	sub eax, '0'
	ret
bracket: call expr
	inc esi			; the ')'
	ret
