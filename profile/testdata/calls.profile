testdata/calls.asm
       count      %             line
                                   1  ; three calls of a two-line function
           1   5.0% ###            2  start:  mov ecx, 3
           3  15.0% ##########     3  loop:   call f
           3  15.0% ##########     4          dec ecx
           3  15.0% ##########     5          cmp ecx, 0
           3  15.0% ##########     6          jne loop
           1   5.0% ###            7          hlt
                                   8
           3  15.0% ##########     9  f:      inc eax
           3  15.0% ##########    10          ret

profile: 20 steps
hottest lines:
   15.0%            3  testdata/calls.asm:3  loop:   call f
   15.0%            3  testdata/calls.asm:4  dec ecx
   15.0%            3  testdata/calls.asm:5  cmp ecx, 0
functions (self: its own instructions; total: with what it calls):
  function              calls           self                  total
  (main)                    -             14   70.0%             20  100.0%
  f                         3              6   30.0%              6   30.0%
