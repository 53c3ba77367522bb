"""A fake OpenAI Files + Batches API (and chat completions) on loopback: a test FIXTURE.

Nothing here was recorded from a real server. The endpoints are hand-written in the
shapes of OpenAI's API reference: the file object, the batch object with its
``request_counts``, and the output and error JSONL files (one line per request with
``custom_id``, ``response.status_code``, ``response.body`` or ``error``). Each request
line is answered by a chat responder given by the test (e.g. tests/support/fake_llm.py), which
also answers online ``POST /v1/chat/completions``, so a test can compare both paths.

A batch is answered in full when it is created; ``GET /v1/batches/{id}`` then reports
``in_progress`` for ``polls_to_finish - 1`` polls before its final status.
"""

from __future__ import annotations

import email.parser
import email.policy
import itertools
import json
import socket
import threading
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

Responder = Callable[[dict[str, Any]], Awaitable[tuple[int, dict[str, Any]]]]
ENDPOINT = "/v1/chat/completions"


def _multipart_file(content_type: str, body: bytes) -> tuple[str, bytes, dict[str, str]]:
    """(file name, file bytes, other form fields) of a multipart/form-data upload."""
    head = f"Content-Type: {content_type}\r\n\r\n".encode()
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(head + body)
    name, data, fields = "", b"", {}
    for part in message.iter_parts():
        field_name = part.get_param("name", header="content-disposition")
        decoded = part.get_payload(decode=True)
        payload = decoded if isinstance(decoded, bytes) else b""
        if part.get_filename():
            name, data = part.get_filename() or "", payload
        elif isinstance(field_name, str):
            fields[field_name] = payload.decode()
    return name, data, fields


@dataclass
class FakeBatchAPI:
    """The fake's state: uploaded files, batches, and what was asked of it."""

    answer: Responder
    polls_to_finish: int = 2
    # "completed"; "expired" answers the first half of the requests only; "failed" none.
    final_status: str = "completed"
    # Request ids answered with an HTTP 500 line in the error file.
    fail_ids: set[str] = field(default_factory=set)
    files: dict[str, bytes] = field(default_factory=dict)
    batches: dict[str, dict[str, Any]] = field(default_factory=dict)
    creates: int = 0
    chat_calls: int = 0
    _ids: Iterator[int] = field(default_factory=itertools.count)
    _answers: dict[str, tuple[list[bytes], list[bytes]]] = field(default_factory=dict)
    _polls: dict[str, int] = field(default_factory=dict)

    def _new_id(self, prefix: str) -> str:
        return f"{prefix}-fake{next(self._ids)}"

    def _file(self, name: str, data: bytes, purpose: str) -> dict[str, Any]:
        file_id = self._new_id("file")
        self.files[file_id] = data
        return {
            "id": file_id,
            "object": "file",
            "bytes": len(data),
            "created_at": int(time.time()),
            "filename": name,
            "purpose": purpose,
            "status": "processed",
        }

    async def upload(self, request: Request) -> Response:
        name, data, fields = _multipart_file(request.headers["content-type"], await request.body())
        if fields.get("purpose") != "batch" or not data:
            return _error(400, "expected a non-empty file with purpose=batch")
        return JSONResponse(self._file(name, data, "batch"))

    async def content(self, request: Request) -> Response:
        data = self.files.get(request.path_params["file_id"])
        if data is None:
            return _error(404, "no such file")
        return Response(data, media_type="application/octet-stream")

    async def _run_lines(self, data: bytes) -> tuple[list[bytes], list[bytes]] | str:
        outputs: list[bytes] = []
        errors: list[bytes] = []
        seen: set[str] = set()
        for raw in data.splitlines():
            line = json.loads(raw)
            request_id = line.get("custom_id")
            if request_id in seen or line.get("url") != ENDPOINT or line.get("method") != "POST":
                return f"bad line {request_id!r}: duplicate id, or not POST {ENDPOINT}"
            seen.add(request_id)
            status, body = (
                (500, {"error": {"message": "fake server error", "type": "server_error"}})
                if request_id in self.fail_ids
                else await self.answer(line["body"])
            )
            record = {
                "id": self._new_id("batch_req"),
                "custom_id": request_id,
                "response": {"status_code": status, "request_id": "req-fake", "body": body},
                "error": None,
            }
            (outputs if status == 200 else errors).append(json.dumps(record).encode())
        return outputs, errors

    async def create(self, request: Request) -> Response:
        params = await request.json()
        data = self.files.get(params.get("input_file_id", ""))
        if data is None or params.get("endpoint") != ENDPOINT:
            return _error(400, "unknown input file or endpoint")
        ran = await self._run_lines(data)
        batch_id = self._new_id("batch")
        self.creates += 1
        status = "validating"
        if isinstance(ran, str):
            status, ran = "failed", ([], [])
        self._answers[batch_id] = ran
        self.batches[batch_id] = {
            "id": batch_id,
            "object": "batch",
            "endpoint": ENDPOINT,
            "input_file_id": params["input_file_id"],
            "completion_window": params.get("completion_window", "24h"),
            "status": status,
            "created_at": int(time.time()),
            "metadata": params.get("metadata"),
            "request_counts": {"total": len(data.splitlines()), "completed": 0, "failed": 0},
        }
        self._polls[batch_id] = 0
        return JSONResponse(self.batches[batch_id])

    def _finish(self, batch: dict[str, Any]) -> None:
        outputs, errors = self._answers[batch["id"]]
        total = batch["request_counts"]["total"]
        if self.final_status == "expired":
            keep = total // 2
            for raw in outputs[keep:]:
                line = json.loads(raw)
                expired = {"code": "batch_expired", "message": "not run within 24h"}
                record = {"custom_id": line["custom_id"], "response": None, "error": expired}
                errors.append(json.dumps(record).encode())
            outputs = outputs[:keep]
        if self.final_status == "failed":
            outputs, errors = [], []
            batch["errors"] = {"data": [{"code": "fake", "message": "fake batch failure"}]}
        if outputs:
            batch["output_file_id"] = self._file("out.jsonl", b"\n".join(outputs) + b"\n", "x")[
                "id"
            ]
        if errors:
            batch["error_file_id"] = self._file("err.jsonl", b"\n".join(errors) + b"\n", "x")["id"]
        batch["status"] = self.final_status
        batch["request_counts"] = {
            "total": total,
            "completed": len(outputs),
            "failed": total - len(outputs) if self.final_status != "failed" else 0,
        }

    async def retrieve(self, request: Request) -> Response:
        batch = self.batches.get(request.path_params["batch_id"])
        if batch is None:
            return _error(404, "no such batch")
        if batch["status"] in ("validating", "in_progress"):
            self._polls[batch["id"]] += 1
            if self._polls[batch["id"]] >= self.polls_to_finish:
                self._finish(batch)
            else:
                batch["status"] = "in_progress"
                batch["request_counts"]["completed"] = batch["request_counts"]["total"] // 2
        return JSONResponse(batch)

    async def chat(self, request: Request) -> Response:
        self.chat_calls += 1
        status, body = await self.answer(await request.json())
        return JSONResponse(body, status_code=status)

    def app(self) -> Starlette:
        """The ASGI app of the fake."""
        return Starlette(
            routes=[
                Route("/v1/files", self.upload, methods=["POST"]),
                Route("/v1/files/{file_id}/content", self.content, methods=["GET"]),
                Route("/v1/batches", self.create, methods=["POST"]),
                Route("/v1/batches/{batch_id}", self.retrieve, methods=["GET"]),
                Route(ENDPOINT, self.chat, methods=["POST"]),
            ]
        )


def _error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": {"message": message, "type": "invalid_request_error"}}, status)


@contextmanager
def serving(app: Starlette) -> Iterator[str]:
    """Serve ``app`` on a free 127.0.0.1 port in a thread; yield its /v1 base URL."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    # log_config=None: uvicorn must not reconfigure the process's logging (other tests read it).
    config = uvicorn.Config(
        app, host="127.0.0.1", port=port, lifespan="off", log_config=None, access_log=False
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the fake Batch API server did not start")
        time.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{port}/v1"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
