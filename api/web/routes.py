"""The web UI's one router: every page module registers its routes on it (``@router.get``)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(include_in_schema=False)
