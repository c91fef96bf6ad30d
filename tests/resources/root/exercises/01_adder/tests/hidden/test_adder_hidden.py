import adder
import pytest


@pytest.mark.points(2)
def test_2_large():
    assert adder.add(1000, 2000) == 3000


@pytest.mark.points(1)
def test_3_negative():
    assert adder.add(-1, -2) == -3
