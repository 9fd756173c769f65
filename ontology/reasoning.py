"""OWL 2 reasoning with owlready2 and HermiT (needs a Java runtime on PATH).

Used by ``cchc-kg validate`` and the ontology tests; never per request.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal
from rdflib.namespace import XSD

from ontology.errors import CchcError
from ontology.loader import vocabulary_graph


class ReasonerUnavailable(CchcError):
    """No Java runtime: HermiT cannot run."""

    status = 503


@dataclass(frozen=True)
class ConsistencyReport:
    """What HermiT found."""

    consistent: bool
    classes: int
    unsatisfiable: list[str]
    message: str


def java_available() -> bool:
    """True when a ``java`` executable is on PATH."""
    return shutil.which("java") is not None


def _owl_compatible(graph: Graph) -> Graph:
    """Copy of ``graph`` whose xsd:date literals become plain strings.

    xsd:date is outside the OWL 2 datatype map, and HermiT rejects it; dates play no part in the
    ontology's axioms, so the consistency verdict is unchanged.
    """
    copy = Graph()
    for s, p, o in graph:
        if isinstance(o, Literal) and o.datatype == XSD.date:
            o = Literal(str(o))
        copy.add((s, p, o))
    return copy


def check_consistency(data: Graph | None = None) -> ConsistencyReport:
    """Load the ontology (plus ``data`` when given) into owlready2 and run HermiT."""
    if not java_available():
        raise ReasonerUnavailable(
            "Java is not installed, so HermiT cannot run",
            expected="a Java runtime on PATH (make test installs default-jre-headless)",
        )
    import owlready2  # imported here: owlready2 sets up a global quadstore on import

    graph = vocabulary_graph()
    if data is not None:
        graph += data
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "merged.nt"
        _owl_compatible(graph).serialize(path, format="nt", encoding="utf-8")
        world = owlready2.World()
        onto = world.get_ontology(path.as_uri()).load()
        try:
            with onto:
                owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
        except owlready2.OwlReadyInconsistentOntologyError as exc:
            return ConsistencyReport(False, len(list(world.classes())), [], f"inconsistent: {exc}")
        unsatisfiable = sorted(c.iri for c in world.inconsistent_classes())
        classes = len(list(world.classes()))
        world.close()
    message = "consistent" if not unsatisfiable else f"{len(unsatisfiable)} unsatisfiable classes"
    return ConsistencyReport(not unsatisfiable, classes, unsatisfiable, message)
