"""What the MkDocs plugin needs besides the core: ways round MkDocs' own habits.

``plugin`` calls the core from MkDocs' events; the modules here change how MkDocs itself
works where that costs contributors time: which file watcher `mkdocs serve` uses
(``watching``), a served folder that is not emptied before each rebuild
(``kept_site_folder``), a theme listing that skips Material's hidden icons
(``theme_listing``). Only ``plugin`` and this package import MkDocs, Jinja or watchdog.
"""
