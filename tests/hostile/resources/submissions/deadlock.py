# expect: timeout
"""Two threads take two locks in opposite orders."""
import threading
import time

a, b = threading.Lock(), threading.Lock()


def _one(first, second):
    with first:
        time.sleep(0.1)
        with second:
            pass


def work(n):
    t1 = threading.Thread(target=_one, args=(a, b))
    t2 = threading.Thread(target=_one, args=(b, a))
    t1.start(); t2.start(); t1.join(); t2.join()
    return 2 * n
