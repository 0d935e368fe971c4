"""The Spark job on 100 000 codes in local mode: every row's verdict is the binding's own.

    python -m pytest examples/spark
"""

import json
import os
import random
import sys
from pathlib import Path

import pytest

pytest.importorskip("pyspark")
import pixcode

sys.path.insert(0, str(Path(__file__).parent))
import validate_codes  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]


def codes(n):
    """Real codes of every scheme, and mutations of them (a byte changed, dropped or doubled,
    the CRC recomputed or not), and nulls: `n` in all."""
    with open(ROOT / "corpus" / "real-codes.jsonl", encoding="utf-8") as f:
        real = [json.loads(line)["payload"] for line in f]
    real = [c for c in real if "\n" not in c and "\r" not in c]
    rng = random.Random(7)
    out = []
    while len(out) < n:
        c = rng.choice(real)
        r = rng.random()
        if r < 0.4:
            out.append(c)
        elif r < 0.9:
            i = rng.randrange(len(c))
            kind = rng.randrange(3)
            m = (c[:i] + rng.choice("0123456789ABCxyzé*") + c[i + 1:], c[:i] + c[i + 1:], c[:i] + c[i] + c[i:])[kind]
            out.append(m if rng.random() < 0.5 else m[:-4] + "0000")
        else:
            out.append(None)
    return out


def test_the_job_gives_every_code_its_verdict(tmp_path):
    spark = validate_codes.session(2)
    # The workers import the job's module as a cluster's would: shipped with the job.
    spark.sparkContext.addPyFile(validate_codes.__file__)
    try:
        data = codes(100_000)
        df = spark.createDataFrame([(c,) for c in data], "value string")
        rows = validate_codes.validate(df).collect()
    finally:
        spark.stop()
    assert len(rows) == len(data)
    got = {}
    for r in rows:
        got.setdefault(r["value"], set()).add((r["valid"], r["error"]))
    valid, errors = pixcode.validate_many(data)
    for code, v, e in zip(data, valid, errors):
        assert got[code] == {(v, e)}, code
        if code is not None:
            assert v == pixcode.is_valid(code)
    assert sum(1 for v in valid if v) > 5_000  # 61 of the 325 real codes are valid Pix
    assert sum(1 for v in valid if v is False) > 10_000
    assert sum(1 for c in data if c is None) > 5_000
