; calls a host function that panics (the test provides it)
extern boom
        prn 42
        call boom
