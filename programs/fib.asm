; Fibonacci numbers: rubycpu's first sample, unchanged but for comments.
; eax and ebx leapfrog each other; ecx counts the rounds.
start:
  mov eax, 1
  mov ebx, 0
  mov ecx, 1

loop: add eax, ebx      ; eax = the next Fibonacci number
  add ebx, eax          ; ebx = the one after it

  prn eax
  prn ebx

  inc ecx
  cmp ecx, 15           ; 14 rounds, 28 numbers
  je end

  cmp eax, 0            ; stop if a number ever went negative (overflow)
  jl end

  cmp ebx, 0
  jg loop


end:
