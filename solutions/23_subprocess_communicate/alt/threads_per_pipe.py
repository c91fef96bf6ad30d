"""By hand: a thread writes stdin while two threads drain stdout and stderr; wait(timeout) bounds the run."""

from __future__ import annotations

import subprocess
import threading


def _write(pipe, data):
    try:
        pipe.write(data)
    except BrokenPipeError:
        pass  # the child stopped reading (or was killed): nothing more to give it
    finally:
        try:
            pipe.close()
        except BrokenPipeError:
            pass


def _drain(pipe, into):
    into.append(pipe.read())


def run_filter(cmd, data, timeout):
    with subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as p:
        out, err = [], []
        threads = [
            threading.Thread(target=_write, args=(p.stdin, data)),
            threading.Thread(target=_drain, args=(p.stdout, out)),
            threading.Thread(target=_drain, args=(p.stderr, err)),
        ]
        for t in threads:
            t.start()
        try:
            p.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()
            raise
        finally:
            for t in threads:
                t.join()
        return p.returncode, out[0], err[0]
