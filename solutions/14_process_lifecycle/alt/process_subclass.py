"""A Process subclass per job (the tutorial's `class Run(Process)`), joined through active_children()."""

from __future__ import annotations

import multiprocessing


class Job(multiprocessing.Process):
    def __init__(self, func, daemon=None):
        super().__init__(daemon=daemon)
        self.func = func

    def run(self):  # start() calls run() in the child
        self.func()


def run_jobs(funcs):
    jobs = [Job(func) for func in funcs]
    for job in jobs:
        job.start()
    for job in jobs:
        job.join()
    return [job.exitcode for job in jobs]


def stop_forever(p):
    p.terminate()
    p.join(timeout=30)
    return p.exitcode


def start_daemon(func):
    job = Job(func, daemon=True)
    job.start()
    return job
