"""The MkDocs adapter: calls the core from MkDocs events and nothing more.

Only this module and the ``adapter`` package import MkDocs. Content is prepared
and checked in ``on_pre_build``, before MkDocs cleans the site folder, so that a
content mistake during ``mkdocs serve`` leaves the last good site being served
(serve does not empty its folder at all: adapter/kept_site_folder.py); a
``mkdocs build`` writes into a staging folder that replaces ``site/`` only
when the whole build, strict mode included, succeeded.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import logging
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import mkdocs
from jinja2 import Environment, FileSystemBytecodeCache
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, get_toc
from mkdocs.utils import CountHandler, get_relative_url
from mkdocs.utils.templates import TemplateContext
from watchdog.observers.api import BaseObserver

from .adapter.kept_site_folder import KeptSiteFolder
from .adapter.theme_listing import skip_hidden_when_listing
from .adapter.watching import change_observer, kernel_notifications_work
from .content import Content, prepare, prune_cache
from .problems import Problem, display_path, format_problems
from .project import Project, repository_page
from .runs.runner import progress_line
from .site import staging
from .site.dials import add_dial_assets
from .site.escape import html_attribute
from .site.formulas import FormulaProblem, formulas_as_mathml
from .site.furniture import Href, fill_slots
from .site.html_fixes import NOTEBOOK_MARK, defer_scripts_after_content, fix_page
from .site.notebooks_site import NotebookPages, site_path
from .site.offline import write_offline_archive
from .site.page_guard import add_policy, unsafe_markup
from .site.page_outputs import FilledPage, RebuildMemory, output_key
from .site.previews import ATTRIBUTE as PREVIEW_ATTRIBUTE
from .site.provenance import source_date_epoch
from .site.render import join_parts, split_parts
from .site.render_cache import RenderCache, build_fingerprint
from .site.sanitize import sanitize_html
from .site.search_index import over_budget, search_files, write_files
from .site.search_pages import PageText, page_text
from .site.site_files import PAGE_BUDGET, GlossarySite, expand_page

# Under ProperDocs (the maintained MkDocs 1.x fork) `mkdocs` is an alias of `properdocs`, whose
# loggers strict mode counts: log under whichever package really runs the build.
GENERATOR = mkdocs.__name__
log = logging.getLogger(f"{GENERATOR}.plugins.dials_weights")
ASSETS = Path(__file__).parent / "assets"
TEMPLATES = Path(__file__).parent / "templates"
MATERIAL_SEARCH_FILES = "assets/javascripts/lunr/"
REUSED_TEMPLATE = "dials-weights-reused-page.html"  # writes a finished page kept from the last build
ASSET_URI = "assets/dials-weights"
_epoch_from_git: str | None = None  # the SOURCE_DATE_EPOCH this module set, if any


def _set_source_date_epoch(root: Path) -> None:
    """MkDocs dates the sitemap (and sitemap.xml.gz's gzip header) by the clock unless SOURCE_DATE_EPOCH
    is set; the last commit's time makes two builds of one commit identical on any day. A value the
    caller set wins; one set here follows new commits across `mkdocs serve` rebuilds."""
    global _epoch_from_git
    current = os.environ.get("SOURCE_DATE_EPOCH")
    if current is not None and current != _epoch_from_git:
        return
    epoch = source_date_epoch(root)
    if epoch:
        os.environ["SOURCE_DATE_EPOCH"] = _epoch_from_git = epoch


class GlossaryPluginConfig(Config):
    repository = c.Type(str, default="")
    """Repository URL: 'edit this entry' and 'how this was made' links point into it."""
    branch = c.Type(str, default="main")
    """Branch those links name."""
    cache_dir = c.Optional(c.Type(str))
    """Where figure and notebook outputs are cached (default: .cache/dials-weights)."""
    offline_archive = c.Type(str, default="")
    """Site path of a zip of the whole site that works from the file system ('' for none)."""
    repository_pages = c.Type(dict, default={})
    """Site page -> repository file shown as that page (contributing.md: CONTRIBUTING.md). The only
    way a page includes a file from outside docs/: named here, a regular file inside the repository."""


class GlossaryPlugin(BasePlugin[GlossaryPluginConfig]):
    def __init__(self) -> None:
        self.content: Content | None = None
        self.site: GlossarySite | None = None
        self.notebooks: NotebookPages
        self.serving = False
        self.stale = False
        self._had_problems = False
        self.final_site_dir: Path | None = None
        self.renders: RenderCache | None = None  # one per build: its key covers the build's files
        self.search_pages: list[PageText] = []
        self.generated_pages: frozenset[str] = frozenset()
        # `mkdocs serve` reads, converts and renders every page on every save: what did not change
        # comes from the last good build instead (page_outputs.py). None for `mkdocs build`.
        self.memory: RebuildMemory | None = None
        self.kept_folder: KeptSiteFolder | None = None  # `mkdocs serve` does not empty the served folder
        self.this_build = _ThisBuild()
        self._native_watcher: BaseObserver | None = None  # see on_serve

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"
        self.memory = RebuildMemory() if self.serving else None
        self.kept_folder = KeptSiteFolder() if self.serving else None
        self.stale = False  # serving the last good content while the contributor fixes an error
        if self.serving:
            quiet = _QuietWhileStale(self)
            for name in (f"{GENERATOR}.commands.build", f"{GENERATOR}.livereload"):
                logging.getLogger(name).addFilter(quiet)

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        root = Path(config.config_file_path).parent
        _set_source_date_epoch(root)
        cache = Path(self.config.cache_dir) if self.config.cache_dir else None
        project = Project.at(root, repo_url=self.config.repository, cache_dir=cache)
        self.project = Project(**{**project.__dict__, "branch": self.config.branch})
        watched = [Path(w).resolve() for w in config.watch]
        for folder in (self.project.glossary_dir, self.project.figures_dir, self.project.notebooks_dir):
            # A folder inside one already watched (scripts/figures in scripts) would be walked twice.
            if folder.is_dir() and not any(folder.resolve().is_relative_to(w) for w in watched):
                config.watch.append(str(folder))
                watched.append(folder.resolve())
        # Our template overrides (the theme's inline scripts as files) rank below the site's own
        # custom_dir and above the theme, in every site that uses the plugin.
        dirs = config.theme.dirs
        if str(TEMPLATES) not in dirs:
            dirs.insert(1 if config.theme.custom_dir else 0, str(TEMPLATES))
        skip_hidden_when_listing(config.theme)
        if not self.serving:
            self.final_site_dir = Path(config.site_dir)
            staging.remove_stale(self.final_site_dir)
            config.site_dir = str(staging.staging_dir(self.final_site_dir))
        # The site search is ours (search_index.py); its templates above replace Material's.
        if {"search", "material/search"} & set(config.plugins):
            log.warning("dials-weights provides the site search: remove Material's 'search' from plugins")
        return config

    def on_env(self, env: Environment, config: MkDocsConfig, files: Files) -> Environment:
        # MkDocs makes a new Jinja environment for every build, so Material's templates were compiled
        # again each time (0.65 s of a warm build, and of every `mkdocs serve` save). Jinja keeps the
        # compiled code beside our other caches, keyed by each template's name and source.
        folder = self.project.cache_dir / "templates"
        folder.mkdir(parents=True, exist_ok=True)
        env.bytecode_cache = FileSystemBytecodeCache(str(folder))
        if self.memory is not None:
            self._reuse_unchanged_pages(self.memory, config, files)
        return env

    def _reuse_unchanged_pages(self, memory: RebuildMemory, config: MkDocsConfig, files: Files) -> None:
        """Under `mkdocs serve`: pages whose every input matches the last good build's are not rendered
        again; the theme gets a one-line template that writes the kept page (see page_outputs.py)."""
        build = self.this_build
        assert build.nav is not None
        signature = _build_signature(config, build.nav)
        for file in files.documentation_pages():
            page = file.page
            if page is None or page.meta.get("template") == REUSED_TEMPLATE:
                continue
            key = output_key(
                [signature, file.src_uri, page.url, page.title, page.meta, page.content, _tokens(page.toc)]
            )
            build.page_keys[file.src_uri] = key
            kept = memory.finished.get(key)
            if kept is not None:
                build.finished_reused[file.src_uri] = kept
                page.meta["template"] = REUSED_TEMPLATE

    def on_page_context(
        self, context: TemplateContext, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        kept = self.this_build.finished_reused.get(page.file.src_uri)
        if kept is not None:
            context["dials_weights_reused_page"] = kept  # type: ignore[typeddict-unknown-key]
        return context

    def _prepare(self, config: MkDocsConfig) -> None:
        self.search_pages = []
        self.this_build = _ThisBuild()
        content = prepare(
            self.project,
            strict_writes=not self.serving,
            progress=lambda result, done, total: log.info("figures: %s", progress_line(result, done, total)),
        )
        cached = sum(r.status == "cached" for r in content.runs)
        if cached:
            log.info("figures: %d script(s) unchanged, outputs reused from the cache", cached)
        for warning in content.warnings:  # only under `mkdocs serve`, where strict mode must not stop the server
            _show_without_failing(
                f"{warning} (if you did not change these files yourself, a script did)", logging.WARNING
            )
        problems = content.problems + [
            p for name in self.config.repository_pages.values() for p in repository_page(self.project, name)[1]
        ]
        self.stale = bool(problems) and self.serving and self.content is not None
        if not problems:
            if self.serving and self._had_problems:
                log.info("dials-weights: the content is fixed; the site shows your changes again")
            self._had_problems = False
            self.content = content
            self.site = GlossarySite(content, config.site_url or "/")
            return
        message = f"{len(problems)} problem(s) in the content:\n" + format_problems(problems)
        if self.stale:
            # MkDocs' dev server stops answering after a failed rebuild; rebuilding from the
            # last good content instead keeps the site up while the contributor fixes the file.
            # MkDocs' own "Documentation built" and "Reloading browsers" are held back meanwhile.
            self._had_problems = True
            _show_without_failing(
                f"{message}\nThe site still shows the last good version. Save a fix and it rebuilds by itself."
            )
            return
        raise PluginError(message.replace("content:", "content; fix them and build again:", 1))

    @event_priority(-100)  # the last thing before MkDocs empties the site folder
    def _keep_site_folder(self, config: MkDocsConfig) -> None:
        if self.kept_folder is not None:
            self.kept_folder.empty_stand_in(config)

    on_pre_build = CombinedEvent(_prepare, _keep_site_folder)

    @event_priority(100)  # before any plugin reads config.site_dir or adds files
    def _site_folder_back(self, files: Files, config: MkDocsConfig) -> Files:
        if self.kept_folder is not None:
            self.kept_folder.point_back(files, config)
        return files

    @event_priority(-100)  # every plugin's files are in
    def _copy_only_changed(self, files: Files, config: MkDocsConfig) -> Files:
        if self.kept_folder is not None:
            self.kept_folder.copy_only_changed(files)
            self.this_build.files = files
        return files

    def _add_files(self, files: Files, config: MkDocsConfig) -> Files:
        assert self.content is not None and self.site is not None
        # Material's own search loads lunr and its 30 language files; the site search is ours
        # (templates/partials/search.html), so they would only be copied on every build and zipped.
        for unused in [f for f in files if f.src_uri.startswith(MATERIAL_SEARCH_FILES)]:
            files.remove(unused)
        generated = self.site.files()
        self.generated_pages = frozenset(generated.pages)
        for src_uri, text in generated.pages.items():
            # Entry and tag pages stay out of the sidebar: listing thousands of them on every page
            # makes the build quadratic. Readers reach them through the index, links and search.
            inclusion = InclusionLevel.INCLUDED if src_uri in generated.navigable else InclusionLevel.NOT_IN_NAV
            files.append(File.generated(config, src_uri, content=text, inclusion=inclusion))
        for src_uri, path in generated.assets.items():
            files.append(File.generated(config, src_uri, abs_src_path=str(path)))
        for name in sorted(p.name for p in ASSETS.iterdir()):
            files.append(File.generated(config, f"{ASSET_URI}/{name}", abs_src_path=str(ASSETS / name)))
        for src_uri, repo_file in sorted(self.config.repository_pages.items()):
            text, _ = repository_page(self.project, repo_file)
            if (existing := files.get_file_from_path(src_uri)) is not None:
                files.remove(existing)
            files.append(File.generated(config, src_uri, content=text))
        self.notebooks = self._notebook_pages(config.site_url or "/")
        for src_uri, text in self.notebooks.pages().items():
            files.append(File.generated(config, src_uri, content=text))
        for src_uri, path in self.notebooks.static_files.items():
            files.append(File.generated(config, src_uri, abs_src_path=str(path)))
        if self.memory is not None:
            self.this_build.files_signature = output_key(sorted(f.src_uri for f in files))
        return files

    on_files = CombinedEvent(_site_folder_back, _add_files, _copy_only_changed)

    def on_nav(self, nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
        self.this_build.nav = nav  # its titles are known once the pages are read: see _reuse_unchanged_pages
        return nav

    def _notebook_pages(self, site_url: str) -> NotebookPages:
        """The walkthroughs; under `mkdocs serve`, the last build's while nothing they show changed
        (their outputs, and what their references read: GlossarySite.signature)."""
        assert self.content is not None and self.site is not None
        if self.memory is None:
            return NotebookPages(self.content, site_url)
        outputs = sorted((name, str(output.notebook)) for name, output in self.content.notebooks.items())
        key = output_key([self.site.signature, outputs, site_url])
        kept = self.memory.notebooks
        if kept is not None and kept[0] == key and all(p.is_file() for p in kept[1].static_files.values()):
            return kept[1]
        pages = NotebookPages(self.content, site_url)
        self.memory.notebooks = (key, pages)
        return pages

    def on_pre_page(self, page: Page, config: MkDocsConfig, files: Files) -> Page:
        # Markdown is the biggest part of a build and rarely changes between two: reuse renderings.
        if self.renders is None:
            settings = json.dumps(
                [config["markdown_extensions"], config["mdx_configs"], config.use_directory_urls, config.site_url],
                sort_keys=True,
                default=lambda value: type(value).__qualname__,
            )
            fingerprint = build_fingerprint(settings, (f.src_uri for f in files))
            memory = self.memory.renders if self.memory is not None else None
            self.renders = RenderCache(self.project.cache_dir / "render", fingerprint, memory)
        original = page.render
        in_parts = self.memory is not None
        page.render = functools.partial(_cached_render, page, original, self.renders, in_parts)  # type: ignore[method-assign]
        return page

    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        assert self.content is not None
        # Material writes page titles and descriptions into <title> and <meta> without escaping them.
        for key in ("title", "description"):
            if isinstance(page.meta.get(key), str):
                page.meta[key] = html_attribute(page.meta[key])
        href = _href(page, files)
        src_uri = page.file.src_uri
        memory, build = self.memory, self.this_build
        if memory is None or self.notebooks.name_of(src_uri) is not None:
            return expand_page(markdown, self.content, href)
        assert self.site is not None
        key = output_key([self.site.signature, build.files_signature, src_uri, page.url, page.meta, markdown])
        kept = memory.filled.get(key)
        if kept is not None:
            build.filled_reused[src_uri] = kept
            return kept.markdown
        expanded = join_parts([self._expanded_part(memory, part, page, href) for part in split_parts(markdown)])
        build.filling[src_uri] = (key, expanded)
        return expanded

    def _expanded_part(self, memory: RebuildMemory, part: str, page: Page, href: Href) -> str:
        """One part of a page expanded, or its expansion by the last good build: the print page and
        the page of all questions hold every entry, and a save changes one of them."""
        assert self.content is not None and self.site is not None
        signature = self.this_build.files_signature
        key = output_key([self.site.signature, signature, page.file.src_uri, page.url, part])
        expanded = memory.parts.get(key)
        if expanded is None:
            expanded = expand_page(part, self.content, href)
        memory.parts.put(key, expanded)
        return expanded

    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        assert self.site is not None
        src_uri = page.file.src_uri
        if (kept := self.this_build.filled_reused.pop(src_uri, None)) is not None:
            if kept.search is not None:
                self.search_pages.append(kept.search)
            return kept.html
        clean, formula_problems = self._cleaned(html)
        if formula_problems:
            self._report_formulas(page, formula_problems)
        notebook = self.notebooks.name_of(src_uri)
        if notebook is not None:
            rendered = self.notebooks.rendered[notebook]
            page.toc = get_toc(rendered.toc)  # type: ignore[arg-type]  # the tokens Python-Markdown made
            filled = fill_slots(clean, lambda name: sanitize_html(rendered.html, data_images=True))
            self.search_pages.append(page_text(page.url, page.title or "", filled))
            return filled
        href = _href(page, files)
        filled = fill_slots(clean, lambda name: self.site.slot_html(src_uri, name, href))  # type: ignore[union-attr]
        filled += self.site.json_ld(src_uri)
        search = None
        if src_uri not in self.generated_pages:  # for search: hand-written pages and walkthroughs
            search = page_text(page.url, page.title or "", clean)
            self.search_pages.append(search)
        filling = self.this_build.filling.pop(src_uri, None)
        if self.memory is not None and filling is not None and not formula_problems:  # errors: reported each time
            self.memory.filled.put(filling[0], FilledPage(filling[1], filled, search))
        return filled

    def _cleaned(self, html: str) -> tuple[str, list[FormulaProblem]]:
        """Sanitised, formulas as MathML; under serve, HTML that is unchanged is not cleaned again (after
        a term is renamed, say, most pages miss the filled-page memory with the same HTML), and a page
        converted in parts (_cached_render) is cleaned part by part: a save changes one of them.

        Sanitising parts one by one gives their joined HTML: the sanitiser writes each part's
        elements closed and its attributes quoted, so no part can reach into the next."""
        if self.memory is None:
            return formulas_as_mathml(sanitize_html(html))
        cleaned_parts, problems = [], []
        for part in split_parts(html):
            key = hashlib.sha256(part.encode()).hexdigest()
            cleaned = self.memory.cleaned.get(key) or formulas_as_mathml(sanitize_html(part))
            self.memory.cleaned.put(key, cleaned)
            cleaned_parts.append(cleaned[0])
            problems += cleaned[1]
        return "\n".join(cleaned_parts), problems

    def _report_formulas(self, page: Page, found: list[FormulaProblem]) -> None:
        """Formulas that cannot be shown: the build stops; `mkdocs serve` keeps serving, showing their TeX."""
        assert self.content is not None
        root = self.project.root
        entry = next((e for e in self.content.entries if e.path == f"glossary/{Path(page.file.src_uri).name}"), None)
        if entry is not None:
            source: Path | None = root / entry.path
        else:
            source = Path(page.file.abs_src_path) if page.file.abs_src_path else None
        text = source.read_text(encoding="utf-8", errors="replace") if source and source.is_file() else ""
        where = display_path(source, root) if source else page.file.src_uri
        problems = []
        for formula in found:
            first_line = formula.tex.splitlines()[0].strip()
            at = text.find(first_line) if first_line else -1
            line = text.count("\n", 0, at) + 1 if at >= 0 else None
            problems.append(Problem(where, line, f"{formula.message}: {formula.tex}"))
        message = f"{len(problems)} formula(s) cannot be shown:\n" + format_problems(problems)
        if self.serving:
            _show_without_failing(message + "\nThe page shows their TeX until you save a fix.")
            return
        raise PluginError(message)

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        src_uri, build = page.file.src_uri, self.this_build
        if src_uri in build.finished_reused:
            return output  # finished and checked when it was made
        output = self._finished(output, page)
        if self.memory is not None and src_uri in build.page_keys:
            self.memory.finished.put(build.page_keys[src_uri], output)
        return output

    def _finished(self, output: str, page: Page) -> str:
        output = add_dial_assets(fix_page(output), page.url)  # dials.js and dials.css, on pages with a dial
        scripts = [f"{ASSET_URI}/clipboard-copy.js"] if NOTEBOOK_MARK in output else []
        if PREVIEW_ATTRIBUTE in output:  # preview cards for links to entries
            scripts.append(f"{ASSET_URI}/preview.js")
        if scripts:
            tags = "".join(
                f'<script src="{html_attribute(get_relative_url(src, page.url))}"></script>\n' for src in scripts
            )
            output = output.replace("</body>", tags + "</body>", 1)
        output = defer_scripts_after_content(output)
        budget = self.site.page_budget(page.file.src_uri) if self.site else PAGE_BUDGET
        if len(output.encode("utf-8")) > budget:
            raise PluginError(
                f"the page built from {page.file.src_uri} is {len(output.encode('utf-8')):,} bytes, over its budget "
                f"of {budget:,} (look for a very wide number format, a huge table or a runaway repetition in it)"
            )
        return self._guarded(output, page.file.src_uri)

    def on_post_template(self, output_content: str, template_name: str, config: MkDocsConfig) -> str:
        # Theme pages that are not Markdown pages (404.html) get the same repairs; sitemap.xml does not.
        if not template_name.endswith(".html"):
            return output_content
        if self.serving and template_name == "404.html":  # MkDocs' live reload skips 404 answers: ours
            output_content = output_content.replace("<body ", "<body data-dw-live-reload ", 1)
        return self._guarded(fix_page(output_content), template_name)

    def _guarded(self, output: str, source: str) -> str:
        found = unsafe_markup(output)
        if found:
            raise PluginError(
                f"the page built from {source} contains what could run script: "
                + "; ".join(dict.fromkeys(found))
                + " (content must not add scripts; check that page's text and the entries it shows)"
            )
        # `mkdocs serve` injects its live-reload script inline, which a policy would block.
        return output if self.serving else add_policy(output)

    @event_priority(-100)  # after every other plugin has written into the site folder
    def on_post_build(self, config: MkDocsConfig) -> None:
        if self.content is not None:
            files = search_files(self.content, self.search_pages)
            if problem := over_budget(files, self.content.entries, self.search_pages):
                raise PluginError(problem)
            write_files(Path(config.site_dir), files)
        if self.config.offline_archive and not self.serving:
            archive = Path(config.site_dir) / self.config.offline_archive
            write_offline_archive(Path(config.site_dir), archive, top_folder=Path(archive).stem)
            log.info("dials-weights: offline copy written to %s", self.config.offline_archive)
        # Strict mode stops the build after this event when a warning was logged: then neither the
        # site folder nor the caches may change.
        good = not (config.strict and _warnings_counted())
        if self.renders is not None:
            if good:
                self.renders.save()
            self.renders = None
        if self.memory is not None:
            if good:
                self.memory.build_succeeded()
            else:
                self.memory.build_failed()
        if self.kept_folder is not None:
            if good:
                self.kept_folder.build_succeeded(self.this_build.files, config.site_dir)
            else:
                self.kept_folder.build_failed(self.this_build.files)
        self.this_build = _ThisBuild()
        if self.content is not None:
            if good:
                prune_cache(self.content)
            count = len(self.content.entries)
            log.info("dials-weights: %d entries, %d figure scripts", count, len(self.content.catalogue.scripts))
        if self.final_site_dir is not None and good:
            staging.publish(Path(config.site_dir), self.final_site_dir)
            config.site_dir = str(self.final_site_dir)
            self.final_site_dir = None

    def on_serve(
        self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Callable[..., Any]
    ) -> LiveReloadServer:
        """Saves in the docs, glossary and script folders reach the server from the kernel where that
        is exact (adapter/watching.py), instead of waiting for MkDocs' next look, every half second.

        The server schedules each folder on whichever observer it holds when ``watch`` is called:
        it holds ours for these folders, then MkDocs' own again (mkdocs.yml stays polled). MkDocs
        watches the configured folders after this event; finding them watched, it adds nothing."""
        root = Path(config.config_file_path).parent if config.config_file_path else Path.cwd()
        if not kernel_notifications_work(root):
            return server
        folders = [str(Path(config.docs_dir).resolve()), *(str(Path(w).resolve()) for w in config.watch)]
        polling: BaseObserver = server.observer
        native = change_observer()
        with contextlib.suppress(KeyError):
            server.unwatch(config.docs_dir)  # watched by MkDocs before this event, on its polling observer
        server.observer = native  # type: ignore[assignment]  # MkDocs annotates its own kind
        try:
            for folder in dict.fromkeys(folders):
                if Path(folder).is_dir():
                    server.watch(folder)
        finally:
            server.observer = polling  # type: ignore[assignment]
        native.start()
        self._native_watcher = native
        log.info("dials-weights: saves reach the server as they happen (inotify); DW_WATCH=poll polls as MkDocs does")
        return server

    def on_shutdown(self) -> None:
        if self._native_watcher is not None:
            self._native_watcher.stop()
            self._native_watcher = None

    def on_build_error(self, *, error: Exception) -> None:
        self.renders = None
        if self.memory is not None:
            self.memory.build_failed()
        if self.kept_folder is not None:
            self.kept_folder.build_failed(self.this_build.files)
        self.this_build = _ThisBuild()
        # Strict mode's refusal, a content error or a crash: the staged output goes, site/ stays.
        if self.final_site_dir is not None:
            staging.discard(staging.staging_dir(self.final_site_dir))


def _cached_render(
    page: Page,
    render: Callable[[MkDocsConfig, Files], None],
    cache: RenderCache,
    in_parts: bool,
    config: MkDocsConfig,
    files: Files,
) -> None:
    """``Page.render`` through the cache: what it sets on the page is stored and restored as plain data.

    ``in_parts`` (under `mkdocs serve`): a page made of many entries (print, all questions) is
    converted part by part, each part cached on its own, so saving one entry converts one part
    again, not the whole glossary. `mkdocs build` converts it whole: from an empty cache, one
    conversion of 2,000 entries takes 40 s where 4,000 small ones take 51 s (each sets up
    Python-Markdown anew). Both give the same HTML: parts never share an id (the print page names
    its headings by entry), and should they ever, the page is converted whole here too.
    """
    assert page.markdown is not None
    whole = page.markdown
    parts = split_parts(whole)
    if not in_parts:
        parts = ["\n".join(parts)]  # the same text as the parts, joined as their HTML is
    try:
        if len(parts) > 1:
            records = [_rendering(page, render, cache, config, files, part) for part in parts]
            anchors = [anchor for record in records for anchor in record["anchors"]]
            if len(anchors) == len(set(anchors)):
                _restore(page, _joined(records), files)
                return
        _restore(page, _rendering(page, render, cache, config, files, "\n".join(parts)), files)
    finally:
        page.markdown = whole


def _rendering(
    page: Page,
    render: Callable[[MkDocsConfig, Files], None],
    cache: RenderCache,
    config: MkDocsConfig,
    files: Files,
    markdown: str,
) -> dict[str, Any]:
    """What converting ``markdown`` as ``page`` gives, from the cache or converted now."""
    key = cache.key(page.file.src_uri, markdown)
    record = cache.load(key)
    if record is not None:
        return record
    page.markdown = markdown
    warnings = _WarningCounter()
    logging.getLogger(GENERATOR).addHandler(warnings)
    try:
        render(config, files)
    finally:
        logging.getLogger(GENERATOR).removeHandler(warnings)
    links = page.links_to_anchors
    record = {
        "content": page.content,
        "toc": _tokens(page.toc),
        "title": page._title_from_render,
        "anchors": sorted(page.present_anchor_ids or ()),
        "links": None if links is None else {f.src_uri: dict(anchors) for f, anchors in links.items()},
    }
    if not warnings.count:  # a rendering that warned is not kept: the warning comes back until fixed
        cache.store(key, record)
    return record


def _joined(records: list[dict[str, Any]]) -> dict[str, Any]:
    """One page's record from its parts' records, in order."""
    links: dict[str, dict[str, str]] | None = {}
    for record in records:
        if record["links"] is None or links is None:
            links = None
            continue
        for uri, anchors in record["links"].items():
            known = links.setdefault(uri, {})
            for anchor, url in anchors.items():
                known.setdefault(anchor, url)  # as MkDocs keeps them: the first link to an anchor
    return {
        # Part breaks stay in the HTML for on_page_content, which cleans the parts one by one.
        "content": join_parts([record["content"] for record in records]),
        "toc": _nested([token for record in records for token in record["toc"]]),
        "title": next((record["title"] for record in records if record["title"] is not None), None),
        "anchors": sorted({anchor for record in records for anchor in record["anchors"]}),
        "links": links,
    }


def _nested(tokens: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Parts' headings nested as one document's: each under the last heading of a higher level
    before it (the part with the page's h1 holds every later part's headings)."""
    flat: list[dict[str, Any]] = []

    def walk(items: list[dict[str, Any]]) -> None:
        for token in items:
            flat.append({**token, "children": []})
            walk(token["children"])

    walk(tokens)
    roots: list[dict[str, Any]] = []
    open_headings: list[dict[str, Any]] = []
    for token in flat:
        while open_headings and open_headings[-1]["level"] >= token["level"]:
            open_headings.pop()
        (open_headings[-1]["children"] if open_headings else roots).append(token)
        open_headings.append(token)
    return roots


def _restore(page: Page, record: dict[str, Any], files: Files) -> None:
    page.content = record["content"]
    page.toc = get_toc(record["toc"])
    page._title_from_render = record["title"]
    page.present_anchor_ids = set(record["anchors"])
    page.links_to_anchors = (
        None
        if record["links"] is None
        else {
            target: dict(anchors)
            for uri, anchors in record["links"].items()
            if (target := files.get_file_from_path(uri))
        }
    )


def _build_signature(config: MkDocsConfig, nav: Navigation) -> str:
    """What every page's template reads besides the page itself: the navigation (titles and
    addresses, in order), the configuration file, the template folders we or the site own, and the
    build date. The installed theme does not change while a server runs."""

    def items(nav_items: Iterable[Any]) -> list[object]:
        return [
            [type(item).__name__, item.title, getattr(item, "url", None), items(getattr(item, "children", None) or [])]
            for item in nav_items
        ]

    stamps = []
    for folder in (config.theme.custom_dir, str(TEMPLATES), str(ASSETS)):
        if folder and Path(folder).is_dir():
            for path in sorted(Path(folder).rglob("*")):
                if path.is_file():
                    stat = path.stat()
                    stamps.append([str(path), stat.st_mtime_ns, stat.st_size])
    config_file = Path(config.config_file_path) if config.config_file_path else None
    return output_key(
        [
            items(nav.items),
            config_file.read_text(encoding="utf-8", errors="replace") if config_file and config_file.is_file() else "",
            stamps,
            os.environ.get("SOURCE_DATE_EPOCH"),
            config.site_url,
        ]
    )


def _tokens(items: Iterable[AnchorLink]) -> list[dict[str, object]]:
    return [{"level": i.level, "id": i.id, "name": i.title, "children": _tokens(i.children)} for i in items]


@dataclass
class _ThisBuild:
    """What one build learns as it goes, for the serve memory (page_outputs.py)."""

    files_signature: str = ""  # which source files exist: links depend on it
    nav: Navigation | None = None
    filling: dict[str, tuple[str, str]] = field(default_factory=dict)  # src_uri -> (key, expanded Markdown)
    filled_reused: dict[str, FilledPage] = field(default_factory=dict)
    page_keys: dict[str, str] = field(default_factory=dict)  # src_uri -> key of its finished page
    finished_reused: dict[str, str] = field(default_factory=dict)
    files: Files | None = None  # under serve, for the kept site folder


class _WarningCounter(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


class _QuietWhileStale(logging.Filter):
    """Holds back MkDocs' success messages while the last good content is being served."""

    HELD = ("Documentation built", "Reloading browsers")

    def __init__(self, plugin: GlossaryPlugin):
        super().__init__()
        self.plugin = plugin

    def filter(self, record: logging.LogRecord) -> bool:
        message = str(record.msg)  # the live-reload server prefixes its messages with the time
        return not (self.plugin.stale and any(held in message for held in self.HELD))


def _href(page: Page, files: Files) -> Href:
    """Relative URL from ``page`` to another source file, as the core's furniture needs it."""

    def href(src_uri: str) -> str:
        target = files.get_file_from_path(src_uri)
        return get_relative_url(target.url if target else site_path(src_uri), page.url)

    return href


def _warnings_counted() -> bool:
    """Whether strict mode will refuse this build: MkDocs checks its warning count after post_build."""
    return any(isinstance(h, CountHandler) and h.get_counts() for h in logging.getLogger(GENERATOR).handlers)


def _show_without_failing(message: str, level: int = logging.ERROR) -> None:
    """Print an error the way MkDocs prints errors, without counting it as a strict-mode failure.

    In strict mode MkDocs counts every warning and error through a counting handler on
    its logger and aborts the build at the end; during ``mkdocs serve`` that leaves the
    dev server hanging. The message goes to MkDocs' other handlers only.
    """
    record = log.makeRecord(log.name, level, __file__, 0, message, (), None)
    for handler in logging.getLogger(GENERATOR).handlers:
        if not isinstance(handler, CountHandler):
            handler.handle(record)
