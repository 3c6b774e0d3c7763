print_three:
        prn 3
        ret
