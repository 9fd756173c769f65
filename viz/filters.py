"""The filters of a responsibility network: as named-query parameters, and as text for the page."""

from __future__ import annotations

from dataclasses import dataclass

from queries.library import BadParameter

ROLES = ("lead", "partner")


@dataclass(frozen=True)
class NetworkFilter:
    """Which tasks a responsibility network is drawn from (every field optional)."""

    province: str | None = None
    plan: str | None = None
    area: str | None = None
    year: int | None = None
    role: str | None = None

    def __post_init__(self) -> None:
        if self.role is not None and self.role.strip() and self.role.strip().lower() not in ROLES:
            raise BadParameter(f"role cannot be {self.role!r}", expected="lead or partner")
        if self.year is not None and not 1900 <= int(self.year) <= 2200:
            raise BadParameter(f"year {self.year!r} is out of range", expected="a year such as 2021")

    @property
    def role_value(self) -> str | None:
        """The role, lower case, or None."""
        return self.role.strip().lower() if self.role and self.role.strip() else None

    def query_params(self) -> dict[str, str]:
        """Parameters of the ``assignments`` query (the role is applied to the network, not the rows)."""
        params: dict[str, str] = {}
        for name in ("province", "plan", "area"):
            value = getattr(self, name)
            if value and str(value).strip():
                params[name] = str(value).strip()
        if self.year is not None:
            params["from"] = f"{int(self.year):04d}-01-01"
            params["to"] = f"{int(self.year):04d}-12-31"
        return params

    def describe(self) -> dict[str, str]:
        """The filters that are set, name -> value as text (shown on the page)."""
        shown = {
            "province": self.province,
            "plan": self.plan,
            "area": self.area,
            "year": str(self.year) if self.year is not None else None,
            "role": self.role_value,
        }
        return {name: str(value).strip() for name, value in shown.items() if value and str(value).strip()}
