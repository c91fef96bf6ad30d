# expect: output_limit
"""Writes an ever-growing file."""


def work(n):
    with open("flood.bin", "wb") as handle:
        while True:
            handle.write(b"\0" * (1 << 20))
