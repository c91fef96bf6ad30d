"""Tries to skip the tests instead of passing them."""

import pytest


def add(a, b):
    pytest.skip("not today")
