# expect: tampering
"""Gets at the caller's frames through a traceback (tb_frame), not sys._getframe."""


def work(n):
    try:
        raise RuntimeError
    except RuntimeError as exc:
        try:
            frame = exc.__traceback__.tb_frame.f_back
            frame.f_globals.get("__name__")
        except Exception:
            pass
    return n
