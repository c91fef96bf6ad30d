"""Servers and child wrappers of the tests' own; they run in child processes.

A module of its own, so that they pickle by name under any start method.
"""

from __future__ import annotations


def close_then_serve(serve, conn, unused):
    """Run the learner's server in a child, after closing the inherited copy of the test's end."""
    unused.close()
    serve(conn)


def hang_up_after_first(conn):
    """A server that reads one message and hangs up without answering."""
    conn.recv()
    conn.close()


def polite(conn):
    """A correct server, for testing the parent side alone."""
    while True:
        try:
            message = conn.recv()
        except EOFError:
            break
        conn.send(message.upper())
    conn.close()


def answering(progress, conn):
    """A correct server that keeps count in `progress` (a shared array): [messages received, 1 while sending]."""
    while True:
        try:
            message = conn.recv()
        except EOFError:
            break
        progress[0] += 1
        progress[1] = 1  # sending the reply: send() waits while the pipe's buffer is full
        conn.send(message.upper())
        progress[1] = 0
    conn.close()
