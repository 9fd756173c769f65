"""The CLI documents itself (sqlite-utils' habit): every command has help, every option and argument has
help, README.md or api/README.md shows an example invocation of every command, and every invocation the
two READMEs show names a real command with real options."""

from __future__ import annotations

import re
import shlex
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import typer.main

from api.cli import app

ROOT = Path(__file__).resolve().parent.parent
READMES = (ROOT / "README.md", ROOT / "api" / "README.md")
ROOT_COMMAND = typer.main.get_command(app)

# in a code block: `cchc-kg` and what follows on its line; elsewhere an inline code span `cchc-kg ...`
IN_BLOCK = re.compile(r"(?<![\w/.-])cchc-kg[ \t]+([^\n]*)")
INLINE = re.compile(r"`cchc-kg[ \t]+([^`]*)`")
SHELL_STOP = {">", ">>", "|", "2>&1", "&&", ";", "<"}


def commands(group: Any = ROOT_COMMAND, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Any]]:
    """Every leaf command of the typer app, with its path of names (sub-apps included)."""
    for name, command in group.commands.items():
        if hasattr(command, "commands"):
            yield from commands(command, (*path, name))
        else:
            yield (*path, name), command


COMMANDS = dict(commands())


def option_names(command: Any) -> set[str]:
    return {name for param in command.params for name in (*param.opts, *param.secondary_opts)} | {"--help"}


def logical_lines(text: str) -> Iterator[tuple[int, str]]:
    """(number of its first line, line) with shell continuations (a trailing backslash) joined."""
    pending: list[str] = []
    for number, line in enumerate(text.splitlines(), 1):
        pending.append(line[:-1] if line.endswith("\\") else line)
        if not line.endswith("\\"):
            yield number - len(pending) + 1, " ".join(pending)
            pending = []


def invocations() -> Iterator[tuple[str, list[str]]]:
    """(where, tokens after ``cchc-kg``) for every invocation the two READMEs show."""
    for readme in READMES:
        in_block = False
        for number, line in logical_lines(readme.read_text(encoding="utf-8")):
            if line.lstrip().startswith("```"):
                in_block = not in_block
                continue
            for match in (IN_BLOCK if in_block else INLINE).finditer(line):
                rest = re.split(r"\s#(\s|$)", match.group(1))[0]  # a shell comment ends it
                try:
                    tokens = shlex.split(rest)
                except ValueError:  # an unbalanced quote: not an invocation
                    continue
                for index, token in enumerate(tokens):
                    if token in SHELL_STOP:
                        tokens = tokens[:index]
                        break
                if tokens:
                    yield f"{readme.relative_to(ROOT)}:{number}", tokens


def split_invocation(tokens: list[str]) -> tuple[tuple[str, ...], list[str], list[str]]:
    """(command path, global options, the command's own tokens)."""
    global_opts: list[str] = []
    index = 0
    while index < len(tokens) and tokens[index].startswith("-"):
        global_opts.append(tokens[index].split("=")[0])
        index += 1 if "=" in tokens[index] else 2  # every global option takes a value
    path: tuple[str, ...] = ()
    while index < len(tokens) and (*path, tokens[index]) in {p[: len(path) + 1] for p in COMMANDS}:
        path = (*path, tokens[index])
        index += 1
    return path, global_opts, tokens[index:]


@pytest.mark.parametrize("path", sorted(COMMANDS), ids=" ".join)
def test_every_command_has_help_for_itself_and_each_option(path: tuple[str, ...]) -> None:
    command = COMMANDS[path]
    assert (command.help or "").strip(), f"cchc-kg {' '.join(path)} has no help text (its docstring)"
    undocumented = [
        param.name for param in command.params if not (getattr(param, "help", None) or "").strip()
    ]
    assert undocumented == [], f"cchc-kg {' '.join(path)}: options or arguments without help"


def test_the_global_options_have_help() -> None:
    assert all((param.help or "").strip() for param in ROOT_COMMAND.params)


@pytest.mark.parametrize("path", sorted(COMMANDS), ids=" ".join)
def test_every_command_has_an_example_in_the_readme(path: tuple[str, ...]) -> None:
    shown = {split_invocation(tokens)[0] for _, tokens in invocations()}
    assert path in shown, f"README.md or api/README.md shows no example of `cchc-kg {' '.join(path)}`"


def test_every_invocation_in_the_readmes_names_a_command_and_its_options() -> None:
    """A renamed command or option leaves no stale example behind."""
    stale = []
    found = 0
    for where, tokens in invocations():
        path, global_opts, rest = split_invocation(tokens)
        if not path:
            stale.append(f"{where}: cchc-kg {' '.join(tokens)} (no such command)")
            continue
        found += 1
        unknown = [o for o in global_opts if o not in option_names(ROOT_COMMAND)]
        own = option_names(COMMANDS[path])
        unknown += [t.split("=")[0] for t in rest if t.startswith("-") and t.split("=")[0] not in own]
        if unknown:
            stale.append(f"{where}: cchc-kg {' '.join(tokens)} (unknown options {unknown})")
    assert stale == []
    assert found >= len(COMMANDS)


def test_the_checks_see_a_stale_example() -> None:
    """The parsing above is not vacuous: global options, a command, its options."""
    assert split_invocation(["--endpoint", "http://h/sparql", "query", "trace", "-p", "x=1"]) == (
        ("query",),
        ["--endpoint"],
        ["trace", "-p", "x=1"],
    )
    assert split_invocation(["frobnicate", "--store", "x"])[0] == ()
    assert "--no-such-option" not in option_names(COMMANDS[("export",)])
    assert {"--document", "-f", "-o"} <= option_names(COMMANDS[("export",)])


FILE_MENTION = re.compile(r"`((?:[\w.-]+/)+[\w.-]*\.(?:py|rq|ttl|json|md|html|txt))`")
ELSEWHERE = ("sparql/sparql11/",)  # paths in other repositories (w3c/rdf-tests)


def test_every_file_the_readmes_name_exists() -> None:
    """The "Where to look" table and the rest name files that exist (after a move, the README follows)."""
    missing = []
    named = 0
    for readme in READMES:
        for mention in FILE_MENTION.findall(readme.read_text(encoding="utf-8")):
            if mention.startswith(ELSEWHERE):
                continue
            named += 1
            if not ((ROOT / mention).exists() or (readme.parent / mention).exists()):
                missing.append(f"{readme.relative_to(ROOT)}: {mention}")
    assert missing == []
    assert named >= 20
