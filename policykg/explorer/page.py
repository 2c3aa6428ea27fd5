"""The explorer's pages: the template, its script and style and the vendored libraries
(package data beside this module) put together into one file with nothing to fetch."""

from __future__ import annotations

import html
import json
from functools import lru_cache
from importlib import resources
from typing import Any

_VENDOR = ("cytoscape.min.js", "dagre.min.js", "cytoscape-dagre.js")


@lru_cache(maxsize=None)
def asset(name: str) -> str:
    return (resources.files(__package__) / "assets" / name).read_text(encoding="utf-8")


def _script(text: str) -> str:
    # inside <script>, only "</script" ends the element
    return text.replace("</script", "<\\/script")


def _json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")


def explorer_page(data: dict[str, Any] | None, lang: str = "vi", mode: str = "offline", start: str | None = None) -> str:
    """The explorer as one HTML page: offline with `data` (a model.payload) embedded, or live
    (`data` None), fetching its views from the server that serves it."""
    vendor = "\n".join(asset("vendor/" + n) for n in _VENDOR)
    config = {"mode": mode, "lang": lang, "start": start}
    page = asset("explorer.html")
    parts = {"/*CSS*/": asset("explorer.css"), "/*CONFIG*/": _json(config), "/*DATA*/": _json(data) if data else "null",
             "/*VENDOR*/": _script(vendor), "/*HEATMAP*/": _script(asset("heatmap.js")), "/*APP*/": _script(asset("explorer.js"))}
    # one pass, so that no part's text is searched for the next part's marker
    out, rest = [], page.replace("{{lang}}", html.escape(lang))
    while True:
        hits = [(rest.find(k), k) for k in parts if rest.find(k) >= 0]
        if not hits:
            out.append(rest)
            break
        i, k = min(hits)
        out.append(rest[:i])
        out.append(parts.pop(k))
        rest = rest[i + len(k):]
    return "".join(out)


def coverage_page(cov: dict[str, Any], lang: str = "vi") -> str:
    """The coverage heat map alone, as one HTML page."""
    page = asset("coverage.html").replace("{{lang}}", html.escape(lang))
    head, _, tail = page.partition("/*DATA*/")
    head2, _, tail2 = tail.partition("/*HEATMAP*/")
    return head + _json(cov) + head2 + _script(asset("heatmap.js")) + tail2
