# expect: resource_limit|timeout
# bound: 25
"""Starts threads until refused (at most 5000); they all block."""
import threading

stop = threading.Event()


def work(n):
    for _ in range(5000):
        threading.Thread(target=stop.wait, daemon=True).start()
    return 2 * n + 1
