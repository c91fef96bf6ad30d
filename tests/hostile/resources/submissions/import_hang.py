# expect: timeout
# bound: 25
"""Never finishes importing."""
while True:
    pass
