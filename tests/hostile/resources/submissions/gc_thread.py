# expect: tampering
"""Calls gc.get_referrers from a thread whose target is the library function itself (no frame of its own)."""
import gc
import threading

_t = threading.Thread(target=gc.get_referrers, args=(threading,))
_t.start()
_t.join()


def work(n):
    return n
