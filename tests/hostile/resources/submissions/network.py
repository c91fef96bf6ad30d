# expect: error
# modes: full
"""Tries to reach the internet (no network in the sandbox; loopback only)."""
import socket


def work(n):
    socket.create_connection(("1.1.1.1", 80), timeout=2).close()
    return 2 * n
