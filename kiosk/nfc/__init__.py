"""Card readers behind one interface: nfcpy, keyboard wedge and simulated."""
