"""The site: turns the glossary and the run outputs into the files of the built site.

Pages, their HTML furniture and repairs, search, dials and the offline archive are
made here as plain strings and files; ``plugin`` hands them to MkDocs.
"""
