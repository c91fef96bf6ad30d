# expect: memory_limit
# bound: 25
"""Allocates 1 MiB blocks (touched) until something stops it (at most 4 GiB)."""


def work(n):
    blocks = []
    for _ in range(4096):
        blocks.append(bytearray(b"x" * (1 << 20)))
    return len(blocks)
