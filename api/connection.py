"""The remote-endpoint options given before any command (`cchc-kg --endpoint URL ...`), shared by the
CLI modules, and the settings they produce together with a command's own --store/--base-iri."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from api.errors import report_cli_error
from api.settings import ENV_BASE_IRI, ENV_STORE, Settings, option_help
from ontology.errors import CchcError


@dataclass
class Remote:
    """Global options naming a remote SPARQL endpoint (set by the app callback in api.cli)."""

    endpoint: str | None = None
    update_endpoint: str | None = None
    user: str | None = None
    password: str | None = None


REMOTE = Remote()


def command_settings(store: Path | None, base_iri: str | None) -> Settings:
    """Settings for one command: its flags, the global endpoint options, then the environment.

    An invalid environment value ends the command with the error's message (exit 2)."""
    try:
        return Settings.load(
            store, base_iri, REMOTE.endpoint, REMOTE.update_endpoint, REMOTE.user, REMOTE.password
        )
    except CchcError as error:
        raise typer.Exit(report_cli_error(error)) from None


class SettingsCheckedGroup(TyperGroup):
    """The ``cchc-kg`` group: notes whether help was asked, so that ``check_settings`` stands aside for it."""

    def resolve_command(self, ctx: typer.Context, args: list[str]) -> tuple[str | None, Any, list[str]]:
        ctx.meta["cchc_kg.help"] = any(arg in ctx.help_option_names for arg in args)
        return super().resolve_command(ctx, args)


def check_settings(ctx: typer.Context) -> None:
    """Validate every ``CCHC_KG_*`` variable and the global options before any command (exit 2 on an
    invalid one, naming it and its valid values); ``--help`` works whatever the environment holds."""
    if ctx.invoked_subcommand is not None and not ctx.meta.get("cchc_kg.help"):
        command_settings(None, None)


# Options every store-using command takes.
StoreOption = Annotated[Path | None, typer.Option("--store", help=option_help(ENV_STORE))]
BaseIriOption = Annotated[str | None, typer.Option("--base-iri", help=option_help(ENV_BASE_IRI))]
