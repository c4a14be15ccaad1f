"""Dials & Weights: the generator behind the glossary of how models are trained.

The core (every module but ``plugin``) knows nothing of MkDocs; ``plugin`` is
the thin adapter that calls it from MkDocs events. The core is grouped by
pipeline stage: ``glossary`` (entries and their rules), ``runs`` (build-time
scripts and their cached outputs) and ``site`` (the files of the built site).
"""

__version__ = "0.1.0"
