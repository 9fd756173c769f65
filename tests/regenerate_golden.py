"""Rewrite tests/golden/*.ttl from the current ingest output. Review the diff before committing!

python tests/regenerate_golden.py
"""

from __future__ import annotations

from pathlib import Path

from ingest.pipeline import ingest_file
from ontology.iris import IriMinter

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    minter = IriMinter()
    for path in sorted((ROOT / "ingest" / "samples").glob("*.txt")):
        doc = ingest_file(path, minter)
        target = ROOT / "tests" / "golden" / (path.stem + ".ttl")
        doc.graph.serialize(target, format="turtle", encoding="utf-8")
        print(f"{target.relative_to(ROOT)}: {len(doc.graph)} triples")


if __name__ == "__main__":
    main()
