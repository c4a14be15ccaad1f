"""The MkDocs adapter: calls the core from MkDocs events and nothing more.

This is the only module that imports MkDocs. Content is prepared and checked
in ``on_pre_build``, before MkDocs cleans the site folder, so that a content
mistake during ``mkdocs serve`` leaves the last good site being served.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from .content import Content, prepare
from .html_fixes import fix_page
from .notebooks_site import notebook_site_files
from .problems import format_problems
from .project import Project
from .runner import format_timings
from .site_files import expand_page, glossary_files

log = logging.getLogger("mkdocs.plugins.dials_weights")
ASSETS = Path(__file__).parent / "assets"


class GlossaryPluginConfig(Config):
    repository = c.Type(str, default="")
    """Repository URL: 'edit this entry' and 'how this was made' links point into it."""
    branch = c.Type(str, default="main")
    """Branch those links name."""
    cache_dir = c.Optional(c.Type(str))
    """Where figure and notebook outputs are cached (default: .cache/dials-weights)."""


class GlossaryPlugin(BasePlugin[GlossaryPluginConfig]):
    def __init__(self) -> None:
        self.content: Content | None = None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        root = Path(config.config_file_path).parent
        cache = Path(self.config.cache_dir) if self.config.cache_dir else None
        project = Project.at(root, repo_url=self.config.repository, cache_dir=cache)
        self.project = Project(**{**project.__dict__, "branch": self.config.branch})
        for folder in (self.project.glossary_dir, self.project.figures_dir, self.project.notebooks_dir):
            if folder.is_dir() and str(folder) not in config.watch:
                config.watch.append(str(folder))
        return config

    def on_pre_build(self, config: MkDocsConfig) -> None:
        content = prepare(self.project)
        for line in format_timings(content.runs):
            log.info("figures: %s", line)
        if content.problems:
            raise PluginError(
                f"{len(content.problems)} problem(s) in the content; fix them and build again:\n"
                + format_problems(content.problems)
            )
        self.content = content

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        assert self.content is not None
        generated = glossary_files(self.content, config.site_url or "/")
        for src_uri, text in generated.pages.items():
            # Entry and tag pages stay out of the sidebar: listing thousands of them on every page
            # makes the build quadratic. Readers reach them through the index, links and search.
            inclusion = InclusionLevel.INCLUDED if src_uri in generated.navigable else InclusionLevel.NOT_IN_NAV
            files.append(File.generated(config, src_uri, content=text, inclusion=inclusion))
        for src_uri, path in generated.assets.items():
            files.append(File.generated(config, src_uri, abs_src_path=str(path)))
        for src_uri in sorted(p.name for p in ASSETS.iterdir()):
            files.append(File.generated(config, f"assets/dials-weights/{src_uri}", abs_src_path=str(ASSETS / src_uri)))
        # Ordinary Files, not File.generated: mkdocs-jupyter needs a real source path (see DESIGN.md).
        for src_uri, src_dir in notebook_site_files(self.content, config.site_url or "/").items():
            files.append(File(src_uri, str(src_dir), config.site_dir, config.use_directory_urls))
        return files

    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        assert self.content is not None
        return expand_page(markdown, self.content)

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        return fix_page(output)

    def on_post_build(self, config: MkDocsConfig) -> None:
        if self.content is not None:
            count = len(self.content.entries)
            log.info("dials-weights: %d entries, %d figure scripts", count, len(self.content.catalogue.scripts))
