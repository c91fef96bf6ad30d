"""Cooperative stand-ins for threading, queue, time, concurrent.futures and multiprocessing.dummy."""
