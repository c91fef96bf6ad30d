"""Double a number."""


def work(n):
    # TODO: return twice n
    raise NotImplementedError
