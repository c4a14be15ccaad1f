"""The baseline site: the same Markdown built by plain MkDocs + Material, our plugin removed.

From a project whose figures are cached, write a plain MkDocs project:

- every entry becomes ``docs/glossary/<slug>.md``: its term as the title, its one-line
  definition, then its sections exactly as written; kept out of the navigation;
- our syntax becomes what plain Markdown has: ``[[x|label]]`` a link to the entry's page,
  ``{{ script.key:spec }}`` the formatted number, a figure embed an image (the light SVG,
  copied into ``docs/figures/``) with its caption as the title;
- ``docs/`` pages, CONTRIBUTING.md (shown as ``contributing.md``) and the executed
  walkthrough notebooks (still rendered by mkdocs-jupyter) are converted the same way;
- ``docs/glossary/index.md`` is a plain A–Z list of links, the page a plain site would write
  by hand, so that every kind of page has a baseline;
- ``mkdocs.yml`` is ours with the plugin, its stylesheet, its script and our theme
  overrides removed: same theme, palette, features, extensions and other plugins.
"""

from __future__ import annotations

import json
import posixpath
import shutil
from pathlib import Path

import yaml

from dials_weights.content import prepare
from dials_weights.glossary.markup import FigureEmbed, MetricQuote, XRef, format_metric, substitute
from dials_weights.glossary.validation import lookup_metric
from dials_weights.project import Project

PLUGIN = "dials-weights"


def convert(source: Path, target: Path) -> Path:
    """Write the plain twin of the project in ``source`` (figures already cached) to ``target``."""
    content = prepare(Project.at(source), run_scripts=True, strict_writes=False)
    if content.problems:
        raise RuntimeError(f"{source}: the content has problems, cannot make its plain twin: {content.problems[:3]}")
    docs = target / "docs"
    shutil.copytree(source / "docs", docs)
    used_figures: set[str] = set()

    def expand(markdown: str, page: str, *, url_relative: bool = False) -> str:
        """``page``: the page's path under docs/ (or its URL folder when ``url_relative``)."""
        folder = page if url_relative else posixpath.dirname(page)

        def link(path: str) -> str:
            return posixpath.relpath(path, folder or ".")

        def replace(ref: XRef | MetricQuote | FigureEmbed) -> str:
            if isinstance(ref, XRef):
                entry = content.index.resolve(ref.target)
                label = ref.label or ref.target
                if entry is None:
                    return label
                return f"[{label}]({link(f'glossary/{entry.slug}/' if url_relative else f'glossary/{entry.slug}.md')})"
            if isinstance(ref, MetricQuote):
                value = lookup_metric(content.catalogue.metrics(ref.script) or {}, ref.key)
                try:
                    return ref.source if value is None else format_metric(value, ref.format_spec)
                except (TypeError, ValueError):
                    return ref.source
            used_figures.add(ref.name)
            caption = ref.caption.replace('"', "'")
            return f'![{ref.alt}]({link("figures/" + ref.name)} "{caption}")'

        return substitute(markdown, replace)

    for path in sorted(docs.rglob("*.md")):
        page = path.relative_to(docs).as_posix()
        text = expand(path.read_text(encoding="utf-8"), page)
        for name in content.notebooks:  # our walkthrough pages are .md; the plain site's are notebooks
            text = text.replace(f"walkthroughs/{name}.md", f"walkthroughs/{name}.ipynb")
        path.write_text(text, encoding="utf-8")
    config = yaml.safe_load((source / "mkdocs.yml").read_text(encoding="utf-8"))
    for site_page, repo_file in _plugin_options(config).get("repository_pages", {}).items():
        (docs / site_page).write_text(expand((source / repo_file).read_text(encoding="utf-8"), site_page))

    glossary = docs / "glossary"
    glossary.mkdir(exist_ok=True)
    for entry in content.entries:
        page = f"glossary/{entry.slug}.md"
        text = f"# {entry.term}\n\n{entry.short}\n\n{entry.body.strip()}\n"
        (docs / page).write_text(expand(text, page), encoding="utf-8")
    listing = "".join(f"- [{e.term}]({e.slug}.md): {e.short}\n" for e in sorted(content.entries, key=lambda e: e.term))
    (glossary / "index.md").write_text(f"# Glossary A–Z\n\n{listing}", encoding="utf-8")

    for name, output in sorted(content.notebooks.items()):
        notebook = json.loads(output.notebook.read_text(encoding="utf-8"))
        for cell in notebook["cells"]:
            if cell["cell_type"] == "markdown":
                text = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
                cell["source"] = expand(text, f"walkthroughs/{name}", url_relative=True)
        (docs / "walkthroughs").mkdir(exist_ok=True)
        (docs / "walkthroughs" / f"{name}.ipynb").write_text(json.dumps(notebook), encoding="utf-8")

    for name in sorted(used_figures):
        script, file_name = name.split("/", 1)
        output = content.catalogue.outputs[script]
        (docs / "figures" / script).mkdir(parents=True, exist_ok=True)
        shutil.copy2(output.folder / file_name, docs / "figures" / script / file_name)

    (target / "mkdocs.yml").write_text(yaml.safe_dump(plain_config(config, docs), sort_keys=False, allow_unicode=True))
    return target


def _plugin_options(config: dict) -> dict:
    for plugin in config.get("plugins", []):
        if isinstance(plugin, dict) and PLUGIN in plugin:
            return plugin[PLUGIN] or {}
    return {}


JUPYTER = {  # how a plain site shows executed notebooks: mkdocs-jupyter, not executing them again
    "mkdocs-jupyter": {"execute": False, "include": ["*.ipynb"], "ignore_h1_titles": False, "include_requirejs": False}
}


def plain_config(config: dict, docs: Path) -> dict:
    config = dict(config)
    config["plugins"] = [
        p for p in config.get("plugins", []) if p != PLUGIN and not (isinstance(p, dict) and PLUGIN in p)
    ]
    if (docs / "walkthroughs").is_dir() and not any("mkdocs-jupyter" in str(p) for p in config["plugins"]):
        config["plugins"].append(JUPYTER)
    for key in ("extra_css", "extra_javascript"):
        config[key] = [a for a in config.get(key, []) if (docs / str(a)).is_file()]
    theme = dict(config.get("theme", {}))
    theme.pop("custom_dir", None)  # our template overrides load our plugin's assets
    config["theme"] = theme
    config["strict"] = False  # pages of ours that the plain site lacks (start here, tags) stay linked
    config["not_in_nav"] = "/glossary/*.md\n"
    config["watch"] = []
    config["nav"] = _existing(config.get("nav", []), docs)
    return config


def _existing(nav: list, docs: Path) -> list:
    """The navigation without the pages only our plugin generates; walkthroughs as notebooks."""
    out = []
    for item in nav:
        if isinstance(item, dict):
            ((title, value),) = item.items()
            if isinstance(value, list):
                kept = _existing(value, docs)
                if kept:
                    out.append({title: kept})
            elif (docs / value).is_file():
                out.append(item)
            elif (docs / value).with_suffix(".ipynb").is_file():
                out.append({title: str(Path(value).with_suffix(".ipynb"))})
        elif isinstance(item, str) and (docs / item).is_file():
            out.append(item)
    return out


if __name__ == "__main__":  # python bench/plain.py PROJECT TARGET: write the plain twin, for a look
    import sys

    print(convert(Path(sys.argv[1]).resolve(), Path(sys.argv[2]).resolve()))
