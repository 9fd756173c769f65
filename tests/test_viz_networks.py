"""Responsibility networks, trace and plan graphs, analytics, exports and pages, on the five seeds.

The expected numbers are read from the seed ingest/samples/000_8ed5b0c1c9e5996d.txt (285/KH-UBND, Đồng Tháp
2021), task table lines 149-194.
"""

from __future__ import annotations

import csv
import io
import json
import random
import re
import time
from html.parser import HTMLParser
from pathlib import Path

import networkx as nx
import pytest

from api.service import ingest_paths
from ontology import DEFAULT_BASE_IRI
from ontology.periods import quarters
from queries.library import BadParameter, run
from queries.store import EmbeddedStore
from viz import analytics, export
from viz.assets import ASSET_DIR, SCRIPTS, STYLESHEETS
from viz.html import network_page
from viz.layout import vis_options
from viz.networks import pair_network, plan_graph, responsibility_network, trace_graph
from viz.visdata import vis_data

SAMPLES = Path(__file__).resolve().parents[1] / "ingest" / "samples"
PLAN = "285/KH-UBND"
NOI_VU = "Sở Nội vụ"
SO_NGANH = "Các sở, ban, ngành tỉnh"
DAI_PTTH = "Đài Phát thanh và Truyền hình tỉnh"
HUYEN = "UBND cấp huyện"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> EmbeddedStore:
    store = EmbeddedStore(tmp_path_factory.mktemp("viz-store"))
    assert all(report.ok for report in ingest_paths(store, [SAMPLES], DEFAULT_BASE_IRI))
    return store


@pytest.fixture(scope="module")
def dong_thap_2021(store: EmbeddedStore) -> nx.DiGraph:
    return responsibility_network(store, plan=PLAN)


def by_label(graph: nx.DiGraph) -> dict[str, str]:
    return {str(data["label"]): node for node, data in graph.nodes(data=True)}


def codes(tasks: list[str]) -> set[str]:
    """ "285/KH-UBND 1.đ Xây dựng …" -> "1.đ"."""
    return {task.split(" ")[1] for task in tasks}


# -- the responsibility network --------------------------------------------------------------------


def test_so_noi_vu_leads_more_tasks_than_any_other_single_agency(dong_thap_2021: nx.DiGraph) -> None:
    singles = {
        d["label"]: d["lead_tasks"] for _, d in dong_thap_2021.nodes(data=True) if d["kind"] == "single"
    }
    # lines 154-194: 1.d 1.đ 1.g 1.h 1.i 1.k 6.b 7.b 7.d 7.d-2 8.a 8.b 8.d
    assert singles[NOI_VU] == 13
    assert max(count for label, count in singles.items() if label != NOI_VU) == 3  # Văn phòng UBND tỉnh
    assert singles["Văn phòng UBND tỉnh"] == 3  # 3.c, 4.d, 7.b
    node = dong_thap_2021.nodes[by_label(dong_thap_2021)[NOI_VU]]
    assert node["partner_tasks"] == 10
    assert node["iri"] == "https://w3id.org/cchc-kg/org/dong-thap/so-noi-vu"
    assert (node["province"], node["agency_kind"], node["type"]) == ("Đồng Tháp", "department", "agency")
    assert dong_thap_2021.graph["task_count"] == 32


def test_named_edges_carry_the_weights_of_the_document(dong_thap_2021: nx.DiGraph) -> None:
    ids = by_label(dong_thap_2021)
    # Sở Nội vụ leads and "Các sở, ban, ngành tỉnh" (also written "Các sở, ngành tỉnh và huyện, thành phố")
    # partners: 1.g 1.h 1.k 6.b 7.b 7.d 7.d-2 8.b 8.d
    edge = dong_thap_2021.edges[ids[NOI_VU], ids[SO_NGANH]]
    assert edge["weight"] == 9
    assert codes(edge["tasks"]) == {"1.g", "1.h", "1.k", "6.b", "7.b", "7.d", "7.d-2", "8.b", "8.d"}
    # "Đài Phát thanh và Truyền hình Tỉnh" (1.đ, line 155) and "Đài PT&TH" (8.a, line 190)
    edge = dong_thap_2021.edges[ids[NOI_VU], ids[DAI_PTTH]]
    assert edge["weight"] == 2 and codes(edge["tasks"]) == {"1.đ", "8.a"}
    assert (
        edge["tasks"][0] == "285/KH-UBND 1.đ Xây dựng video tuyên truyền các hoạt động, mô hình hay về CCHC"
    )
    # UBND cấp huyện leads, Sở Nội vụ partners: 1.b 4.a 4.b 4.c 5.a 6.a 7.a 8.c
    edge = dong_thap_2021.edges[ids[HUYEN], ids[NOI_VU]]
    assert codes(edge["tasks"]) == {"1.b", "4.a", "4.b", "4.c", "5.a", "6.a", "7.a", "8.c"}
    assert not dong_thap_2021.has_edge(ids[DAI_PTTH], ids["Sở Tư pháp"])


def test_edges_match_the_lead_partner_query(store: EmbeddedStore, dong_thap_2021: nx.DiGraph) -> None:
    expected = {
        (r["lead"], r["partner"]): r["tasks"] for r in run(store, "lead-partner", {"plan": PLAN}).as_dicts()
    }
    labels = nx.get_node_attributes(dong_thap_2021, "label")
    found = {(labels[a], labels[b]): d["weight"] for a, b, d in dong_thap_2021.edges(data=True)}
    assert found == expected and len(found) == 50


def test_groups_and_single_agencies_are_typed_and_drawn_apart(dong_thap_2021: nx.DiGraph) -> None:
    kinds = {d["label"]: (d["kind"], d["type"]) for _, d in dong_thap_2021.nodes(data=True)}
    assert kinds[SO_NGANH] == ("group", "group") and kinds[HUYEN] == ("group", "group")
    assert kinds[NOI_VU] == ("single", "agency") and kinds[DAI_PTTH] == ("single", "agency")
    nodes, _ = vis_data(dong_thap_2021)
    shapes = {n["label"]: n["shape"] for n in nodes}
    colours = {n["label"]: n["color"] for n in nodes}
    assert shapes[SO_NGANH] == "diamond" and shapes[NOI_VU] == "dot"
    assert colours[NOI_VU] == colours["Sở Tư pháp"] != colours[DAI_PTTH]  # department vs media
    sizes = {n["label"]: n["size"] for n in nodes}
    assert sizes[NOI_VU] > sizes["Văn phòng UBND tỉnh"] > sizes["Sở Xây dựng"]  # 13 > 3 > 0 tasks led


def test_filters(store: EmbeddedStore) -> None:
    communication = responsibility_network(store, plan=PLAN, area="communication")
    assert communication.graph["task_count"] == 10  # section 1, lines 151-161
    assert communication.graph["filters"] == {"plan": PLAN, "area": "communication"}
    leads = responsibility_network(store, plan=PLAN, role="lead")
    assert all(d["lead_tasks"] > 0 for _, d in leads.nodes(data=True))
    assert "Sở Xây dựng" not in by_label(leads) and NOI_VU in by_label(leads)
    province = responsibility_network(store, province="Đồng Tháp")
    assert {d["province"] for _, d in province.nodes(data=True)} == {"Đồng Tháp"}
    # 32 + 37 + 23 tasks in the three Đồng Tháp plans; 71/QĐ-UBND-HC row 3 (line 74, a heading over 3.1-3.x)
    # names no agency
    assert province.graph["task_count"] == 32 + 37 + 23 - 1
    year = responsibility_network(store, province="dong thap", year=2021)
    assert year.graph["task_count"] == 32 and year.graph["filters"]["year"] == "2021"
    with pytest.raises(BadParameter):
        responsibility_network(store, role="chair")


# -- trace and plan graphs -------------------------------------------------------------------------


def test_trace_graph_of_76_nq_cp(store: EmbeddedStore) -> None:
    graph = trace_graph(store, "76/NQ-CP")
    types = nx.get_node_attributes(graph, "type")
    labels = nx.get_node_attributes(graph, "label")
    plans = {labels[n] for n, t in types.items() if t == "plan"}
    assert plans == {"285/KH-UBND", "142/KH-UBND", "465/QĐ-UBND"}
    assert {labels[n] for n, t in types.items() if t == "document"} == {"76/NQ-CP", "23/CT-TTg"}
    assert sum(1 for t in types.values() if t == "programme") == 1
    assert sum(1 for t in types.values() if t == "task") == 32 + 29 + 48
    assert {t for t in types.values()} == {"document", "programme", "plan", "task", "agency", "group"}
    ids = {labels[n]: n for n, t in types.items() if t in ("document", "plan", "programme")}
    relations = {
        (labels[a], d["relation"], labels[b]) for a, b, d in graph.edges(data=True) if a in ids.values()
    }
    assert ("465/QĐ-UBND", "based-on", "23/CT-TTg") in relations
    assert ("23/CT-TTg", "based-on", "76/NQ-CP") in relations
    assert ("285/KH-UBND", "implements", "Chương trình tổng thể 2021-2030") in relations
    assert ("76/NQ-CP", "establishes", "Chương trình tổng thể 2021-2030") in relations
    task_1dd = "https://w3id.org/cchc-kg/eli/vn/dong-thap/ubnd/kh/2020/285/task/1.dd"
    assert graph.has_edge(ids["285/KH-UBND"], task_1dd)
    assert {(labels[b], d["relation"]) for _, b, d in graph.out_edges(task_1dd, data=True)} == {
        (NOI_VU, "lead"),
        (DAI_PTTH, "partner"),
    }


def test_trace_graph_with_detail_draws_every_plan_and_says_what_is_left_out(store: EmbeddedStore) -> None:
    graph = trace_graph(store, "76/NQ-CP", detail=1)
    types = nx.get_node_attributes(graph, "type")
    assert sum(1 for t in types.values() if t == "plan") == 3
    assert sum(1 for t in types.values() if t == "task") in (32, 29, 48)  # the first plan's tasks only
    assert graph.graph["left_out"] == {"plans": 2, "plans_total": 3, "detail": 1}
    page = network_page(graph, title="76/NQ-CP", filters={}, lang="en")
    assert "Tasks and agencies are drawn for the first 1 of 3 plans only" in page
    assert "left_out" not in trace_graph(store, "76/NQ-CP").graph


def test_pair_network_has_the_edges_and_weights_of_the_responsibility_network(store: EmbeddedStore) -> None:
    whole = responsibility_network(store)
    pairs = pair_network(store, limit=None)
    weights = {(a, b): d["weight"] for a, b, d in whole.edges(data=True)}
    assert {(a, b): d["weight"] for a, b, d in pairs.edges(data=True)} == weights
    for node, data in pairs.nodes(data=True):
        assert (data["label"], data["lead_tasks"], data["partner_tasks"]) == (
            whole.nodes[node]["label"],
            whole.nodes[node]["lead_tasks"],
            whole.nodes[node]["partner_tasks"],
        )
    assert "left_out" not in pairs.graph
    top = pair_network(store, limit=5)
    assert top.number_of_edges() == 5
    heaviest = sorted(weights.values(), reverse=True)
    assert sorted((d["weight"] for *_, d in top.edges(data=True)), reverse=True) == heaviest[:5]
    left_out = top.graph["left_out"]
    assert (left_out["links"], left_out["links_total"]) == (len(weights) - 5, len(weights))
    assert left_out["agencies_total"] == pairs.number_of_nodes()
    assert left_out["agencies"] == pairs.number_of_nodes() - top.number_of_nodes()
    assert left_out["min_weight"] == heaviest[4]
    page = network_page(top, title="t", filters={}, lang="en")
    assert f"Only the 5 heaviest links ({heaviest[4]} shared tasks or more) of {len(weights)}" in page
    province = pair_network(store, province="Đồng Tháp", limit=None)
    assert province.graph["filters"] == {"province": "Đồng Tháp"}
    assert {d["province"] for _, d in province.nodes(data=True)} == {"Đồng Tháp"}


def test_plan_graph_of_the_ninh_thuan_plan(store: EmbeddedStore) -> None:
    graph = plan_graph(store, "465/QĐ-UBND")
    types = nx.get_node_attributes(graph, "type")
    assert sum(1 for t in types.values() if t == "task") == 48
    assert sum(1 for t in types.values() if t == "section") == 7
    assert sum(1 for t in types.values() if t == "plan") == 1
    labels = nx.get_node_attributes(graph, "label")
    ids = {labels[n]: n for n, t in types.items() if t == "task"}
    assert graph.edges[ids["I.2"], ids["I.2.a"]]["relation"] == "sub-task"
    assert nx.is_directed_acyclic_graph(graph)


# -- analytics -------------------------------------------------------------------------------------


def test_centrality_and_communities(dong_thap_2021: nx.DiGraph) -> None:
    rows = analytics.centrality_rows(dong_thap_2021)
    top = rows[0]
    assert top["agency"] == NOI_VU
    # 31 = its out-edge weights (tasks it leads times their partners), 19 = in-edges
    assert (top["weighted_out"], top["weighted_in"], top["weighted_degree"]) == (31, 19, 50)
    assert top["betweenness"] == max(r["betweenness"] for r in rows)
    first = analytics.communities(dong_thap_2021)
    assert first == analytics.communities(dong_thap_2021)  # fixed seed
    assert set().union(*first) == set(dong_thap_2021.nodes)
    assert len(first) >= 2
    bridges = analytics.bridging_agencies(dong_thap_2021)
    assert bridges[0]["agency"] == NOI_VU and bridges[0]["articulation"] is True
    assert bridges[0]["communities_reached"] >= 2


def test_workload_per_quarter(store: EmbeddedStore, dong_thap_2021: nx.DiGraph) -> None:
    rows = analytics.workload(store, dong_thap_2021)
    noi_vu = {r["quarter"]: r for r in rows if r["agency"] == NOI_VU}
    assert sorted(noi_vu) == ["2021-Q1", "2021-Q2", "2021-Q3", "2021-Q4"]
    # of its 13 tasks, 8.a and 8.d have no dates ("Theo Kế hoạch và đột xuất", "Theo văn bản triển khai");
    # 1.đ is "Quý II/2021"
    assert noi_vu["2021-Q2"]["lead_tasks"] == 11
    assert noi_vu["2021-Q1"]["lead_tasks"] == 10
    assert quarters("2021-02-10", "2021-07-01") == [
        ("2021-Q1", "2021-01-01", "2021-03-31"),
        ("2021-Q2", "2021-04-01", "2021-06-30"),
        ("2021-Q3", "2021-07-01", "2021-09-30"),
    ]
    assert quarters("2021-11-30", "2030-01-01", limit=2) == [
        ("2021-Q4", "2021-10-01", "2021-12-31"),
        ("2022-Q1", "2022-01-01", "2022-03-31"),
    ]


# -- exports ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_graph_files_reload_with_the_same_nodes_and_edges(
    store: EmbeddedStore, dong_thap_2021: nx.DiGraph, tmp_path: Path, fmt: str
) -> None:
    for graph in (dong_thap_2021, trace_graph(store, "76/NQ-CP")):
        path = export.write_export(graph, fmt, tmp_path / f"network.{fmt}")
        loaded = nx.read_graphml(path) if fmt == "graphml" else nx.read_gexf(path)
        assert loaded.is_directed()
        assert set(loaded.nodes) == set(graph.nodes)
        assert set(loaded.edges) == set(graph.edges)
    ids = by_label(dong_thap_2021)
    path = export.write_export(dong_thap_2021, fmt, tmp_path / f"dong-thap.{fmt}")
    loaded = nx.read_graphml(path) if fmt == "graphml" else nx.read_gexf(path)
    assert int(loaded.edges[ids[NOI_VU], ids[SO_NGANH]]["weight"]) == 9
    assert loaded.nodes[ids[NOI_VU]]["label"] == NOI_VU
    assert loaded.nodes[ids[NOI_VU]]["kind"] == "single"
    assert int(loaded.nodes[ids[NOI_VU]]["lead_tasks"]) == 13


def test_edge_list_csv(dong_thap_2021: nx.DiGraph) -> None:
    rows = list(csv.DictReader(io.StringIO(export.edge_list_csv(dong_thap_2021))))
    assert len(rows) == 50
    row = next(r for r in rows if r["source_label"] == NOI_VU and r["target_label"] == DAI_PTTH)
    assert row["weight"] == "2" and row["tasks"].startswith("285/KH-UBND 1.đ Xây dựng video")


def test_responsibility_matrix(dong_thap_2021: nx.DiGraph) -> None:
    rows = list(csv.reader(io.StringIO(export.responsibility_matrix_csv(dong_thap_2021))))
    header, body = rows[0], rows[1:]
    assert header[:3] == ["agency", "province", "kind"]
    assert len(header) == 3 + 32 and header[3] == "285/KH-UBND 1.a"
    assert len(body) == dong_thap_2021.number_of_nodes()
    cell = {(r[0], column): value for r in body for column, value in zip(header, r, strict=True)}
    assert cell[(NOI_VU, "285/KH-UBND 1.a")] == "P"  # line 151: partner
    assert cell[(NOI_VU, "285/KH-UBND 1.đ")] == "L"  # line 155: lead
    assert cell[(NOI_VU, "285/KH-UBND 2.a")] == ""  # line 163: not named
    assert cell[(DAI_PTTH, "285/KH-UBND 1.c")] == "L"  # "Đài Phát thanh và Truyền hình Đồng Tháp"
    assert cell[(DAI_PTTH, "285/KH-UBND 1.đ")] == "P"
    assert cell[("Văn phòng UBND tỉnh", "285/KH-UBND 3.a")] == "P"
    assert cell[("Văn phòng UBND tỉnh", "285/KH-UBND 3.c")] == "L"
    assert sum(1 for r in body if r[0] == NOI_VU for v in r[3:] if v == "L") == 13


def test_unknown_export_format(dong_thap_2021: nx.DiGraph) -> None:
    with pytest.raises(export.ExportError):
        export.export_text(dong_thap_2021, "pdf")


# -- pages -----------------------------------------------------------------------------------------


class References(HTMLParser):
    """Every src/href attribute and every url(...) in style elements and attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        self.tags.append((tag, values))
        for name in ("src", "href", "action", "data", "poster"):
            if values.get(name) is not None:
                self.urls.append(str(values[name]))
        self.urls.extend(css_urls(values.get("style") or ""))
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.urls.extend(css_urls(data))


def css_urls(text: str) -> list[str]:
    found = re.findall(r"url\(\s*['\"]?([^'\")]*)", text)
    found += re.findall(r"@import\s+['\"]([^'\"]+)", text)
    return found


def external(urls: list[str]) -> list[str]:
    return [url for url in urls if re.match(r"^\s*(https?:)?//", url, re.IGNORECASE)]


@pytest.mark.parametrize("asset_base", [None, "/static/viz"])
def test_pages_reference_no_external_host(
    store: EmbeddedStore, dong_thap_2021: nx.DiGraph, asset_base: str | None
) -> None:
    for graph, title in ((dong_thap_2021, "Đồng Tháp 2021"), (trace_graph(store, "76/NQ-CP"), "76/NQ-CP")):
        page = network_page(graph, title=title, filters=graph.graph["filters"], asset_base=asset_base)
        parser = References()
        parser.feed(page)
        assert parser.urls, "the parser found no references at all"
        assert external(parser.urls) == []
        local = [url for url in parser.urls if not url.startswith("data:")]
        assert all(url.startswith("/static/viz/") for url in local) if asset_base else local == []
        scripts = [attrs for tag, attrs in parser.tags if tag == "script"]
        if asset_base is None:
            assert not any(attrs.get("src") for attrs in scripts)
            assert not any(tag == "link" and attrs.get("rel") == "stylesheet" for tag, attrs in parser.tags)
        else:
            sources = [attrs["src"] for attrs in scripts if attrs.get("src")]
            assert sources == [f"/static/viz/{name}" for name in SCRIPTS]
            sheets = [a["href"] for t, a in parser.tags if t == "link" and a.get("rel") == "stylesheet"]
            assert sheets == [f"/static/viz/{name}" for name in STYLESHEETS]
    for name in (*SCRIPTS, *STYLESHEETS):
        assert (ASSET_DIR / name).is_file()
        parser = References()
        parser.feed(
            f"<style>{(ASSET_DIR / name).read_text(encoding='utf-8')}</style>"
            if name.endswith(".css")
            else ""
        )
        assert external(parser.urls) == []


def test_page_shows_title_filters_and_legend(dong_thap_2021: nx.DiGraph) -> None:
    page = network_page(dong_thap_2021, title="Đồng Tháp 2021 <test>", filters={"plan": PLAN, "year": "2021"})
    assert "<title>Đồng Tháp 2021 &lt;test&gt;</title>" in page
    assert '<h1 class="cchc-title">Đồng Tháp 2021 &lt;test&gt;</h1>' in page
    assert "<b>kế hoạch</b>: 285/KH-UBND" in page and "<b>năm</b>: 2021" in page
    assert "Nhóm cơ quan" in page and "Cơ quan (đơn lẻ)" in page and "Sở, ngành" in page
    assert "22 nút, 50 cạnh" in page
    english = network_page(dong_thap_2021, title="t", filters={}, lang="en")
    assert (
        '<html lang="en">' in english
        and "Group of agencies" in english
        and "none (the whole store)" in english
    )
    data = page_data(page)
    assert data["options"]["physics"]["stabilization"]["enabled"] is True
    assert all("title" not in node for node in data["nodes"])  # tooltips are built from text in the page


def page_data(page: str) -> dict:
    match = re.search(r'<script type="application/json" id="cchc-graph-data">(.*?)</script>', page, re.S)
    assert match
    return json.loads(match.group(1))


def test_tooltips_and_panels_carry_markup_as_text(tmp_path: Path) -> None:
    store = EmbeddedStore(tmp_path / "store")
    plan = write_hostile_plan(tmp_path)
    assert all(report.ok for report in ingest_paths(store, [plan], DEFAULT_BASE_IRI))
    label = run(store, "tasks", {"plan": "999/KH-UBND"}).as_dicts()[0]["label"]
    assert "<img src=x onerror=alert(2)>" in label  # the task text really holds markup
    assert "alert(1)" not in label  # the script element was dropped at ingest
    graph = responsibility_network(store, plan="999/KH-UBND")
    for asset_base in (None, "/static/viz"):
        page = network_page(
            graph, title="<script>alert(3)</script>", filters={"plan": "<b>x</b>"}, asset_base=asset_base
        )
        assert "<script>alert" not in page and "<img" not in page and "<b>x</b>" not in page
        assert "&lt;script&gt;alert(3)&lt;/script&gt;" in page
        data = page_data(page)
        texts = [task["text"] for node in data["nodes"] for task in node["tasks"]]
        assert any("<img src=x onerror=alert(2)>" in text for text in texts)  # intact, as data
    script = (ASSET_DIR / "cchc-network.js").read_text(encoding="utf-8")
    assert "innerHTML" not in script and "insertAdjacentHTML" not in script and "document.write" not in script
    store.close()


def write_hostile_plan(folder: Path) -> Path:
    """A small plan in the style of the seeds whose task text holds markup (entities, as portals write)."""
    path = folder / "hostile-plan.md"
    path.write_text(HOSTILE_PLAN, encoding="utf-8")
    return path


HOSTILE_PLAN = """UỶ BAN NHÂN DÂN TỈNH ĐỒNG THÁP

Số: 999/KH-UBND

Đồng Tháp, ngày 05 tháng 01 năm 2021

KẾ HOẠCH
Thử nghiệm hiển thị năm 2021

II. NHIỆM VỤ

Số TT\tNội dung thực hiện\tSản phẩm\tCơ quan chủ trì\tCơ quan phối hợp\tThời gian thực hiện
1.\tCông tác thông tin, tuyên truyền
a)\tTuyên truyền &lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;img src=x onerror=alert(2)&gt;\t\
Kế hoạch\tSở Nội vụ\tSở Tư pháp\tQuý II/2021
b)\tTổ chức hội nghị\tHội nghị\tSở Tư pháp\tSở Nội vụ, Văn phòng UBND tỉnh\tTrong năm 2021
"""


# -- big networks ----------------------------------------------------------------------------------


def synthetic_network(nodes: int = 1500, edges: int = 3000, seed: int = 1) -> nx.DiGraph:
    """A responsibility-like network of ``nodes`` agencies with random lead -> partner edges."""
    rng = random.Random(seed)
    kinds = ["department", "office", "media", "mixed", "peoples-committee-district"]
    graph = nx.DiGraph(kind="responsibility")
    for i in range(nodes):
        graph.add_node(
            f"n{i}",
            type="group" if i % 5 == 0 else "agency",
            kind="group" if i % 5 == 0 else "single",
            label=f"Cơ quan {i}",
            agency_kind=kinds[i % len(kinds)],
            province="Tỉnh thử",
            lead_tasks=rng.randint(0, 20),
            partner_tasks=rng.randint(0, 20),
            tasks=[
                {"role": "lead", "plan_number": "1/KH-UBND", "code": str(i), "label": "Nhiệm vụ", "line": i}
            ],
        )
    while graph.number_of_edges() < edges:
        a, b = rng.sample(range(nodes), 2)
        graph.add_edge(
            f"n{a}", f"n{b}", weight=rng.randint(1, 5), tasks=["1/KH-UBND 1 Nhiệm vụ"], task_refs=[]
        )
    return graph


def test_a_1500_node_page_is_generated_quickly_with_bounded_layout() -> None:
    graph = synthetic_network()
    started = time.perf_counter()
    page = network_page(graph, title="1500", filters={})
    assert time.perf_counter() - started < 10
    options = page_data(page)["options"]
    assert options["layout"]["improvedLayout"] is False
    assert options["physics"]["solver"] == "barnesHut"
    assert options["physics"]["stabilization"]["iterations"] <= 100
    assert options["edges"]["smooth"] is False and options["interaction"]["hideEdgesOnDrag"] is True
    assert vis_options(20, 40)["layout"]["improvedLayout"] is True
    rows = analytics.centrality_rows(synthetic_network(300, 600))
    assert len(rows) == 300


# -- the browser's network (/network): query, filters, default minimum, annotations ------------------------


def test_query_network_builds_from_pairs_or_tasks_and_filters(store: EmbeddedStore) -> None:
    from viz.filters import NetworkQuery
    from viz.networks import query_network

    province = query_network(store, NetworkQuery(province="Đồng Tháp"))
    assert province.graph["source"] == "pairs" and province.graph["filters"] == {"province": "Đồng Tháp"}
    plan = query_network(store, NetworkQuery(plan=PLAN))
    assert "source" not in plan.graph and plan.number_of_edges() == 50
    assert set(plan.nodes) == {str(r["party"]) for r in run(store, "assignments", {"plan": PLAN}).as_dicts()}
    heavy = query_network(store, NetworkQuery(plan=PLAN, min_weight=2))
    assert all(d["weight"] >= 2 for _, _, d in heavy.edges(data=True)) and heavy.number_of_edges() < 50
    assert all(heavy.degree(n) for n in heavy.nodes)
    groups = query_network(store, NetworkQuery(plan=PLAN, kind="group"))
    assert {d["kind"] for _, d in groups.nodes(data=True)} == {"group"}
    departments = query_network(store, NetworkQuery(province="dong thap", kind="department"))
    assert {d["agency_kind"] for _, d in departments.nodes(data=True)} == {"department"}
    leads = query_network(store, NetworkQuery(province="Đồng Tháp", role="lead"))
    leading = {n for n in province.nodes if province.out_degree(n)}  # in a pair network: leads on a link
    assert set(leads.nodes) == leading != set(province.nodes)
    years = query_network(store, NetworkQuery(province="Đồng Tháp", start=2021, end=2021))
    assert years.graph["filters"] == {"province": "Đồng Tháp", "from": "2021", "to": "2021"}
    for wrong in ({"kind": "nobody"}, {"min_weight": 0}, {"start": 2022, "end": 2021}, {"role": "chair"}):
        with pytest.raises(BadParameter):
            NetworkQuery(**wrong)


def test_a_big_network_gets_a_default_minimum_of_shared_tasks() -> None:
    from viz.filters import NetworkQuery, restrict
    from viz.networks import default_min

    graph = synthetic_network(900, 1800)
    for index, (_, _, data) in enumerate(graph.edges(data=True)):
        data["weight"] = 1 + index % 25
    minimum = default_min(graph, 300)
    assert minimum > 1
    kept = restrict(graph.copy(), NetworkQuery(min_weight=minimum))
    looser = restrict(graph.copy(), NetworkQuery(min_weight=minimum - 1))
    assert 0 < kept.number_of_nodes() <= 300 < looser.number_of_nodes()
    assert default_min(synthetic_network(100, 200), 300) == 1


def test_annotated_nodes_carry_the_analytics(dong_thap_2021: nx.DiGraph) -> None:
    graph = analytics.annotate(dong_thap_2021.copy())
    rows = analytics.table_rows(graph)
    first = analytics.centrality_rows(dong_thap_2021)[0]
    assert rows[0]["agency"] == first["agency"] == NOI_VU
    assert (rows[0]["weighted_degree"], rows[0]["betweenness"]) == (
        first["weighted_degree"],
        first["betweenness"],
    )
    assert rows[0]["bridge"] is True and rows[0]["degree"] == graph.to_undirected().degree(rows[0]["node"])
    text = export.export_text(graph, "graphml")
    again = nx.read_graphml(io.StringIO(text))
    assert again.nodes[rows[0]["node"]]["community"] == rows[0]["community"]
    nodes, _ = vis_data(graph)
    assert {n["community"] for n in nodes} == {d["community"] for _, d in graph.nodes(data=True)}
