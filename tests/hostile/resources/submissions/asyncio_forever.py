# expect: timeout
"""Awaits an event nobody sets."""
import asyncio


async def _main(n):
    await asyncio.Event().wait()
    return 2 * n


def work(n):
    return asyncio.run(_main(n))
