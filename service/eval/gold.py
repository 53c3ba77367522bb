"""Score a fact sheet against an editor's gold file (see ../shared/gold/*.gold.yaml)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from schemas.factsheet import Claim, FactSheet


@dataclass(frozen=True, slots=True)
class Check:
    """One gold expectation and whether the sheet meets it."""

    kind: str
    id: str
    ok: bool
    detail: str


def load_gold(path: Path) -> dict[str, Any]:
    """Read a gold YAML file."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise ValueError(f"{path}: a gold file is a YAML mapping")
    return data


def article_path(gold_path: Path, gold: dict[str, Any]) -> Path:
    """Find the gold file's article: beside it in ../seeds/, else in this repo's seeds/."""
    name = str(gold["article"])
    for candidate in (gold_path.parent.parent / "seeds" / name, Path("seeds") / name):
        if candidate.exists():
            return candidate
    raise FileNotFoundError(f"article {name} of {gold_path} not found in ../seeds or seeds/")


def _evidence(claim: Claim) -> str:
    return " ".join(e.text for e in claim.evidence).lower()


def _claimant_ok(claim: Claim, sheet: FactSheet, accepted: list[str | None]) -> bool:
    names: list[str] = []
    if claim.claimant is not None:
        source = next(s for s in sheet.sources if s.id == claim.claimant.source_id)
        names = [claim.claimant.text.lower(), source.name.lower()]
    for want in accepted:
        if want is None and claim.claimant is None:
            return True
        if want is not None and any(want.lower() in n for n in names):
            return True
    return False


def check_sheet(sheet: FactSheet, gold: dict[str, Any]) -> list[Check]:
    """Return one Check per gold source, claim, unverified flag, note and debris string."""
    checks: list[Check] = []
    for want in gold.get("sources", []):
        found = [
            s
            for s in sheet.sources
            if any(m.lower() in s.name.lower() for m in want["match"]) and s.type in want["types"]
        ]
        role_ok = not want.get("role_contains") or any(
            r.lower() in (s.role or "").lower() for s in found for r in want["role_contains"]
        )
        detail = ", ".join(f"{s.name} ({s.type}, role={s.role})" for s in found) or "not found"
        checks.append(Check("source", want["id"], bool(found) and role_ok, detail))
    unverified_ids = {u.claim_id for u in sheet.unverified}
    for want in gold.get("claims", []):
        needles = [n.lower() for n in want["evidence_contains"]]
        matching = [c for c in sheet.claims if all(n in _evidence(c) for n in needles)]
        good = [c for c in matching if _claimant_ok(c, sheet, want["claimant"])]
        checks.append(
            Check(
                "claim",
                want["id"],
                bool(good),
                ", ".join(f"{c.id} by {c.claimant.text if c.claimant else None}" for c in matching)
                or "no claim with that evidence",
            )
        )
        if good:
            flagged = any(c.id in unverified_ids for c in good)
            checks.append(
                Check(
                    "unverified",
                    want["id"],
                    flagged == bool(want.get("unverified")),
                    f"in unverified section: {flagged}, expected {bool(want.get('unverified'))}",
                )
            )
    note = gold.get("no_confirmation_note")
    if note:
        needles = [n.lower() for n in note["evidence_contains"]]
        ok = any(
            n.kind == "no_confirmation" and all(x in n.text.lower() for x in needles)
            for n in sheet.notes
        )
        checks.append(Check("note", "no_confirmation", ok, f"{len(sheet.notes)} notes"))
    visible = sheet.model_dump_json(include={"summary", "claims", "sources"}).lower()
    for debris in gold.get("boilerplate", []):
        ok = debris.lower() not in visible
        checks.append(Check("debris", debris, ok, "absent" if ok else "appears in the output"))
    return checks
