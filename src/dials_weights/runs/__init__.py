"""Build-time runs: figure and notebook scripts executed in subprocesses, their outputs cached.

Kept apart because this is the only stage that runs untrusted code (scripts from
pull requests), with least privilege and a cache key for everything a run depends on.
"""
