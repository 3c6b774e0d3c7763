; gives a host function a string outside memory
extern print_str
        prn 42
        push 9999999
        call print_str
