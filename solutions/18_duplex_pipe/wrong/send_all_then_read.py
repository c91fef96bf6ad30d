# expect: timeout
"""Sends every message before reading any reply: fine while they fit in the pipe's buffer, a deadlock once they do not."""

from __future__ import annotations

import multiprocessing


def server(conn):
    """Child side: answer every message with message.upper(); when the other side hangs up, close conn and return."""
    while True:
        try:
            message = conn.recv()
        except EOFError:  # the parent's end is closed everywhere: nobody will ever send again
            break
        conn.send(message.upper())
    conn.close()


def _child(serve, conn, unused):
    """What the child process runs: serve(conn) on its own end of the pipe."""
    unused.close()  # the copy of the parent's end inherited with fork: open, it would keep our recv() from EOF
    serve(conn)


def talk(messages, serve=server):
    """Start serve(child_end) in a child; send all the messages, then collect the replies, in order; return them."""
    parent_end, child_end = multiprocessing.Pipe()
    p = multiprocessing.Process(target=_child, args=(serve, child_end, parent_end))
    p.start()
    child_end.close()  # only the child uses it; open here, it would keep our recv() from EOF
    replies = []
    try:
        for message in messages:
            parent_end.send(message)  # nobody reads the replies yet: once the buffers are full, this waits for ever
        for _ in messages:
            replies.append(parent_end.recv())
    except (EOFError, ConnectionError):
        pass  # the server hung up early: keep what it answered
    finally:
        parent_end.close()  # hang up: the server's recv() raises EOFError and it returns
    p.join()
    return replies
