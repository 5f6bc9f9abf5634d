"""Python's cyclic garbage collector, paused around work that builds many short-lived objects."""

import contextlib
import gc


@contextlib.contextmanager
def collector_paused():
    """The cyclic collector paused for the block, and enabled again after it if it was on.

    For work that makes hundreds of thousands of objects which all live until it ends (a print's
    boxes in WeasyPrint, a district's evaluation rows): left on, the collector rescans them again
    and again and took a third to a half of the time (bench/documents.py, bench/breakthrough.py).
    Memory is not at stake: the collector would free nothing while the work still holds them."""
    paused = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()
