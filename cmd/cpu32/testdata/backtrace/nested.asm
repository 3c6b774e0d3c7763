; average of a list whose length is 0: a divide-by-zero two calls deep.
start:  call report     ; line 2
        hlt
report: mov ecx, 0      ; the length
        call average    ; line 5
        prn eax
        ret
average:
        mov eax, 0
        div eax, ecx
        ret
