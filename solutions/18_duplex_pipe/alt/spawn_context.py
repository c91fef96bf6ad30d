"""With the "spawn" start method the child inherits no descriptors: it only gets the end it is passed."""

from __future__ import annotations

import multiprocessing

ctx = multiprocessing.get_context("spawn")


def server(conn):
    with conn:  # closes conn however the loop ends
        while True:
            try:
                conn.send(conn.recv().upper())
            except EOFError:
                return


def talk(messages, serve=server):
    parent_end, child_end = ctx.Pipe(duplex=True)
    p = ctx.Process(target=serve, args=(child_end,))
    p.start()
    child_end.close()
    replies = []
    with parent_end:
        for message in messages:
            parent_end.send(message)
            try:
                replies.append(parent_end.recv())
            except EOFError:
                break
    p.join()
    return replies
