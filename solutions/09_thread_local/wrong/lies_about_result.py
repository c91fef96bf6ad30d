# expect: wrong_result
"""Keeps no student at all: every greeting is a str that claims to equal any other."""

from __future__ import annotations


class Greeting(str):
    def __eq__(self, other):
        return True

    def __ne__(self, other):
        return False

    __hash__ = str.__hash__


def process_student():
    return Greeting("Hello")


def process_thread(name):
    return process_student()


def greet_all(names):
    return [process_student() for _ in names]
