"""Sheets kept for permalinks (/review/{sheet_id}) in the Runtime's permalink store.

The store (service/cache.py `make_permalink_store`) is SQLite under FACTSHEET_DATA_DIR or
Redis. Sheets are kept under their id; the id covers the engine, so a provisional extractive
sheet and the LLM sheet that replaces it have a permalink each.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from schemas.factsheet import FactSheet
from service.cache import SheetCache
from service.config import Settings

log = logging.getLogger(__name__)


async def review_link(
    sheet: FactSheet, settings: Settings, store: Callable[[Settings], SheetCache]
) -> str | None:
    """With FACTSHEET_PUBLIC_URL set, keep the sheet and return its review page's address.

    ``store`` gives the permalink store (the Runtime's); it is opened only when needed.
    """
    if not settings.public_url:
        return None
    try:
        await keep(store(settings), sheet)
    except Exception as exc:  # the link is optional: the answer goes out without it
        log.warning("review store unavailable, no review link: %s", type(exc).__name__)
        return None
    return f"{settings.public_url}/review/{sheet.id}"


async def keep(store: SheetCache, sheet: FactSheet) -> None:
    """Store a sheet so its permalink works."""
    await store.put(sheet.id, sheet)
