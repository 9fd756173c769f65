"""The offline assets the network pages need (vis-network and ours), inlined or linked.

``ASSET_DIR`` holds them; the web app mounts it at ``/static/viz``. Nothing is ever fetched from a CDN.
"""

from __future__ import annotations

from functools import lru_cache
from html import escape
from pathlib import Path

ASSET_DIR = Path(__file__).resolve().parent / "static"
STYLESHEETS = ("vis-network.css", "cchc-network.css")
SCRIPTS = ("vis-network.min.js", "cchc-network.js")


@lru_cache(maxsize=8)
def asset_text(name: str) -> str:
    """The text of one asset file."""
    return (ASSET_DIR / name).read_text(encoding="utf-8")


def _inline(name: str, tag: str) -> str:
    """An asset's text, safe inside its ``<style>``/``<script>`` element (no closing tag in it)."""
    return asset_text(name).replace(f"</{tag}", f"<\\/{tag}")


def _url(asset_base: str, name: str) -> str:
    return escape(f"{asset_base.rstrip('/')}/{name}", quote=True)


def stylesheet_tags(asset_base: str | None) -> str:
    """``<style>`` blocks (inlined) or ``<link>`` tags under ``asset_base``."""
    if asset_base is None:
        return "\n".join(f"<style>\n{_inline(name, 'style')}\n</style>" for name in STYLESHEETS)
    return "\n".join(f'<link rel="stylesheet" href="{_url(asset_base, name)}">' for name in STYLESHEETS)


def script_tags(asset_base: str | None) -> str:
    """``<script>`` blocks (inlined) or ``<script src>`` tags under ``asset_base``."""
    if asset_base is None:
        return "\n".join(f"<script>\n{_inline(name, 'script')}\n</script>" for name in SCRIPTS)
    return "\n".join(f'<script src="{_url(asset_base, name)}"></script>' for name in SCRIPTS)
