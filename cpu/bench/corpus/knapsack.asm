; 0/1 knapsack by dynamic programming over one array: ROUNDS sets of 100
; items, each a weight of 1 to 50 and a value of 1 to 100 from an LCG (its
; state kept across rounds), packed into a capacity of CAP. best[c], the
; best value within weight c, is updated item by item with c running down
; from CAP to the item's weight: best[c] = max(best[c], best[c - w] + v),
; through [best+ecx] and [best+eax]. Prints the last round's best value,
; its best value within CAP / 2, and the sum of all rounds' best values.
%define ROUNDS 250
%define CAP 1000
section .data
seed:	dd 777
rounds:	dd ROUNDS
items:	dd 0
total:	dd 0
best:	resd 1001		; CAP + 1
section .text
start:	mov ecx, 0		; nothing packed yet
clear:	mov [best+ecx], 0
	inc ecx
	cmp ecx, CAP
	jle clear
	mov [items], 100
	mov eax, [seed]
item:	mul eax, 1103515245
	add eax, 12345
	mov ebx, eax
	shr ebx, 16
	mod ebx, 50
	rem ebx
	inc ebx			; w
	mul eax, 1103515245
	add eax, 12345
	mov ebp, eax
	shr ebp, 16
	mod ebp, 100
	rem ebp
	inc ebp			; v
	mov ecx, CAP
pack:	mov edx, ecx
	sub edx, ebx
	mov edx, [best+edx]
	add edx, ebp
	cmp edx, [best+ecx]
	jle keep
	mov [best+ecx], edx
keep:	dec ecx
	cmp ecx, ebx
	jge pack
	dec [items]
	cmp [items], 0
	jne item
	mov [seed], eax
	mov edx, [best+CAP]
	add [total], edx
	dec [rounds]
	cmp [rounds], 0
	jne start
	prn [best+CAP]
	mov ecx, CAP
	shr ecx, 1
	prn [best+ecx]
	prn [total]
