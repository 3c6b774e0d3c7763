; Reads a count N, then N numbers, and prints their sum: rdn skips the
; white space (spaces, newlines) between numbers, and reads signs.
; Run it with: cpu32 run --input programs/readsum.in programs/readsum.asm
        rdn ecx                 ; how many numbers
        mov eax, 0              ; the sum
again:  cmp ecx, 0
        je done
        rdn ebx                 ; the next number
        add eax, ebx
        dec ecx
        jmp again
done:   prn eax
