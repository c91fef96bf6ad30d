import pytest
import target


@pytest.mark.points(2)
def test_large():
    assert target.work(1000) == 2000


def test_negative():
    assert target.work(-3) == -6
