"""The cchc-kg ontology: OWL 2 vocabulary, SKOS schemes, SHACL shapes and the IRI scheme."""

from __future__ import annotations

from pathlib import Path

ONTOLOGY_DIR = Path(__file__).resolve().parent
ONTOLOGY_FILE = ONTOLOGY_DIR / "cchc.ttl"
SCHEMES_FILE = ONTOLOGY_DIR / "schemes.ttl"
SHAPES_FILE = ONTOLOGY_DIR / "shapes.ttl"
VOCABULARY_FILES = (ONTOLOGY_FILE, SCHEMES_FILE)

ONTOLOGY_IRI = "https://w3id.org/cchc-kg/ontology"
DEFAULT_BASE_IRI = "https://w3id.org/cchc-kg/"
