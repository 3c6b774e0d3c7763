# Functions with frames, one recursive, one a loop through [esi], called
# from a loop. TestRegionCuts inserts dead nops at '# pad' to move them
# across the boundaries between regions: how fast they run must not
# depend on where they fall.
%define N 512
%define ROUNDS 5

start:	mov ecx, 0
fill:	mov eax, ecx
	mul eax, 7
	and eax, 15
	mov [arr+ecx], eax
	inc ecx
	cmp ecx, N
	jl fill
	mov edi, ROUNDS
	mov ebx, 0
round:	push N
	push 0
	call sum
	add esp, 2
	add ebx, eax
	push 9
	push N
	push arr
	call count
	add esp, 3
	add ebx, eax
	dec edi
	cmp edi, 0
	jne round
	prn ebx
	jmp exit
# pad

# sum(lo, hi): arr[lo] + ... + arr[hi-1], halving; two locals on the frame.
sum:	push ebp
	mov ebp, esp
	sub esp, 2
	mov eax, [ebp+3]
	sub eax, [ebp+2]
	cmp eax, 1
	jne split
	mov ecx, [ebp+2]
	mov eax, [arr+ecx]
	jmp done
split:	mov eax, [ebp+2]
	add eax, [ebp+3]
	shr eax, 1
	mov [ebp-1], eax
	push eax
	push [ebp+2]
	call sum
	add esp, 2
	mov [ebp-2], eax
	push [ebp+3]
	push [ebp-1]
	call sum
	add esp, 2
	add eax, [ebp-2]
done:	mov esp, ebp
	pop ebp
	ret

# count(p, n, x): how many of the n words from p hold x.
count:	push ebp
	mov ebp, esp
	push esi
	mov esi, [ebp+2]
	mov ecx, [ebp+3]
	mov eax, 0
cloop:	mov edx, [esi]
	cmp edx, [ebp+4]
	jne cnext
	inc eax
cnext:	inc esi
	dec ecx
	cmp ecx, 0
	jne cloop
	pop esi
	pop ebp
	ret

exit:

section .data
arr:	resd N
