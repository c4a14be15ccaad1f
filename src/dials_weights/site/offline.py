"""The offline copy: the built site, rewritten to work from the file system, as one zip.

Opened from disk, a browser does not turn ``glossary/overfitting/`` into
``glossary/overfitting/index.html``, so the copy links every page file
explicitly. The site search needs nothing more: its index files are scripts,
which load from ``file:`` where ``fetch`` does not, and its results link page
files when the page comes from disk (``search_index.py``). The archive is
deterministic: sorted entries, fixed timestamps and permissions.
"""

from __future__ import annotations

import os
import re
import tempfile
import zipfile
from pathlib import Path

FIXED_TIME = (1980, 1, 1, 0, 0, 0)
# zlib's fastest level: a third of the time of its default for an archive about a fifth larger.
COMPRESS_LEVEL = 1
_LINK = re.compile(r'(\s(?:href|src)=")([^"#?:]*?)(#[^"]*)?(")')


def file_url(path: str) -> str:
    """``a/b/`` -> ``a/b/index.html``; ``.`` or ``""`` -> ``index.html``; files unchanged."""
    if path in ("", ".", "./"):
        return "index.html"
    if path.endswith("/"):
        return path + "index.html"
    return path


def offline_html(html: str) -> str:
    """Explicit index.html links for one page of the site."""

    def relink(match: re.Match[str]) -> str:
        prefix, path, fragment, quote = match.groups()
        if path == "" and fragment:  # an in-page anchor
            return match.group(0)
        return f"{prefix}{file_url(path)}{fragment or ''}{quote}"

    return _LINK.sub(relink, html)


def write_offline_archive(site_dir: Path, archive: Path, top_folder: str) -> None:
    """Zip the site as an offline copy; the archive itself and other archives are left out."""
    archive.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=archive.parent, prefix=".tmp-", suffix=".zip")
    os.close(handle)
    try:
        with zipfile.ZipFile(temporary, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
            for path in sorted(p for p in site_dir.rglob("*") if p.is_file()):
                relative = path.relative_to(site_dir).as_posix()
                if path.suffix == ".zip" or relative.endswith(".gz"):
                    continue
                data = path.read_bytes()
                if path.suffix == ".html":
                    data = offline_html(data.decode("utf-8")).encode("utf-8")
                info = zipfile.ZipInfo(f"{top_folder}/{relative}", date_time=FIXED_TIME)
                info.external_attr = 0o644 << 16
                info.compress_type = zipfile.ZIP_DEFLATED
                bundle.writestr(info, data, compresslevel=COMPRESS_LEVEL)
        os.chmod(temporary, 0o644)  # mkstemp makes it private; the archive is published
        os.replace(temporary, archive)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
