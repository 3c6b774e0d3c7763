; Count the primes below 2000 the fast way: the sieve of Eratosthenes
; crosses out the multiples of each prime once, then counts what is left.
; `cpu32 run --profile programs/primes_sieve.asm` shows where the steps go.
%define N 2000
section .data
composite: resd N           ; composite[i] = 1 once i is crossed out
section .text
start:  call sieve
        call count
        prn ecx
        hlt

; sieve: for each i from 2 while i*i < N that is not crossed out, cross out
; i*i, i*i+i, ...
sieve:  mov eax, 2
outer:  mov ebx, eax
        mul ebx, eax        ; ebx = i*i
        cmp ebx, N
        jae done
        cmp [composite+eax], 0
        jne skip
cross:  mov [composite+ebx], 1
        add ebx, eax
        cmp ebx, N
        jb cross
skip:   inc eax
        jmp outer
done:   ret

; count: ecx = how many of 2 .. N-1 are not crossed out.
count:  mov ecx, 0
        mov eax, 2
again:  cmp [composite+eax], 0
        jne taken
        inc ecx
taken:  inc eax
        cmp eax, N
        jb again
        ret
