"""Train the attribution tagger (service/pipeline/tagger.py) on PolNeAR train.

    .venv/bin/python scripts/train_tagger.py ../shared/polnear/train \\
        --out service/pipeline/data/tagger.crfsuite

PolNeAR is read at run time from ../shared and never copied into the repository. Each
paragraph of each article is one sequence; each token is labelled B-/I- SRC, CUE or CON,
or O, from the first annotator's relations (a cue wins over a source, a source over a
content; of two contents, the longer). The features are the ones inference computes
(service/pipeline/tagger_features.py), the rules' own roles among them. Training is
deterministic: the articles are read in sorted order and L-BFGS has no randomness.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import pycrfsuite

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from service.eval.polnear import GoldAttribution, load_split
from service.pipeline import tagger as tg
from service.pipeline import tagger_features as tf
from service.pipeline.cues import find_attributions
from service.pipeline.ingest import ingest
from service.pipeline.segment import segment

PARAMS: dict[str, object] = {
    "c1": 0.05,
    "c2": 0.01,
    "max_iterations": 150,
    "feature.possible_transitions": True,
    "feature.minfreq": 2,
}
_PRIORITY = {"content": 1, "source": 2, "cue": 3}
_CODE = {"content": "CON", "source": "SRC", "cue": "CUE"}


def gold_labels(tokens: Sequence[tf.Token], gold: Sequence[GoldAttribution]) -> list[str]:
    """BIO labels of the tokens from the gold relations."""
    marks: list[tuple[int, int, str, object]] = []
    for n, g in enumerate(gold):
        for role, frags in (("content", g.content), ("source", g.source), ("cue", g.cue)):
            for f, (start, end) in enumerate(frags):
                marks.append((start, end, role, (n, role, f)))
    starts = [t.start for t in tokens]
    best: list[tuple[int, int, str, object] | None] = [None] * len(tokens)
    for start, end, role, key in marks:
        rank = (_PRIORITY[role], end - start)
        for k in tf.covered(tokens, starts, start, end):
            held = best[k]
            if held is None or (held[0], held[1]) < rank:
                best[k] = (rank[0], rank[1], role, key)
    labels = []
    previous: object = None
    for held in best:
        if held is None:
            labels.append("O")
            previous = None
            continue
        _, _, role, key = held
        labels.append(("I-" if key == previous else "B-") + _CODE[role])
        previous = key
    return labels


def main() -> None:
    """Read the split, build the sequences, train and write the model."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("split", type=Path, help="PolNeAR train, e.g. ../shared/polnear/train")
    parser.add_argument("--out", type=Path, default=Path("service/pipeline/data/tagger.crfsuite"))
    parser.add_argument("--iterations", type=int, default=int(str(PARAMS["max_iterations"])))
    parser.add_argument("--c1", type=float, default=float(str(PARAMS["c1"])))
    parser.add_argument("--c2", type=float, default=float(str(PARAMS["c2"])))
    args = parser.parse_args()
    t0 = time.perf_counter()
    trainer = pycrfsuite.Trainer(verbose=False)
    trainer.set_params({**PARAMS, "max_iterations": args.iterations, "c1": args.c1, "c2": args.c2})
    docs = load_split(args.split)
    sequences = 0
    for doc in docs:
        ingested = ingest(doc.text, kind="text", max_chars=10_000_000)
        if ingested.text != doc.text:
            print(f"skipped {doc.name}: ingest changed the text", file=sys.stderr)
            continue
        sentences = segment(ingested.text, ingested.regions)
        rules = find_attributions(ingested.text, ingested.norm, sentences)
        for _, tokens, feats in tg.sequences(ingested.norm, sentences, rules):
            trainer.append(feats, gold_labels(tokens, doc.attributions))
            sequences += 1
    t1 = time.perf_counter()
    print(f"{len(docs)} articles, {sequences} sequences, features in {t1 - t0:.1f}s")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    trainer.train(str(args.out))
    t2 = time.perf_counter()
    size = args.out.stat().st_size
    print(f"trained in {t2 - t1:.1f}s; {args.out} {size / 1e6:.2f} MB")


if __name__ == "__main__":
    main()
