import target


def test_small():
    assert target.work(2) == 4
