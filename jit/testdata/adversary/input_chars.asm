; rdc to the end of the input (-1), into memory through esi, counting; then
; printing back in reverse with prc.
; input "héllo, wörld €\n"
start:
    mov esi, 40
loop:
    rdc [esi]
    cmp [esi], -1
    je done
    inc esi
    jmp loop
done:
    rdc eax
    prn eax
back:
    dec esi
    cmp esi, 40
    jl end
    prc [esi]
    jmp back
end:
    rdn eax
