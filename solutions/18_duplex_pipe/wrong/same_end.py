# expect: timeout|error
"""Parent and child both use the same end of the pipe: what the parent sends goes to the other end, which nobody reads."""

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
    """Start serve(child_end) in a child; send each message and collect its reply, in order; return the replies."""
    parent_end, child_end = multiprocessing.Pipe()
    p = multiprocessing.Process(target=_child, args=(serve, parent_end, child_end))
    p.start()
    replies = []
    try:
        for message in messages:
            parent_end.send(message)
            replies.append(parent_end.recv())
    except EOFError:
        pass  # the server hung up early: keep what it answered
    finally:
        parent_end.close()  # hang up: the server's recv() raises EOFError and it returns
    p.join()
    return replies
