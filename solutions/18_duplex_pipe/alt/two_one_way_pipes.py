"""Two one-way pipes instead of one duplex pipe; each process closes the three ends it does not use."""

from __future__ import annotations

import multiprocessing


class _Duplex:
    """One receiving and one sending end that look like a duplex connection to serve()."""

    def __init__(self, receiving, sending):
        self.receiving = receiving
        self.sending = sending

    def recv(self):
        return self.receiving.recv()

    def send(self, obj):
        self.sending.send(obj)

    def close(self):
        self.receiving.close()
        self.sending.close()


def server(conn):
    while True:
        try:
            message = conn.recv()
        except EOFError:
            conn.close()
            return
        conn.send(message.upper())


def _child(serve, requests_in, replies_out, requests_out, replies_in):
    requests_out.close()
    replies_in.close()
    serve(_Duplex(requests_in, replies_out))


def talk(messages, serve=server):
    requests_in, requests_out = multiprocessing.Pipe(duplex=False)  # (receiving end, sending end)
    replies_in, replies_out = multiprocessing.Pipe(duplex=False)
    p = multiprocessing.Process(target=_child, args=(serve, requests_in, replies_out, requests_out, replies_in))
    p.start()
    requests_in.close()
    replies_out.close()
    replies = []
    for message in messages:
        requests_out.send(message)
        try:
            replies.append(replies_in.recv())
        except EOFError:
            break
    requests_out.close()
    replies_in.close()
    p.join()
    return replies
