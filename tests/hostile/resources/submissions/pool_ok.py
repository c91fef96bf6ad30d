# expect: pass
"""A control: a process pool used in a `with` block is not a leak (right answers)."""
import multiprocessing


def _double(n):
    return 2 * n


def work(n):
    with multiprocessing.get_context("fork").Pool(2) as pool:
        return pool.apply(_double, (n,))
