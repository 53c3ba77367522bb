"""The review page (issue 13): thin routes over service/review/ (docs/review.md).

GET /review                  the form (text, HTML or URL; engine)
POST /review                 the form without JavaScript: build, keep, redirect to the permalink
POST /review/stream          the form with JavaScript: progressive results as server-sent events
GET /review/{id}             the permalink page of a kept sheet
GET /review/{id}/fragment    the sheet part of that page, swapped in by the page's script
GET /review/{id}.json|.md    downloads
GET|POST /review/key, POST /review/logout   the key cookie, when API keys are set
"""

from __future__ import annotations

import asyncio
from typing import Annotated

from fastapi import APIRouter, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response, StreamingResponse

from schemas.factsheet import FactSheet
from service.api.deps import RuntimeDep, SettingsDep, app_runtime, app_settings
from service.api.problems import kind_of
from service.api.progressive import MEDIA_TYPE, STREAM_HEADERS, EventName, sheet_events
from service.deadline import within
from service.errors import AuthError, FactsheetError, SheetNotKept
from service.produce import prepare_request, produce
from service.review import pages, security
from service.review.forms import ReviewForm, article_request, parse_form
from service.review.markdown import to_markdown
from service.review.store import keep

router = APIRouter(prefix="/review", include_in_schema=False)

SheetId = Annotated[str, Path(pattern=r"^[0-9a-f]{64}$", description="The sheet's id.")]


def _locked(request: Request) -> HTMLResponse:
    return pages.render(request, "key.html", status=401, next=request.url.path, wrong=False)


async def _form(request: Request) -> ReviewForm:
    form = parse_form(await request.body())
    pages.check_form(request, form.csrf)
    pages.take_rate(request)
    return form


@router.get("")
async def review_form(request: Request, settings: SettingsDep) -> HTMLResponse:
    """The empty form."""
    if not pages.unlocked(request, settings):
        return _locked(request)
    return pages.render(request, "form.html", form=ReviewForm(), problem=None)


@router.post("", response_model=None)
async def review_submit(
    request: Request, settings: SettingsDep, runtime: RuntimeDep
) -> HTMLResponse | RedirectResponse:
    """Build the final sheet (no JavaScript needed), keep it, and go to its permalink."""
    if not pages.unlocked(request, settings):
        return _locked(request)
    form = await _form(request)
    try:
        article = article_request(form)
        sheet = await within(produce(article, settings, runtime=runtime), settings.deadline_s)
    except FactsheetError as exc:
        kind = kind_of(exc)
        problem = {
            "title": kind.title,
            "detail": kind.detail or str(exc),
            "request_id": getattr(request.state, "request_id", None),
        }
        return pages.render(request, "form.html", status=kind.status, form=form, problem=problem)
    await keep(runtime.permalink_store(settings), sheet)
    return RedirectResponse(f"/review/{sheet.id}", status_code=303)


@router.post("/stream", response_model=None)
async def review_stream(
    request: Request, settings: SettingsDep, runtime: RuntimeDep
) -> StreamingResponse:
    """The form as server-sent events; each sheet is kept before its event is sent."""
    if not pages.unlocked(request, settings):
        raise AuthError("no valid review cookie")
    article = article_request(await _form(request))
    prepared = await within(prepare_request(article, settings, runtime), settings.deadline_s)
    store = runtime.permalink_store(settings)

    async def kept(event: EventName, sheet: FactSheet) -> None:
        await keep(store, sheet)

    events = sheet_events(
        prepared,
        article.options,
        settings,
        runtime=runtime,
        request_id=getattr(request.state, "request_id", None),
        instance=request.url.path,
        on_sheet=kept,
    )
    return StreamingResponse(events, media_type=MEDIA_TYPE, headers=STREAM_HEADERS)


@router.get("/key")
async def key_form(request: Request, next: str = "/review") -> HTMLResponse:
    """The key form."""
    return pages.render(request, "key.html", next=security.safe_next(next), wrong=False)


@router.post("/key", response_model=None)
async def key_submit(request: Request, settings: SettingsDep) -> HTMLResponse | RedirectResponse:
    """Check the key; on success set the key cookie and go back where the editor was."""
    form = await _form(request)
    target = security.safe_next(form.next)
    if settings.api_keys and not pages.key_valid(form.key, settings):
        return pages.render(request, "key.html", status=401, next=target, wrong=True)
    response = RedirectResponse(target, status_code=303)
    if settings.api_keys:
        pages.sign_in(response, request, form.key)
    return response


@router.post("/logout")
async def logout(request: Request) -> RedirectResponse:
    """Clear the key cookie."""
    await _form(request)
    response = RedirectResponse("/review", status_code=303)
    pages.sign_out(response)
    return response


async def _kept(request: Request, sheet_id: str) -> FactSheet | None:
    store = (await app_runtime(request)).permalink_store(await app_settings(request))
    return await store.get(sheet_id)


@router.get("/{sheet_id}.json")
async def sheet_json(request: Request, sheet_id: SheetId, settings: SettingsDep) -> Response:
    """The kept sheet as its JSON contract."""
    sheet = await _download(request, sheet_id, settings)
    return Response(
        sheet.model_dump_json(indent=2),
        media_type="application/json",
        headers={"Content-Disposition": f'attachment; filename="factsheet-{sheet_id[:12]}.json"'},
    )


@router.get("/{sheet_id}.md")
async def sheet_markdown(request: Request, sheet_id: SheetId, settings: SettingsDep) -> Response:
    """The kept sheet as Markdown."""
    sheet = await _download(request, sheet_id, settings)
    link = f"{settings.public_url.rstrip('/')}/review/{sheet_id}" if settings.public_url else None
    return Response(
        to_markdown(sheet, link=link),
        media_type="text/markdown; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="factsheet-{sheet_id[:12]}.md"'},
    )


async def _download(request: Request, sheet_id: str, settings: SettingsDep) -> FactSheet:
    if not pages.unlocked(request, settings):
        raise AuthError("no valid review cookie")
    sheet = await _kept(request, sheet_id)
    if sheet is None:
        raise SheetNotKept(sheet_id)
    return sheet


@router.get("/{sheet_id}/fragment")
async def sheet_fragment(
    request: Request, sheet_id: SheetId, settings: SettingsDep, provisional: bool = False
) -> HTMLResponse:
    """The sheet part of the page, for the page's script to swap in (marked provisional)."""
    if not pages.unlocked(request, settings):
        raise AuthError("no valid review cookie")
    sheet = await _kept(request, sheet_id)
    if sheet is None:
        raise SheetNotKept(sheet_id)
    # The page model of a long article takes a few hundred ms: off the event loop.
    context = await asyncio.to_thread(pages.sheet_context, sheet, provisional=provisional)
    return pages.render(request, "_sheet.html", **context)


@router.get("/{sheet_id}")
async def sheet_page(request: Request, sheet_id: SheetId, settings: SettingsDep) -> HTMLResponse:
    """The permalink page of a kept sheet."""
    if not pages.unlocked(request, settings):
        return _locked(request)
    sheet = await _kept(request, sheet_id)
    if sheet is None:
        return pages.render(request, "missing.html", status=404)
    context = await asyncio.to_thread(pages.sheet_context, sheet, provisional=False)
    return pages.render(request, "sheet.html", **context)
