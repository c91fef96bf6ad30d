# expect: memory_limit
# bound: 25
"""Allocates 16 MiB blocks (touched) until something stops it (at most 4 GiB)."""


def work(n):
    blocks = []
    for _ in range(256):
        blocks.append(b"x" * (16 << 20))
    return len(blocks)
