"""The rules the cassette tier relies on, checked on throwaway cassettes.

A replayed test fails when a recorded interaction goes unused, when a request body
differs from the recording, when its cassette is missing, and when it reaches the
network; credentials never reach a cassette file.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
import xml.etree.ElementTree as ET
from pathlib import Path

import httpx2
import vcr as vcrpy

from tests.cassettes.conftest import cassette_config

HERE = Path(__file__).resolve().parent
URL = "http://llm.test/v1/chat/completions"


def interaction(n: int) -> str:
    """One recorded POST whose JSON body is {"n": n}, in vcr.py's YAML format."""
    return textwrap.dedent(
        f"""\
        - request:
            body: '{{"n": {n}}}'
            headers:
              content-type: [application/json]
            method: POST
            uri: {URL}
          response:
            body: {{string: '{{"answer": {n}}}'}}
            headers:
              content-type: [application/json]
            status: {{code: 200, message: OK}}
        """
    )


def cassette(*numbers: int) -> str:
    return "interactions:\n" + "".join(interaction(n) for n in numbers) + "version: 1\n"


PROBES = """\
import socket

import httpx2
import pytest

URL = "http://llm.test/v1/chat/completions"


def post(n):
    with httpx2.Client() as client:
        return client.post(URL, json={"n": n}).json()


@pytest.mark.vcr
def test_all_played():
    assert post(1) == {"answer": 1}


@pytest.mark.vcr
def test_one_of_two_played():
    assert post(1) == {"answer": 1}


@pytest.mark.vcr
def test_changed_body():
    post(2)


@pytest.mark.vcr
def test_missing_cassette():
    post(1)


def test_network():
    with socket.create_connection(("127.0.0.1", 9), timeout=1):
        pass
"""


def run_probes(tmp_path: Path) -> dict[str, str]:
    """Run PROBES under this tier's conftest, replay-only with the network blocked."""
    shutil.copy(HERE / "conftest.py", tmp_path / "conftest.py")
    (tmp_path / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
    (tmp_path / "test_probes.py").write_text(PROBES, encoding="utf-8")
    tapes = tmp_path / "cassettes"
    tapes.mkdir()
    (tapes / "test_all_played.yaml").write_text(cassette(1), encoding="utf-8")
    (tapes / "test_one_of_two_played.yaml").write_text(cassette(1, 2), encoding="utf-8")
    (tapes / "test_changed_body.yaml").write_text(cassette(1), encoding="utf-8")
    report = tmp_path / "report.xml"
    flags = ["-p", "no:cacheprovider", "--block-network", "--rootdir", str(tmp_path)]
    subprocess.run(
        [sys.executable, "-m", "pytest", *flags, f"--junitxml={report}", str(tmp_path)],
        cwd=tmp_path,
        capture_output=True,
        check=False,
        timeout=120,
    )
    outcomes: dict[str, str] = {}
    for case in ET.parse(report).getroot().iter("testcase"):  # noqa: S314 (our own file)
        # A failed call and a failed teardown of one test are two entries: keep both.
        name = case.get("name", "")
        found = [f"{c.tag}: {c.get('message')}" for c in case if c.tag in ("failure", "error")]
        outcomes[name] = "\n".join(filter(None, [outcomes.get(name), *found])) or "passed"
    return outcomes


def test_replay_rules_fail_tests_that_stray_from_their_cassette(tmp_path: Path) -> None:
    outcomes = run_probes(tmp_path)

    assert outcomes["test_all_played"] == "passed", outcomes
    # The unused interaction is caught after the test body, when the cassette is checked.
    assert outcomes["test_one_of_two_played"].startswith("error")
    assert "1 of 2 recorded interactions" in outcomes["test_one_of_two_played"]
    assert "failure" in outcomes["test_changed_body"]
    assert "CannotOverwriteExistingCassetteException" in outcomes["test_changed_body"]
    assert outcomes["test_missing_cassette"].startswith("failure")
    assert "CannotOverwriteExistingCassetteException" in outcomes["test_missing_cassette"]
    assert outcomes["test_network"].startswith("failure")
    assert "Network is disabled" in outcomes["test_network"]


def test_recording_keeps_credentials_out_of_the_cassette(tmp_path: Path) -> None:
    secret = "sk-" + "live-0123456789abcdef"  # split: a fake, kept out of secret scanners

    def server(request: httpx2.Request) -> httpx2.Response:
        return httpx2.Response(200, json={"answer": 1}, headers={"Set-Cookie": f"session={secret}"})

    path = tmp_path / "recorded.yaml"
    with (
        vcrpy.VCR().use_cassette(str(path), record_mode="all", **cassette_config()),
        httpx2.Client(transport=httpx2.MockTransport(server)) as client,
    ):
        client.post(
            URL,
            json={"n": 1},
            headers={
                "Authorization": f"Bearer {secret}",
                "api-key": secret,
                "X-API-Key": secret,
                "OpenAI-Organization": secret,
                "Cookie": f"session={secret}",
            },
        )

    recorded = path.read_text(encoding="utf-8")
    assert recorded.count("- request:") == 1
    assert secret not in recorded
