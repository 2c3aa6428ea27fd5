"""Regenerate the generated documentation: queries/README.md and docs/ontology.html.

Usage: python scripts/update_docs.py
"""

from __future__ import annotations

from pathlib import Path

from policykg.files import write_atomic
from policykg.queries import library_readme

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    write_atomic(ROOT / "queries" / "README.md", library_readme())
    print("wrote queries/README.md")
    try:
        from policykg.ontodoc import write_ontology_docs
    except ImportError:
        return
    out = write_ontology_docs(ROOT / "docs" / "ontology.html")
    print(f"wrote {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
