"""The theme's files are listed without walking hidden folders, and MkDocs still finds the same ones."""

from __future__ import annotations

from pathlib import Path

import jinja2
from mkdocs.config import load_config
from mkdocs.structure.files import Files

from conftest import FIXTURE_SITE
from dials_weights.adapter.theme_listing import list_without_hidden, skip_hidden_when_listing


def test_the_listing_leaves_out_hidden_folders_and_files(tmp_path: Path):
    for name in ("main.html", "assets/site.css", ".icons/brand/logo.svg", ".hidden", "assets/.draft.css"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    loader = jinja2.FileSystemLoader([str(tmp_path)])

    assert list_without_hidden(loader) == ["assets/site.css", "main.html"]
    assert set(loader.list_templates()) - set(list_without_hidden(loader)) == {
        ".icons/brand/logo.svg",
        ".hidden",
        "assets/.draft.css",
    }


def test_mkdocs_finds_the_same_theme_files_and_templates_still_load_icons():
    config = load_config(str(FIXTURE_SITE / "mkdocs.yml"))
    plain_env = config.theme.get_env()
    skip_hidden_when_listing(config.theme)
    env = config.theme.get_env()
    plain, ours = Files([]), Files([])
    plain.add_files_from_theme(plain_env, config)
    ours.add_files_from_theme(env, config)

    assert sorted(f.src_uri for f in ours) == sorted(f.src_uri for f in plain)
    assert len(list(ours)) > 20  # Material's style sheets, scripts and fonts
    assert len(env.list_templates()) < len(plain_env.list_templates()) / 5  # the icons are not walked
    assert "<svg" in env.get_template(".icons/material/magnify.svg").render()
