"""A child process that answers every message with its uppercase, over one duplex Pipe.

multiprocessing.Pipe() returns two connected ends; with the default
duplex=True, each end can send() and recv(). recv() raises EOFError once the
other end is closed *everywhere*: in every process that holds a copy of it.
A child started with the "fork" method inherits a copy of both ends, so
every process must close the ends it does not use, or nobody ever sees EOF.
"""

from __future__ import annotations

import multiprocessing


def server(conn):
    """Child side: answer every message with message.upper(); when the other side hangs up, close conn and return."""
    while True:
        # TODO: recv() raises EOFError once the parent has closed its end. Catch it,
        # close conn and return normally instead of crashing.
        message = conn.recv()
        conn.send(message.upper())


def _child(serve, conn, unused):
    """What the child process runs: serve(conn) on its own end of the pipe."""
    # TODO: this child inherited a copy of the parent's end too (`unused`). As long
    # as that copy is open, the other end never reaches EOF.
    serve(conn)


def talk(messages, serve=server):
    """Start serve(child_end) in a child; send each message and collect its reply, in order; return the replies.

    If the server hangs up early (recv raises EOFError), stop and return the replies received so far.
    """
    parent_end, child_end = multiprocessing.Pipe()
    p = multiprocessing.Process(target=_child, args=(serve, child_end, parent_end))
    p.start()
    # TODO: the parent does not use child_end. Close its copy here, or parent_end.recv()
    # waits forever if the server hangs up.
    replies = []
    for message in messages:
        parent_end.send(message)
        replies.append(parent_end.recv())
    # TODO: stop on EOFError; hang up (close parent_end) so that the server ends, then join it.
    return replies
