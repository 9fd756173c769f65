"""The ontology parses, is consistent under HermiT, is fully labelled, and its namespace module is in sync."""

from __future__ import annotations

import pytest
from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import OWL, SKOS, XSD

from ontology import ONTOLOGY_IRI
from ontology.gen_namespace import TARGET, render
from ontology.iris import IriMinter, slugify
from ontology.loader import shapes_graph, vocabulary_graph
from ontology.namespace import AREA, CCHC, DTYPE, ELI, ROLE
from ontology.reasoning import check_consistency, java_available
from ontology.validation import validate_graph

DECLARATION_TYPES = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)


@pytest.fixture(scope="module")
def vocab() -> Graph:
    return vocabulary_graph()


def declared_terms(graph: Graph) -> set[URIRef]:
    terms: set[URIRef] = set()
    for kind in DECLARATION_TYPES:
        terms |= {t for t in graph.subjects(RDF.type, kind) if isinstance(t, URIRef)}
    terms |= {t for t in graph.subjects(RDF.type, SKOS.Concept) if isinstance(t, URIRef)}
    terms |= {t for t in graph.subjects(RDF.type, SKOS.ConceptScheme) if isinstance(t, URIRef)}
    return terms


def test_ontology_parses_with_expected_size(vocab: Graph) -> None:
    assert (URIRef(ONTOLOGY_IRI), RDF.type, OWL.Ontology) in vocab
    classes = set(vocab.subjects(RDF.type, OWL.Class))
    assert {
        CCHC.Plan,
        CCHC.Task,
        CCHC.Agency,
        CCHC.AgencyGroup,
        CCHC.MasterProgramme,
        CCHC.TimeFrame,
    } <= classes
    assert len(classes) >= 45


def test_every_term_has_vietnamese_and_english_labels_and_a_definition(vocab: Graph) -> None:
    missing = []
    for term in sorted(declared_terms(vocab)):
        languages = {
            label.language for label in vocab.objects(term, RDFS.label) if isinstance(label, Literal)
        }
        if not {"vi", "en"} <= languages:
            missing.append(f"{term}: labels {sorted(filter(None, languages))}")
        if vocab.value(term, SKOS.definition) is None:
            missing.append(f"{term}: no skos:definition")
    assert missing == []


def test_document_type_scheme_has_the_vietnamese_codes(vocab: Graph) -> None:
    notations = {
        str(n)
        for c in vocab.subjects(SKOS.inScheme, CCHC.DocumentTypeScheme)
        for n in vocab.objects(c, SKOS.notation)
    }
    assert {"NQ", "NĐ", "QĐ", "CT", "KH", "TB", "KL", "TTr"} <= notations


def test_reform_areas_cover_both_eras_and_map_between_them(vocab: Graph) -> None:
    members_30c = set(vocab.objects(CCHC.Areas30c, SKOS.member))
    members_76 = set(vocab.objects(CCHC.Areas76, SKOS.member))
    assert len(members_30c) == 6 and len(members_76) == 6
    assert AREA.modernisation in members_30c and AREA["e-government"] in members_76
    assert (AREA["cadre-corps"], SKOS.closeMatch, AREA["civil-service"]) in vocab
    assert (AREA.modernisation, SKOS.closeMatch, AREA["e-government"]) in vocab
    scheme = set(vocab.subjects(SKOS.inScheme, CCHC.ReformAreaScheme))
    assert {AREA.direction, AREA.communication} <= scheme and len(scheme) == 10


def test_eli_terms_are_reused_and_deprecated_implements_is_not(vocab: Graph) -> None:
    for term in (
        "based_on",
        "cites",
        "repeals",
        "amends",
        "passed_by",
        "date_document",
        "number",
        "type_document",
        "ensures_implementation_of",
    ):
        assert (URIRef(str(ELI) + term), RDFS.label, None) in vocab, term
    assert not list(vocab.triples((URIRef(str(ELI) + "implements"), None, None)))
    assert (CCHC.replaces, RDFS.subPropertyOf, ELI.repeals) in vocab


def test_groups_and_single_agencies_are_disjoint_classes(vocab: Graph) -> None:
    assert (CCHC.AgencyGroup, OWL.disjointWith, CCHC.Agency) in vocab
    assert (CCHC.Agency, RDFS.subClassOf, URIRef("http://www.w3.org/ns/org#FormalOrganization")) in vocab


def test_namespace_module_is_in_sync_with_the_turtle() -> None:
    assert TARGET.read_text(encoding="utf-8") == render(), "run: python -m ontology.gen_namespace"


def test_misspelt_term_fails() -> None:
    with pytest.raises(AttributeError):
        _ = CCHC.Plann
    assert str(CCHC.leadAgency) == "https://w3id.org/cchc-kg/ontology#leadAgency"
    assert str(ROLE.lead) == "https://w3id.org/cchc-kg/ontology/role/lead"


@pytest.mark.skipif(not java_available(), reason="Java is not installed; make test installs it")
def test_hermit_finds_the_ontology_consistent() -> None:
    report = check_consistency()
    assert report.consistent, report.message
    assert report.classes >= 45


@pytest.mark.skipif(not java_available(), reason="Java is not installed; make test installs it")
def test_hermit_detects_an_agency_that_is_also_a_group() -> None:
    data = Graph()
    thing = URIRef("https://example.org/both")
    data.add((thing, RDF.type, CCHC.Agency))
    data.add((thing, RDF.type, CCHC.AgencyGroup))
    assert not check_consistency(data).consistent


def test_shapes_parse() -> None:
    shapes = shapes_graph()
    node_shapes = set(shapes.subjects(RDF.type, URIRef("http://www.w3.org/ns/shacl#NodeShape")))
    assert len(node_shapes) >= 9


def _well_formed_task(minter: IriMinter) -> tuple[Graph, URIRef]:
    g = Graph()
    plan = minter.document(type_code="KH", issuer="UBND", serial="285", year=2020, province="Đồng Tháp")
    task = minter.task(plan, "1.đ")
    source = minter.source("ab" * 32)
    lead = minter.agency("so-noi-vu", "Đồng Tháp", is_group=False)
    province = minter.province("Đồng Tháp")
    g.add((plan, RDF.type, CCHC.AnnualPlan))
    g.add((plan, RDFS.label, Literal("285/KH-UBND")))
    g.add((plan, ELI.type_document, DTYPE.KH))
    g.add((plan, ELI.jurisdiction, province))
    g.add((plan, ELI.passed_by, lead))
    g.add((plan, URIRef("http://www.w3.org/ns/prov#wasDerivedFrom"), source))
    g.add((source, RDF.type, CCHC.SourceDocument))
    g.add((province, RDF.type, CCHC.Province))
    g.add((lead, RDF.type, CCHC.Agency))
    g.add((lead, SKOS.prefLabel, Literal("Sở Nội vụ", lang="vi")))
    g.add((lead, ELI.jurisdiction, province))
    g.add((lead, CCHC.normalizedName, Literal("so noi vu")))
    g.add((plan, CCHC.hasTask, task))
    g.add((task, RDF.type, CCHC.Task))
    g.add((task, CCHC.code, Literal("1.đ")))
    g.add((task, CCHC.text, Literal("Xây dựng video tuyên truyền các hoạt động, mô hình hay về CCHC")))
    g.add((task, CCHC.leadAgency, lead))
    g.add((task, CCHC.firstLine, Literal(155, datatype=XSD.integer)))
    g.add((task, CCHC.lastLine, Literal(155, datatype=XSD.integer)))
    g.add((task, URIRef("http://www.w3.org/ns/prov#wasDerivedFrom"), source))
    return g, task


def test_shacl_accepts_a_well_formed_task() -> None:
    graph, _ = _well_formed_task(IriMinter())
    report = validate_graph(graph)
    assert report.conforms, report.text


def test_shacl_rejects_a_malformed_task() -> None:
    graph, task = _well_formed_task(IriMinter())
    graph.remove((task, CCHC.code, None))
    graph.add((task, CCHC.leadAgency, Literal("Sở Nội vụ")))  # a string, not an agency
    graph.remove((task, CCHC.lastLine, None))
    report = validate_graph(graph)
    assert not report.conforms
    messages = {v.message for v in report.violations if v.focus == str(task)}
    assert "a task has exactly one non-empty code" in messages
    assert "a lead agency is an agency or agency group IRI" in messages
    paths = {v.path for v in report.violations if v.focus == str(task)}
    assert str(CCHC.lastLine) in paths


def test_iri_scheme_is_eli_like_deterministic_and_province_scoped() -> None:
    minter = IriMinter("https://data.example.vn/cchc/")
    national = minter.document(type_code="NQ", issuer="CP", serial="76", year=2021, province=None)
    assert str(national) == "https://data.example.vn/cchc/eli/vn/cp/nq/2021/76"
    plan = minter.document(type_code="KH", issuer="UBND", serial="285", year=2020, province="Đồng Tháp")
    assert str(plan) == "https://data.example.vn/cchc/eli/vn/dong-thap/ubnd/kh/2020/285"
    assert minter.task(plan, "1.đ") != minter.task(plan, "1.d")
    assert str(minter.task(plan, "1.đ")).endswith("/task/1.dd")
    assert minter.agency("so-noi-vu", "Đồng Tháp", is_group=False) != minter.agency(
        "so-noi-vu", "Sóc Trăng", is_group=False
    )
    assert str(minter.agency("ubnd-cap-huyen", "Sóc Trăng", is_group=True)).endswith(
        "/group/soc-trang/ubnd-cap-huyen"
    )
    assert slugify("Sở Văn hóa, Thể thao và Du lịch") == "so-van-hoa-the-thao-va-du-lich"
    with pytest.raises(ValueError):
        IriMinter("not an iri")
