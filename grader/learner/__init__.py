"""The learner loop: progress, hints, languages, the watch loop and resetting a stub.

Everything here runs in the grader's own process and never runs learner code: gradings go through
`grader.runner`, which runs the submission in a sandboxed child with a hard wall-clock limit.
"""
