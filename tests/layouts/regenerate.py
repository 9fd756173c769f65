"""Rewrite tests/layouts/*/expected.ttl from the current ingest output. Review the diff before committing!

python tests/layouts/regenerate.py
"""

from __future__ import annotations

from pathlib import Path

from ingest.pipeline import ingest_file
from ontology.iris import IriMinter

LAYOUTS = Path(__file__).resolve().parent


def main() -> None:
    for folder in sorted(path for path in LAYOUTS.iterdir() if path.is_dir()):
        (source,) = folder.glob("input.*")
        doc = ingest_file(source, IriMinter())
        doc.graph.serialize(folder / "expected.ttl", format="turtle", encoding="utf-8")
        print(f"{folder.name}: {len(doc.parsed.tasks)} tasks, {len(doc.graph)} triples")


if __name__ == "__main__":
    main()
