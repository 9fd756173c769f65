"""One folding of Vietnamese text (``ontology.text.fold``), used by ingest, queries and the IRI slugs."""

from __future__ import annotations

import unicodedata

import ingest.normalize.text
import queries.text
from ontology.iris import slugify
from ontology.text import fold


def test_ingest_and_queries_fold_with_the_one_function() -> None:
    assert ingest.normalize.text.fold is fold
    assert queries.text.fold is fold


def test_fold() -> None:
    assert fold("Sở Nội vụ") == "so noi vu"
    assert fold("ĐỒNG THÁP") == "dong thap"
    assert fold(unicodedata.normalize("NFD", "Sở Nội vụ")) == "so noi vu"  # decomposed marks
    assert fold(" Sở\u00a0Tài\tchính\n tỉnh Đồng Nai ") == "so tai chinh tinh dong nai"
    assert fold("2021\u20132025") == "2021-2025"


def test_slugify_is_the_folded_text_as_a_slug() -> None:
    assert slugify("Sở Nội vụ") == "so-noi-vu"
    assert slugify("Đồng Tháp") == "dong-thap"
    assert slugify("UBND cấp huyện (thị xã)") == "ubnd-cap-huyen-thi-xa"
    assert slugify("1.đ") == "1.d"
