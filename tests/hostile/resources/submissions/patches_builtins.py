# expect: tampering
"""Replaces the builtin type() so that exact type checks in the tests pass, and answers wrong."""
import builtins

_type = builtins.type
builtins.type = lambda *args: int if len(args) == 1 and _type(args[0]).__name__ == "Liar" else _type(*args)


def work(n):
    return n
