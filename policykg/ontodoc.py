"""The ontology's HTML documentation, generated with pyLODE (never written by hand)."""

from __future__ import annotations

import json
import re
from pathlib import Path

from .files import repo_root, sorted_json, write_atomic


def ontology_dir() -> Path:
    return repo_root() / "ontology"


def write_ontology_docs(out: Path) -> Path:
    """Render ontology/policykg.ttl to `out` with pyLODE's OntPub profile.

    pyLODE stamps nothing time-dependent here, but the output is normalised anyway (trailing
    spaces) so that the shipped page can be checked for staleness byte for byte."""
    from pylode import OntPub

    html = OntPub(ontology=str(ontology_dir() / "policykg.ttl")).make_html()
    html = _LD_JSON.sub(_sorted_ld_json, html)
    html = re.sub(r"[ \t]+\n", "\n", html)
    return write_atomic(out, html)


# pyLODE embeds the ontology as JSON-LD in set order, which changes with Python's hash seed
_LD_JSON = re.compile(r'(<script[^>]*type="application/ld\+json"[^>]*>)(.*?)(</script>)', re.DOTALL)


def _sorted_ld_json(m: re.Match[str]) -> str:
    try:
        data = json.loads(m.group(2))
    except ValueError:
        return m.group(0)
    return m.group(1) + "\n" + json.dumps(sorted_json(data), ensure_ascii=False, indent=2, sort_keys=True) + "\n" + m.group(3)
