"""OpenAPI: problem+json responses for every documented error status, and their schema."""

from __future__ import annotations

from collections.abc import Callable
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI
from fastapi.routing import APIRoute, iter_route_contexts

from service.api.problems import ALL_KINDS, MEDIA_TYPE, Kind
from service.api.problems import Problem as Problem

REF = "#/components/schemas/{model}"


def _example(kind: Kind) -> dict[str, Any]:
    problem = Problem(
        type=kind.type,
        title=kind.title,
        status=kind.status,
        detail=kind.detail or f"{kind.title}.",
        instance=None if kind.status == 401 else "/v1/factsheets",
        request_id=None if kind.status == 401 else "5f0c6a1e9d2b4c7f8a3e1b2c4d5e6f70",
    )
    return problem.model_dump(mode="json", exclude_none=True)


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """Return a `responses=` entry per status: the Problem schema and an example per kind."""
    documented: dict[int | str, dict[str, Any]] = {}
    for status in statuses:
        kinds = [kind for kind in ALL_KINDS if kind.status == status]
        titles = "; ".join(dict.fromkeys(kind.title for kind in kinds))
        documented[status] = {
            "description": titles or HTTPStatus(status).phrase,
            "content": {
                MEDIA_TYPE: {
                    "schema": {"$ref": REF.format(model="Problem")},
                    "examples": {
                        (kind.slug or "http"): {"summary": kind.title, "value": _example(kind)}
                        for kind in kinds
                    },
                }
            },
        }
        if status == 401:
            documented[status]["headers"] = {"WWW-Authenticate": {"schema": {"type": "string"}}}
        if status in (429, 503):
            documented[status]["headers"] = {
                "Retry-After": {"description": "Seconds to wait.", "schema": {"type": "integer"}}
            }
    return documented


def install(app: FastAPI, amend: Callable[[dict[str, Any]], None] = lambda schema: None) -> None:
    """Make the app's OpenAPI document carry the Problem schema the responses refer to.

    `amend` edits the document once it is built (what depends on the app's settings).
    """
    build: Callable[[], dict[str, Any]] = app.openapi

    def openapi() -> dict[str, Any]:
        schema = build()  # FastAPI caches it in app.openapi_schema, so this runs once
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        if "Problem" not in components:
            problem = Problem.model_json_schema(ref_template=REF)
            components.update(problem.pop("$defs", {}))
            components["Problem"] = problem
            _restore_examples(schema, app)
            amend(schema)
        return schema

    # FastAPI's documented way to extend the generated document.
    app.openapi = openapi  # type: ignore[method-assign]


def _restore_examples(schema: dict[str, Any], app: FastAPI) -> None:
    # FastAPI drops every None when it serialises the document, examples included, so a
    # FactSheet example would lose its `"claimant": null` fields; put the originals back.
    # iter_route_contexts is how FastAPI's own get_openapi walks included routers.
    for context in iter_route_contexts(app.routes):
        route = context.original_route
        if not isinstance(route, APIRoute) or not route.include_in_schema:
            continue
        if context.path_format is None:
            continue
        for method in route.methods or ():
            operation = schema["paths"][context.path_format][method.lower()]
            for status, response in route.responses.items():
                for media, content in response.get("content", {}).items():
                    if "example" in content:
                        target = operation["responses"][str(status)]["content"][media]
                        target["example"] = content["example"]
