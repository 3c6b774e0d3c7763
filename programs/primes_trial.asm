; Count the primes below 2000 the slow way: trial division of every
; candidate by every number from 2 up to its square root.
; `cpu32 run --profile programs/primes_trial.asm` shows where the steps go.
start:  mov ecx, 0          ; primes found
        mov eax, 2          ; the candidate
next:   call is_prime       ; ebx = 1 if eax is prime
        add ecx, ebx
        inc eax
        cmp eax, 2000
        jl next
        prn ecx
        hlt

; is_prime: ebx = 1 if eax is prime, else 0; edx is scratch.
is_prime:
        mov ebx, 2          ; the divisor
try:    mov edx, ebx
        mul edx, ebx
        cmp edx, eax        ; divisor squared past the candidate: prime
        ja yes
        mod eax, ebx
        rem edx
        cmp edx, 0
        je no
        inc ebx
        jmp try
yes:    mov ebx, 1
        ret
no:     mov ebx, 0
        ret
