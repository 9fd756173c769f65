"""Settings are declared once (api/settings.py ``DECLARED``): validated at start, listed by
``cchc-kg settings``, documented in api/README.md, and read from the environment nowhere else."""

from __future__ import annotations

import csv
import dataclasses
import io
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from api import settings as settings_module
from api.cli import app
from api.settings import (
    DECLARED,
    DEFAULT_QUERY_WORKERS,
    Settings,
    SettingsError,
    markdown_table,
)
from ontology import DEFAULT_BASE_IRI

ROOT = Path(__file__).resolve().parent.parent
API_README = ROOT / "api" / "README.md"
PACKAGES = ("api", "ingest", "ontology", "queries", "viz", "bench")
runner = CliRunner()

INVALID = [
    ("CCHC_KG_QUERY_TIMEOUT", "abc", "a number of seconds > 0"),
    ("CCHC_KG_QUERY_TIMEOUT", "0", "a number of seconds > 0"),
    ("CCHC_KG_ENABLE_UPDATES", "maybe", "one of 1, true, yes, on, 0, false, no, off"),
    ("CCHC_KG_ENABLE_UPLOADS", "enabled", "one of 1, true, yes, on, 0, false, no, off"),
    ("CCHC_KG_QUERY_WORKERS", "-1", "a whole number >= 0"),
    ("CCHC_KG_RESULT_CACHE", "1.5", "a whole number >= 0"),
    ("CCHC_KG_MAX_ROWS", "0", "a whole number >= 1"),
    ("CCHC_KG_MAX_REQUEST_BYTES", "not a number", "a whole number >= 1"),
    ("CCHC_KG_WORKER_MEMORY_MB", "1G", "a whole number >= 0"),
    ("CCHC_KG_RESPONSE_CACHE_BYTES", "lots", "a whole number >= 0"),
    ("CCHC_KG_BASE_IRI", "urn:cchc", "an absolute http(s) IRI"),
    ("CCHC_KG_ENDPOINT", "localhost:8890/sparql", "an absolute http(s) URL"),
    ("CCHC_KG_CORS_ORIGINS", "https://a.example/path", "* or comma-separated origins"),
    ("CCHC_KG_FEDERATION_ALLOW", "file:///etc/passwd", "absolute http(s) IRIs"),
]


@pytest.mark.parametrize(("name", "raw", "valid"), INVALID)
def test_an_invalid_value_is_an_error_naming_the_variable_and_the_valid_values(
    name: str, raw: str, valid: str, tmp_path: Path
) -> None:
    with pytest.raises(SettingsError) as caught:
        Settings.load(tmp_path, environ={name: raw})
    assert caught.value.source == name
    assert caught.value.expected is not None and caught.value.expected.startswith(valid)
    assert repr(raw) in caught.value.message


@pytest.mark.parametrize(
    ("name", "raw", "valid"),
    [INVALID[0], INVALID[2], INVALID[4]],  # the three: abc, maybe, -1
)
@pytest.mark.parametrize(
    "command", [["queries"], ["stats", "--store", "{store}"], ["serve", "--store", "{store}"]]
)
def test_every_command_exits_2_on_an_invalid_value(
    name: str, raw: str, valid: str, command: list[str], tmp_path: Path
) -> None:
    args = [arg.format(store=tmp_path / "store") for arg in command]
    result = runner.invoke(app, args, env={name: raw})
    assert result.exit_code == 2, result.output
    assert f"{name}: {raw!r} is not a valid value (expected {valid}" in " ".join(result.stderr.split())
    assert not (tmp_path / "store").exists()  # stopped before opening anything


def test_serve_exits_2_before_listening_on_an_invalid_value(tmp_path: Path) -> None:
    """The installed command, as a user runs it: nothing is served, exit 2, one line naming the variable."""
    done = subprocess.run(
        [sys.executable, "-m", "api.cli", "serve", "--store", str(tmp_path / "store"), "--port", "1"],
        env={"CCHC_KG_QUERY_WORKERS": "-1", "PATH": "/usr/bin:/bin", "COLUMNS": "300"},
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
    )
    assert done.returncode == 2
    assert (
        "error: CCHC_KG_QUERY_WORKERS: '-1' is not a valid value (expected a whole number >= 0)"
        in done.stderr
    )
    assert "Serving" not in done.stdout


def test_help_works_whatever_the_environment_holds() -> None:
    result = runner.invoke(app, ["serve", "--help"], env={"CCHC_KG_QUERY_TIMEOUT": "abc", "COLUMNS": "200"})
    assert result.exit_code == 0 and "cchc-kg settings" in result.output


def test_valid_values_are_read(tmp_path: Path) -> None:
    environ = {
        "CCHC_KG_ENABLE_UPDATES": "Yes",
        "CCHC_KG_ENABLE_UPLOADS": "off",
        "CCHC_KG_QUERY_TIMEOUT": "2.5",
        "CCHC_KG_MAX_ROWS": "10",
        "CCHC_KG_QUERY_WORKERS": "0",
        "CCHC_KG_RESULT_CACHE": "0",
        "CCHC_KG_WORKER_MEMORY_MB": " 512 ",
        "CCHC_KG_CORS_ORIGINS": "https://a.example/, http://b.example:8080",
        "CCHC_KG_FEDERATION_ALLOW": "https://query.wikidata.org/sparql http://10.0.0.5:8890/",
        "CCHC_KG_BASE_IRI": "http://host:8000/",
        "CCHC_KG_STORE": str(tmp_path / "elsewhere"),
        "CCHC_KG_MAX_REQUEST_BYTES": "",  # empty: unset
    }
    loaded = Settings.load(environ=environ)
    assert (loaded.updates_enabled, loaded.uploads_enabled) == (True, False)
    assert (loaded.query_timeout, loaded.max_rows, loaded.query_workers) == (2.5, 10, 0)
    assert (loaded.result_cache_cells, loaded.worker_memory_mb) == (0, 512)
    assert loaded.max_request_bytes == 10 * 1024 * 1024
    assert loaded.cors_origins == ("https://a.example", "http://b.example:8080")
    assert loaded.federation_allow == ("https://query.wikidata.org/sparql", "http://10.0.0.5:8890/")
    assert (loaded.base_iri, loaded.store_path) == ("http://host:8000/", tmp_path / "elsewhere")
    flagged = Settings.load(tmp_path, "https://example.org/kg/", environ=environ)  # flags win
    assert (flagged.store_path, flagged.base_iri) == (tmp_path, "https://example.org/kg/")


def test_the_declaration_covers_every_field_and_its_defaults_are_the_code_defaults(tmp_path: Path) -> None:
    """One default per setting: the dataclass, Settings.load and the docs agree (query workers: 2)."""
    declared = {setting.attribute: setting for setting in DECLARED}
    assert set(declared) == {field.name for field in dataclasses.fields(Settings)}
    assert len({setting.name for setting in DECLARED}) == len(DECLARED)
    constructed = Settings(tmp_path, DEFAULT_BASE_IRI)
    loaded = Settings.load(tmp_path, environ={})
    for attribute, setting in declared.items():
        if attribute == "store_path":
            continue
        assert getattr(constructed, attribute) == getattr(loaded, attribute) == setting.default, attribute
    assert constructed.query_workers == loaded.query_workers == DEFAULT_QUERY_WORKERS == 2


def test_api_readme_holds_the_generated_settings_table() -> None:
    text = API_README.read_text(encoding="utf-8")
    assert markdown_table() in text, "regenerate it: cchc-kg settings --markdown"
    rows = {line.split("|")[1].strip(" `"): line for line in markdown_table().splitlines()[2:]}
    for setting in DECLARED:  # each setting documented with its default
        assert setting.default_text() in rows[setting.name], setting.name
    assert (
        "| `CCHC_KG_QUERY_WORKERS` |  | Query worker processes" in text
        and "| `2` |" in rows["CCHC_KG_QUERY_WORKERS"]
    )


def test_docs_state_each_default_as_declared() -> None:
    """Prose that says "<variable> … default N" anywhere in the READMEs says the declared default."""
    defaults = {setting.name: setting.default_text() for setting in DECLARED}
    pattern = re.compile(r"`(CCHC_KG_[A-Z_]+)`[^.|\n]{0,40}?\bdefault:? `?([\w.]+)")
    found = []
    for readme in [ROOT / "README.md", *ROOT.glob("*/README.md")]:
        for name, value in pattern.findall(readme.read_text(encoding="utf-8")):
            found.append(name)
            assert defaults[name].startswith(value), f"{readme.name}: {name} default {value}"
    assert "CCHC_KG_QUERY_WORKERS" in found


def test_the_settings_command_lists_every_setting(tmp_path: Path) -> None:
    env = {"CCHC_KG_QUERY_TIMEOUT": "7", "CCHC_KG_PASSWORD": "hunter2", "COLUMNS": "300"}
    result = runner.invoke(app, ["settings", "--store", str(tmp_path), "-f", "csv"], env=env)
    assert result.exit_code == 0, result.output
    rows = {row["name"]: row for row in csv.DictReader(io.StringIO(result.stdout))}
    assert list(rows) == [setting.name for setting in DECLARED]
    assert rows["CCHC_KG_QUERY_TIMEOUT"]["value"] == "7" and rows["CCHC_KG_QUERY_TIMEOUT"]["default"] == "30"
    assert rows["CCHC_KG_PASSWORD"]["value"] == "(set)" and "hunter2" not in result.output
    assert (
        rows["CCHC_KG_QUERY_WORKERS"] | {"value": "2", "default": "2", "valid": "a whole number >= 0"}
        == rows["CCHC_KG_QUERY_WORKERS"]
    )
    assert rows["CCHC_KG_STORE"]["value"] == str(tmp_path)
    markdown = runner.invoke(app, ["settings", "--markdown"])
    assert markdown.exit_code == 0 and markdown.stdout == markdown_table()


ENV_NAMES = sorted(name for name in vars(settings_module) if name.startswith("ENV_"))
READS_ENV = re.compile(
    r"(environ\s*(\.get\s*\(|\[)|getenv\s*\()\s*(['\"]CCHC_KG_|(settings\.)?(" + "|".join(ENV_NAMES) + r")\b)"
)


def test_only_api_settings_reads_cchc_kg_variables() -> None:
    """grep: outside api/settings.py no module reads os.environ / getenv for a CCHC_KG_* variable (by literal,
    or by an api.settings ENV_* constant); passing os.environ on to a child process is not reading it."""
    offenders = []
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if path == ROOT / "api" / "settings.py":
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if READS_ENV.search(line) or (
                    re.search(r"\benviron\b", line) and "CCHC_KG_" in line and "**os.environ" not in line
                ):
                    offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert offenders == []
    for read in ('os.environ.get("CCHC_KG_STORE")', "os.getenv(ENV_MAX_ROWS)", "environ[settings.ENV_USER]"):
        assert READS_ENV.search(read), read  # the grep sees each way of reading


def test_the_cli_help_of_each_overriding_option_comes_from_the_declaration() -> None:
    """--store, --base-iri and the global endpoint options name their variable and declared default."""
    env = {"COLUMNS": "400"}
    top = " ".join(runner.invoke(app, ["--help"], env=env).output.split())
    command = " ".join(runner.invoke(app, ["export", "--help"], env=env).output.split())
    for setting in DECLARED:
        if setting.flag:
            shown = f"(env {setting.name}; default {setting.default_text().replace('`', '')})"
            assert shown in (top if setting.flag not in ("--store", "--base-iri") else command), setting.name
