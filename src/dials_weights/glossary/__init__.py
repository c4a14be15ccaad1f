"""The glossary: entries read from Markdown into plain data, and the rules they must follow.

Kept apart from MkDocs and from the build-time scripts, so that the content can be
read, named, linked and checked in plain Python, by the plugin, the CLI or a test.
"""
