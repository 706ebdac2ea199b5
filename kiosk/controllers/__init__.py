"""Qt-free controllers: one state machine per screen, tested without widgets.

Controllers hold a screen's state and decide what happens next; they return small command
objects (submit this order, look up that card) that the screen runs off the GUI thread, and
are told the outcome. They never import Qt and never call the backend themselves.
"""
