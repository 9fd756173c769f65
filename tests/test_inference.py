"""Materialised inferences on the five bundled seeds."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import PROV, TIME, XSD

from api.service import ingest_paths
from ontology import DEFAULT_BASE_IRI
from ontology.iris import IriMinter
from ontology.namespace import CCHC, ELI
from queries.binding import insert_data
from queries.inference import (
    InferenceError,
    materialise,
    refresh_inferences,
    rule_bindings,
    transitive_closure,
)
from queries.sparql import sparql
from queries.store import EmbeddedStore

SAMPLES = Path(__file__).resolve().parents[1] / "ingest" / "samples"
MINTER = IriMinter(DEFAULT_BASE_IRI)
INFERRED = MINTER.inference_graph
BASE = DEFAULT_BASE_IRI


def iri(path: str) -> URIRef:
    return URIRef(BASE + path)


PLAN_285 = iri("eli/vn/dong-thap/ubnd/kh/2020/285")
PLAN_272 = iri("eli/vn/dong-thap/ubnd/kh/2018/272")
PLAN_142 = iri("eli/vn/soc-trang/ubnd/kh/2020/142")
DECISION_465 = iri("eli/vn/ninh-thuan/ubnd/qd/2022/465")
PLAN_465 = iri("eli/vn/ninh-thuan/ubnd/qd/2022/465/plan")
DECISION_71 = iri("eli/vn/dong-thap/ubnd/qd/2020/71")
PLAN_71 = iri("eli/vn/dong-thap/ubnd/qd/2020/71/plan")
NQ_76 = iri("eli/vn/cp/nq/2021/76")
NQ_30C = iri("eli/vn/cp/nq/2011/30c")
CT_23 = iri("eli/vn/ttg/ct/2021/23")
QD_681 = iri("eli/vn/ninh-thuan/ubnd/qd/2021/681")
PROGRAMME_2021 = iri("programme/2021-2030")
SO_NOI_VU_DT = iri("org/dong-thap/so-noi-vu")


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> EmbeddedStore:
    store = EmbeddedStore(tmp_path_factory.mktemp("store"))
    assert all(report.ok for report in ingest_paths(store, [SAMPLES], DEFAULT_BASE_IRI))
    assert materialise(store, INFERRED) > 0
    return store


@pytest.fixture(scope="module")
def inferred(store: EmbeddedStore) -> Graph:
    return store.graph(INFERRED)


def test_inverse_relations(inferred: Graph) -> None:
    assert (NQ_76, CCHC.basisFor, PLAN_465) in inferred
    assert (QD_681, CCHC.replacedBy, DECISION_465) in inferred
    assert (iri("eli/vn/cp/nd/2005/130"), CCHC.citedBy, PLAN_142) in inferred
    assert (iri("eli/vn/cp/nd/2014/108"), CCHC.amendedBy, iri("eli/vn/cp/nd/2018/113")) in inferred
    assert (PLAN_465, CCHC.issuedBy, DECISION_465) in inferred
    assert (PLAN_285 + "/task/1.dd", CCHC.taskOf, PLAN_285) in inferred
    assert (PLAN_465 + "/task/iv.4", CCHC.subTask, PLAN_465 + "/task/iv.4.a") in inferred
    # both directions are asserted in the reference graph: nothing to infer, nothing repeated
    assert (PROGRAMME_2021, CCHC.establishedBy, NQ_76) not in inferred
    assert (NQ_76, CCHC.establishes, PROGRAMME_2021) not in inferred


def test_nothing_asserted_is_inferred_again(store: EmbeddedStore, inferred: Graph) -> None:
    """An inferred triple some asserted graph holds would be met twice in the union of graphs."""
    repeated = store.select(
        f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{INFERRED}> {{ ?s ?p ?o }} "
        f"GRAPH ?g {{ ?s ?p ?o }} FILTER(?g != <{INFERRED}>) }}"
    )
    assert int(repeated[0]["n"]) == 0
    assert len(inferred) > 1000


def test_implements_chain(inferred: Graph) -> None:
    """285 and 142 implement the 2021-2030 programme, which 76/NQ-CP establishes."""
    for plan in (PLAN_285, PLAN_142):
        assert (plan, ELI.ensures_implementation_of, NQ_76) in inferred
        assert (NQ_76, CCHC.implementedBy, plan) in inferred
    assert (PLAN_272, ELI.ensures_implementation_of, NQ_30C) in inferred
    assert (PLAN_272, ELI.ensures_implementation_of, NQ_76) not in inferred
    assert (PLAN_71, ELI.ensures_implementation_of, NQ_76) not in inferred  # it only drafts 2021-2030


def test_based_on_transitive(inferred: Graph) -> None:
    assert (PLAN_465, CCHC.basedOnTransitive, CT_23) in inferred
    assert (CT_23, CCHC.basedOnTransitive, NQ_76) in inferred
    assert (PLAN_465, CCHC.basedOnTransitive, NQ_76) in inferred
    assert (PLAN_285, CCHC.basedOnTransitive, NQ_76) in inferred
    # the plan issued by 71/QĐ-UBND-HC inherits the decision's basis: 225/QĐ-TTg, and through it 30c/NQ-CP
    assert (PLAN_71, CCHC.basedOnTransitive, iri("eli/vn/ttg/qd/2016/225")) in inferred
    assert (PLAN_71, CCHC.basedOnTransitive, NQ_30C) in inferred
    assert (PLAN_71, CCHC.basedOnTransitive, NQ_76) not in inferred
    assert (PLAN_272, CCHC.basedOnTransitive, NQ_76) not in inferred
    assert not any(s == o for s, _, o in inferred.triples((None, CCHC.basedOnTransitive, None)))


def test_lead_and_partner_shortcuts(inferred: Graph) -> None:
    zalo = PLAN_272 + "/task/1.m"
    assert (SO_NOI_VU_DT, CCHC.leads, zalo) in inferred
    assert (zalo, CCHC.leadAgency, SO_NOI_VU_DT) not in inferred  # asserted by the document already
    assert (iri("org/dong-thap/so-thong-tin-va-truyen-thong"), CCHC.partnersOn, zalo) in inferred
    assert (SO_NOI_VU_DT, CCHC.worksWith, iri("org/dong-thap/so-thong-tin-va-truyen-thong")) in inferred
    assert (SO_NOI_VU_DT, CCHC.worksWith, SO_NOI_VU_DT) not in inferred
    leads = set(inferred.objects(SO_NOI_VU_DT, CCHC.leads))
    assert len(leads) == 37  # 13 + 13 + 11 rows of the three Đồng Tháp tables


def test_superclass_types(inferred: Graph) -> None:
    assert (DECISION_465, RDF.type, CCHC.LegalDocument) in inferred
    assert (DECISION_465, RDF.type, ELI.LegalResource) in inferred
    assert (PLAN_285, RDF.type, CCHC.LegalDocument) in inferred
    assert (SO_NOI_VU_DT, RDF.type, CCHC.ResponsibleParty) in inferred
    assert (iri("group/dong-thap/ubnd-cap-huyen"), RDF.type, CCHC.ResponsibleParty) in inferred
    assert (SO_NOI_VU_DT, RDF.type, PROV.Agent) in inferred
    # the generic upper classes are left to a reasoner: no task, assignment or time frame typed with them
    generic = {PROV.Entity, TIME.TemporalEntity, TIME.Interval}
    assert not [t for t in inferred.triples((None, RDF.type, None)) if t[2] in generic]


def test_inferences_only_in_their_graph(store: EmbeddedStore, inferred: Graph) -> None:
    asserted = Graph()
    for name in store.named_graphs():
        if name != INFERRED:
            asserted += store.graph(name)
    assert (SO_NOI_VU_DT, CCHC.leads, None) not in asserted
    assert (PLAN_465, CCHC.basedOnTransitive, None) not in asserted
    assert (PLAN_285, ELI.ensures_implementation_of, NQ_76) not in asserted


def test_idempotent_and_stale_inferences_go(tmp_path: Path) -> None:
    store = EmbeddedStore(tmp_path / "store")
    ingest_paths(store, [SAMPLES / "000_8ed5b0c1c9e5996d.txt"], DEFAULT_BASE_IRI)
    first = refresh_inferences(store, DEFAULT_BASE_IRI)
    assert refresh_inferences(store, DEFAULT_BASE_IRI) == first == len(store.graph(INFERRED))
    assert (PLAN_285, ELI.ensures_implementation_of, NQ_76) in store.graph(INFERRED)
    store.drop_graphs([MINTER.document_graph(PLAN_285)])
    refresh_inferences(store, DEFAULT_BASE_IRI)
    after = store.graph(INFERRED)
    assert (PLAN_285, ELI.ensures_implementation_of, NQ_76) not in after
    assert (PLAN_285, CCHC.basedOnTransitive, NQ_76) not in after
    assert (SO_NOI_VU_DT, CCHC.leads, None) not in after
    assert (PROGRAMME_2021, CCHC.establishedBy, NQ_76) in store.graph(MINTER.reference_graph)


def test_closure_and_rule_bindings() -> None:
    a, b, c, d = (URIRef(f"https://example.org/{x}") for x in "abcd")
    assert transitive_closure([(a, b), (b, c), (c, a), (c, d)]) == {
        (a, b),
        (a, c),
        (a, d),
        (b, c),
        (b, a),
        (b, d),
        (c, a),
        (c, b),
        (c, d),
    }
    assert rule_bindings(URIRef("https://example.org/g")) == {"inferred": URIRef("https://example.org/g")}
    with pytest.raises(InferenceError):
        rule_bindings(URIRef("https://example.org/g> } DROP ALL {"))


def test_works_on_a_hand_made_graph() -> None:
    """A decision that implements a programme passes it on to the plan it issues."""
    base = "https://example.org/kg/"
    store = EmbeddedStore(None)
    graph = Graph()
    decision, plan = URIRef(base + "decision"), URIRef(base + "decision/plan")
    resolution, programme = URIRef(base + "resolution"), URIRef(base + "programme/x")
    graph.add((decision, CCHC.issues, plan))
    graph.add((decision, CCHC.implementsProgramme, programme))
    graph.add((resolution, CCHC.establishes, programme))
    graph.add((plan, RDF.type, CCHC.AnnualPlan))
    graph.add((plan, PROV.wasDerivedFrom, Literal("x")))
    store.replace_graphs({URIRef(base + "graph/doc"): graph})
    materialise(store, IriMinter(base).inference_graph)
    inferred = store.graph(IriMinter(base).inference_graph)
    assert (decision, ELI.ensures_implementation_of, resolution) in inferred
    assert (plan, CCHC.basedOnTransitive, resolution) in inferred
    assert (plan, CCHC.issuedBy, decision) in inferred


def test_assignment_without_its_shortcut_gets_one() -> None:
    """Role-as-data alone (as another tool might write it) gives the lead shortcut and its inverse."""
    base = "https://example.org/kg/"
    store = EmbeddedStore(None)
    task, assignment, agency = (URIRef(base + name) for name in ("task", "task/a1", "org/x"))
    graph = Graph()
    graph.add((task, CCHC.assignment, assignment))
    graph.add((assignment, CCHC.role, URIRef("https://w3id.org/cchc-kg/ontology/role/lead")))
    graph.add((assignment, CCHC.assignedParty, agency))
    store.replace_graphs({URIRef(base + "graph/doc"): graph})
    materialise(store, IriMinter(base).inference_graph)
    inferred = store.graph(IriMinter(base).inference_graph)
    assert (task, CCHC.leadAgency, agency) in inferred
    assert (agency, CCHC.leads, task) in inferred


CORPUS_DOCS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "docs"
SENTINEL = (URIRef("https://example.org/s"), URIRef("https://example.org/p"), URIRef("https://example.org/o"))


def _with_sentinel(store: EmbeddedStore) -> None:
    """A triple no rule gives: it stays when an ingest extends the inference graph, a recompute drops it."""
    store.update(insert_data(INFERRED, [SENTINEL]))


@pytest.mark.skipif(not CORPUS_DOCS.is_dir(), reason=f"no gold corpus at {CORPUS_DOCS}")
def test_an_ingest_of_new_documents_extends_to_the_full_recompute(tmp_path: Path) -> None:
    """Seeds, then the gold corpus in a second ingest: the extended graph is the recomputed one."""
    store = EmbeddedStore(tmp_path / "store")
    assert all(report.ok for report in ingest_paths(store, [SAMPLES], BASE))
    _with_sentinel(store)
    reports = ingest_paths(store, [CORPUS_DOCS], BASE)
    assert len(reports) == 10 and all(report.ok for report in reports)
    extended = set(store.graph(INFERRED))
    assert SENTINEL in extended  # extended, not recomputed
    extended.discard(SENTINEL)
    assert materialise(store, INFERRED) == len(extended) == 3837
    assert set(store.graph(INFERRED)) == extended


def test_a_replaced_document_or_an_interrupted_run_recomputes(tmp_path: Path) -> None:
    """Only a store the last refresh left as it was is extended; anything else is recomputed whole."""
    store = EmbeddedStore(tmp_path / "store")
    seeds = sorted(SAMPLES.glob("*.txt"))
    ingest_paths(store, seeds[:2], BASE)
    _with_sentinel(store)
    ingest_paths(store, seeds[2:3], BASE)  # new: extended
    assert SENTINEL in store.graph(INFERRED)
    ingest_paths(store, seeds[2:3], BASE)  # the same file again replaces its graph: recomputed
    assert SENTINEL not in store.graph(INFERRED)
    complete = set(store.graph(INFERRED))
    # an ingest killed after writing a document and before its refresh leaves a record the state lacks
    _with_sentinel(store)
    store.update(
        "PREFIX prov: <http://www.w3.org/ns/prov#> DELETE { GRAPH ?meta { ?g prov:generatedAtTime ?t } } "
        "INSERT { GRAPH ?meta { ?g prov:generatedAtTime ?later } } "
        "WHERE { GRAPH ?meta { ?g prov:generatedAtTime ?t } }",
        {"meta": MINTER.metadata_graph, "later": Literal("2030-01-01T00:00:00", datatype=XSD.dateTime)},
    )
    ingest_paths(store, seeds[3:4], BASE)
    assert SENTINEL not in store.graph(INFERRED)
    # a refresh killed during its recompute leaves no state
    _with_sentinel(store)
    store.update(sparql("inference-state-set"), {"meta": MINTER.metadata_graph, "inferred": INFERRED})
    ingest_paths(store, seeds[4:5], BASE)
    assert SENTINEL not in store.graph(INFERRED)
    assert complete < set(store.graph(INFERRED))
    assert refresh_inferences(store, BASE) == len(store.graph(INFERRED))
