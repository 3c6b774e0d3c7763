# A recursive walk over a binary tree kept in an array (the children of
# node i are nodes 2i+1 and 2i+2): walk(i) returns the sum of the subtree's
# values. Each call has a frame through ebp (the argument at [ebp+2], the
# node's value kept at [ebp-1]) and reads the node through esi.
%define NODES 4095
%define TURNS 100

# walk: eax = the sum of the subtree at node [esp+1]; ecx and esi change.
walk:	push ebp
	mov ebp, esp
	mov ecx, [ebp+2]
	cmp ecx, NODES
	jb inside
	mov eax, 0
	pop ebp
	ret
inside:	mov esi, tree
	add esi, ecx
	push [esi]		# [ebp-1]: the node's value
	add ecx, ecx
	inc ecx
	push ecx
	call walk		# the left subtree
	add esp, 1
	add [ebp-1], eax
	mov ecx, [ebp+2]
	add ecx, ecx
	add ecx, 2
	push ecx
	call walk		# the right subtree
	add esp, 1
	add eax, [ebp-1]
	mov esp, ebp
	pop ebp
	ret

start:	mov ecx, 0		# node values: i * 7 mod 13
fill:	mov eax, ecx
	mul eax, 7
	mod eax, 13
	rem eax
	mov esi, tree
	add esi, ecx
	mov [esi], eax
	inc ecx
	cmp ecx, NODES
	jl fill
	mov edi, 0		# the turn
	mov edx, 0		# the sum of the sums
turn:	push 0
	call walk
	add esp, 1
	add edx, eax
	inc edi
	cmp edi, TURNS
	jl turn
	prn eax
	prn edx

section .data
tree:	resd NODES
