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
