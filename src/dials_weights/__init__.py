"""Dials & Weights: the generator behind the glossary of how models are trained.

The core (every module but ``plugin``) knows nothing of MkDocs; ``plugin`` is
the thin adapter that calls it from MkDocs events.
"""

__version__ = "0.1.0"
