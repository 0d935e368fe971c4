"""The Python binding against the Rust crate: the corpus through both, every error path, and
the public shapes (`inspect` is `pixcode decode --json`, `Resolver.resolve` is
`pixcode resolve --json`).

The Rust results come from the `pixcode` CLI of the same checkout: `PIXCODE_BIN`, or
`target/release/pixcode` at the repository root (built by `.ci/run`).
"""

import json
import os
import subprocess
import time
from decimal import Decimal
from pathlib import Path

import pytest

import pixcode

ROOT = Path(__file__).resolve().parents[3]
STATIC = (
    "00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-426655440000"
    "5204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***63041D3D"
)
DYNAMIC = (
    "00020101021226700014br.gov.bcb.pix2548pix.example.com/8b3da2f39a4140d1a91abd93113bd441"
    "5204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***630464E4"
)
NON_ASCII = (
    "00020101021126330014br.gov.bcb.pix0111002051041185204000053039865406350.00"
    "5802BR5928Leone Parise Vieira da Silva6006Maceió62070503***6304E5FB"
)


def cli() -> str:
    path = os.environ.get("PIXCODE_BIN") or str(ROOT / "target" / "release" / "pixcode")
    if not Path(path).exists():
        pytest.fail(
            f"the pixcode CLI is not at {path}: run `cargo build --release --features cli` "
            "at the repository root, or set PIXCODE_BIN"
        )
    return path


def corpus():
    with open(ROOT / "corpus" / "real-codes.jsonl", encoding="utf-8") as f:
        return [json.loads(line)["payload"] for line in f]


@pytest.fixture(scope="module")
def rust_reports():
    """`pixcode decode --json` of every corpus payload, one line each, in order."""
    codes = [c for c in corpus() if "\n" not in c and "\r" not in c]
    out = subprocess.run(
        [cli(), "decode", "--json", "--jobs", "1"],
        input="\n".join(codes) + "\n",
        capture_output=True,
        text=True,
        encoding="utf-8",
    )
    reports = [json.loads(line) for line in out.stdout.splitlines()]
    assert len(reports) == len(codes) > 300
    return list(zip(codes, reports))


def first_error(report):
    """The strict decode's error: the first EMV error, else the first Pix error."""
    if report["errors"]:
        return report["errors"][0]["code"]
    if report["pix"] is None:
        return "pix_not_pix"  # well-formed EMV of another scheme
    if report["pix"]["errors"]:
        return report["pix"]["errors"][0]["code"]
    return None


# The core's registry of the view's fields (`Field::VIEW`), each an attribute of `BrCode`.
FIELDS = pixcode.FIELD_NAMES
# What the CLI's pix object holds besides the registry's text fields.
NOT_FIELDS = ("valid", "errors", "warnings", "kind", "template_id", "single_use")


def cli_value(pix, name):
    """The CLI's value of a field: the key and the URLs are objects there."""
    v = pix[name]
    return (v.get("value") or v.get("url")) if isinstance(v, dict) else v


def test_corpus_same_reports_verdicts_and_fields_as_the_cli(rust_reports):
    decoded = refused = 0
    for code, report in rust_reports:
        assert pixcode.inspect(code) == report, code
        valid = report["valid"] and report["pix"] is not None and report["pix"]["valid"]
        assert pixcode.is_valid(code) == valid, code
        if valid:
            c = pixcode.decode(code)
            pix = report["pix"]
            # Every field the core reads, and no field the CLI shows that the package lacks.
            assert [k for k in pix if k not in NOT_FIELDS] == list(FIELDS)
            for f in FIELDS:
                want = cli_value(pix, f)
                got = c.amount_text if f == "amount" else getattr(c, f)
                assert got == want, (code, f)
            assert (c.kind, c.single_use) == (pix["kind"], pix["single_use"])
            assert c.key == (pix["key"] and pix["key"]["value"])
            assert c.key_kind == (pix["key"] and pix["key"]["kind"])
            assert c.amount_text == pix["amount"]
            for f in ("location", "recurrence"):
                assert getattr(c, f) == (pix[f] and pix[f]["url"]), (code, f)
            assert c.amount == (Decimal(pix["amount"]) if pix["amount"] else None)
            assert c.payload == code and str(c) == code
            decoded += 1
        else:
            with pytest.raises(pixcode.PixError) as e:
                pixcode.decode(code)
            assert e.value.code == first_error(report), code
            refused += 1
    # 61 valid Pix codes, 89 invalid ones, 175 codes of other schemes.
    assert decoded >= 60 and refused >= 260


def test_validate_many_agrees_with_decode(rust_reports):
    codes = [c for c, _ in rust_reports]
    valid, errors = pixcode.validate_many(codes)
    for code, v, err in zip(codes, valid, errors):
        try:
            pixcode.decode(code)
            assert v is True and err is None
        except pixcode.PixError as e:
            assert v is False and err == e.code


def test_validate_many_on_arrow_matches_the_list_path(rust_reports):
    pa = pytest.importorskip("pyarrow")
    codes = [c for c, _ in rust_reports] + [None, "", "x"]
    expected = pixcode.validate_many(codes)
    for arr in [
        pa.array(codes, pa.string()),
        pa.array(codes, pa.large_string()),
        pa.chunked_array([codes[:100], codes[100:]], pa.string()),
        pa.array(codes, pa.string()).slice(7),
    ]:
        valid, errors = pixcode.validate_many(arr)
        skip = 7 if len(valid) == len(codes) - 7 else 0
        assert valid.to_pylist() == expected[0][skip:]
        assert errors.to_pylist() == expected[1][skip:]
    empty = pixcode.validate_many(pa.array([], pa.string()))
    assert len(empty[0]) == 0 and len(empty[1]) == 0


def test_decode_reads_every_field():
    c = pixcode.decode(STATIC)
    assert (c.kind, c.key, c.key_kind) == ("static", "123e4567-e12b-12d1-a456-426655440000", "evp")
    assert (c.merchant_name, c.merchant_city, c.txid) == ("Fulano de Tal", "BRASILIA", "***")
    assert c.amount is None and c.location is None and not c.single_use
    d = pixcode.decode(DYNAMIC)
    assert d.kind == "dynamic" and d.single_use and d.key is None
    assert d.location == "pix.example.com/8b3da2f39a4140d1a91abd93113bd441"
    n = pixcode.decode(NON_ASCII.encode())
    assert n.merchant_city == "Maceió" and n.amount == Decimal("350.00")
    assert isinstance(n.amount, Decimal)
    assert pixcode.decode(STATIC) == c and hash(pixcode.decode(STATIC)) == hash(c)
    assert "Fulano de Tal" in repr(c)


def test_errors_carry_the_rule_code_path_and_offset():
    with pytest.raises(pixcode.PixError) as e:
        pixcode.decode("0002010102116304FFFF")
    assert (e.value.code, e.value.path, e.value.offset) == ("crc_mismatch", "63", 16)
    assert "FFFF" in e.value.message and isinstance(e.value, ValueError)
    # A Pix rule (not EMV): a static code whose key has wrong check digits.
    bad_key = pixcode.build("Loja", "Recife", key="12345678909").replace("12345678909", "12345678900")
    with pytest.raises(pixcode.PixError) as e:
        pixcode.decode(bad_key)
    assert e.value.code in ("crc_mismatch", "pix_key_format")


@pytest.mark.parametrize("bad", [None, 42, 4.2, ["000201"], object(), bytearray(b"000201")])
def test_not_a_string_is_a_type_error(bad):
    with pytest.raises(TypeError):
        pixcode.decode(bad)
    with pytest.raises(TypeError):
        pixcode.is_valid(bad)
    with pytest.raises(TypeError):
        pixcode.inspect(bad)


def test_bytes_not_utf8_and_lone_surrogates_are_pix_errors():
    with pytest.raises(pixcode.PixError) as e:
        pixcode.decode(b"000201\xff\xfe")
    assert e.value.code == "invalid_utf8" and e.value.offset == 6
    with pytest.raises(pixcode.PixError) as e:
        pixcode.decode("000201\ud800")
    assert e.value.code == "invalid_utf8"
    assert not pixcode.is_valid("000201\ud800")
    assert pixcode.inspect(b"\xff")["valid"] is False
    assert pixcode.validate_many([b"\xff", "\udc80"])[1] == ["invalid_utf8", "invalid_utf8"]


def test_huge_and_empty_inputs_are_refused_quickly():
    for big in ["0" * 10_000_000, "000201" + "5" * 10_000_000, STATIC[:-4] + "x" * 10_000_000]:
        start = time.monotonic()
        with pytest.raises(pixcode.PixError):
            pixcode.decode(big)
        assert not pixcode.is_valid(big)
        assert time.monotonic() - start < 5
    with pytest.raises(pixcode.PixError) as e:
        pixcode.decode("")
    assert e.value.code == "empty"


def test_validate_many_refuses_what_is_not_a_code():
    with pytest.raises(TypeError, match=r"codes\[1\]"):
        pixcode.validate_many([STATIC, 7])
    with pytest.raises(TypeError):
        pixcode.validate_many(STATIC)
    with pytest.raises(ValueError):
        pixcode.validate_many([STATIC], profile="visa")
    assert pixcode.validate_many([STATIC, None]) == ([True, None], [None, None])
    assert pixcode.validate_many(iter([STATIC])) == ([True], [None])


def test_build_round_trips_and_refuses_with_field_and_rule():
    code = pixcode.build(
        "Loja Exemplo", "São Paulo", key="12345678909", amount=Decimal("10.5"), txid="PEDIDO42"
    )
    c = pixcode.decode(code)
    assert (c.merchant_city, c.amount, c.txid) == ("Sao Paulo", Decimal("10.50"), "PEDIDO42")
    assert pixcode.build("Fulano de Tal", "BRASILIA", key="123e4567-e12b-12d1-a456-426655440000") == STATIC
    assert pixcode.decode(pixcode.build("A", "B", key="12345678909", amount=3)).amount == Decimal("3.00")
    assert pixcode.decode(pixcode.build("A", "B", key="12345678909", amount="0.01")).amount_text == "0.01"
    dyn = pixcode.build("Fulano de Tal", "BRASILIA", url="pix.example.com/8b3da2f39a4140d1a91abd93113bd441")
    assert dyn == DYNAMIC
    with pytest.raises(pixcode.BuildError) as e:
        pixcode.build("Loja", "Recife", key="12345678900")
    assert (e.value.field, e.value.path, e.value.rule) == ("key", "26.01", "key_check_digits")
    with pytest.raises(pixcode.BuildError) as e:
        pixcode.build("x" * 26, "Recife", key="12345678909")
    assert (e.value.path, e.value.rule) == ("59", "too_long")
    with pytest.raises(pixcode.BuildError) as e:
        pixcode.build("Loja", "Recife", key="12345678909", amount="1.234")
    assert (e.value.field, e.value.rule) == ("amount", "bad_amount")
    with pytest.raises(pixcode.BuildError) as e:
        pixcode.build("Loja", "Recife", url="https://pix.example.com/x")
    assert e.value.rule == "url_scheme"
    with pytest.raises(TypeError, match="float"):
        pixcode.build("Loja", "Recife", key="12345678909", amount=10.5)
    with pytest.raises(TypeError):
        pixcode.build("Loja", "Recife", key="12345678909", amount=True)
    cut = pixcode.build("x" * 30, "Recife", key="12345678909", truncate=True)
    assert pixcode.decode(cut).merchant_name == "x" * 25


def test_qr_png_and_svg():
    png = pixcode.qr_png(STATIC)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert len(pixcode.qr_png(STATIC, module_pixels=2)) < len(png)
    svg = pixcode.qr_svg(STATIC, dark="#102030")
    assert "<svg" in svg and "#102030" in svg
    with pytest.raises(pixcode.PixError) as e:
        pixcode.qr_png(STATIC[:-4] + "0000")
    assert e.value.code == "crc_mismatch"
    assert pixcode.qr_svg(STATIC[:-4] + "0000", allow_invalid=True).count("<svg") == 1
    with pytest.raises(ValueError, match="error_correction"):
        pixcode.qr_png(STATIC, error_correction="Z")
    with pytest.raises(ValueError, match="dark"):
        pixcode.qr_svg(STATIC, dark="black-ish")
    with pytest.raises(ValueError):
        pixcode.qr_png(STATIC, dark="#ffffff", light="#fefefe")


def test_scan_reads_what_qr_png_draws_and_refuses_the_rest():
    found = pixcode.scan(pixcode.qr_png(STATIC))
    assert [s["text"] for s in found] == [STATIC]
    assert found[0]["charset"] == "utf-8" and found[0]["inverted"] is False
    assert len(found[0]["corners"]) == 4 and set(found[0]["corners"][0]) == {"x", "y"}
    # The same as the CLI reads from the same file.
    path = Path(os.environ.get("TMPDIR", "/tmp")) / f"pixcode-py-scan-{os.getpid()}.png"
    path.write_bytes(pixcode.qr_png(STATIC))
    cli_run = subprocess.run([cli(), "decode", "--json", "--image", str(path)], capture_output=True, text=True, check=True)
    line = json.loads(cli_run.stdout)
    assert {k: line[k] for k in ("text", "charset", "corners", "inverted", "page")} == found[0]
    assert found[0]["page"] is None
    with pytest.raises(pixcode.ScanError) as e:
        pixcode.scan(b"not an image")
    assert e.value.code == "image"


def test_scan_reads_pdfs_with_the_page_as_the_cli_does():
    pdf = ROOT / "tests" / "data" / "vector-code.pdf"
    found = pixcode.scan(pdf.read_bytes())
    assert [(s["text"], s["page"]) for s in found] == [(STATIC, 2)]
    cli_run = subprocess.run([cli(), "decode", "--json", "--image", str(pdf)], capture_output=True, text=True, check=True)
    line = json.loads(cli_run.stdout)
    assert {k: line[k] for k in ("text", "charset", "corners", "inverted", "page")} == found[0]
    with pytest.raises(pixcode.ScanError) as e:
        pixcode.scan(b"%PDF-1.7\nnothing")
    assert e.value.code == "pdf"
    with pytest.raises(TypeError):
        pixcode.scan("a string")


def test_resolve_never_contacts_anything_for_a_static_code():
    r = pixcode.resolve(STATIC, at="2026-12-01T12:00:00Z")
    assert r["verified"] is False and r["payable"] is False
    assert r["errors"] and all("code" in e for e in r["errors"])


def test_resolve_reports_a_refused_connection_as_a_finding():
    # Nothing listens on 127.0.0.1:9 (discard): the fetch fails, the answer says so.
    resolver = pixcode.Resolver(resolve={"pix.example.com": "127.0.0.1:9"}, timeout=2)
    r = resolver.resolve(DYNAMIC, at="2026-12-01T12:00:00Z")
    assert r["verified"] is False and r["payable"] is False and r["charge"] is None
    codes = [e["code"] for e in r["errors"]]
    assert codes and codes[0].startswith("fetch"), codes


def test_resolve_options_are_checked():
    with pytest.raises(ValueError, match="cod_mun"):
        pixcode.resolve(DYNAMIC, cod_mun="123")
    with pytest.raises(ValueError, match="date"):
        pixcode.resolve(DYNAMIC, date="2026-13-01")
    with pytest.raises(ValueError, match="resolve"):
        pixcode.Resolver(resolve={"pix.example.com": "not an address"})
    with pytest.raises(ValueError, match="ca_pem"):
        pixcode.Resolver(ca_pem="not a certificate")
    with pytest.raises(ValueError, match="timeout"):
        pixcode.Resolver(timeout=0)


def test_the_readme_example_runs():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    example = text.split("## Python", 1)[1].split("```python", 1)[1].split("```", 1)[0]
    exec(compile(example, "README.md", "exec"), {})


def test_the_stub_and_the_class_name_every_field_the_core_reads():
    stub = (ROOT / "bindings" / "python" / "python" / "pixcode" / "_pixcode.pyi").read_text()
    for f in FIELDS:
        assert f"def {f}(self)" in stub, f
        assert hasattr(pixcode.BrCode, f), f
    assert "field_names" in stub


def test_build_takes_every_build_option_the_core_has_and_no_other():
    import inspect as pyinspect

    params = list(pyinspect.signature(pixcode.build).parameters)
    assert params == list(pixcode.BUILD_OPTIONS)
    stub = (ROOT / "bindings" / "python" / "python" / "pixcode" / "_pixcode.pyi").read_text()
    signature = stub.split("def build(", 1)[1].split(") -> str", 1)[0]
    stub_params = [p.split(":")[0].strip() for p in signature.split(",") if ":" in p]
    assert stub_params == list(pixcode.BUILD_OPTIONS)


def test_qr_takes_every_drawing_option_the_core_has_and_no_other():
    import inspect as pyinspect

    for f in (pixcode.qr_png, pixcode.qr_svg):
        params = list(pyinspect.signature(f).parameters)
        assert params == ["code", *pixcode.QR_OPTIONS], f
    # mm and dpi reach the core: a 20 mm symbol at 203 dpi is smaller than one at 600 dpi.
    small = pixcode.qr_png(STATIC, mm=20, dpi=203)
    large = pixcode.qr_png(STATIC, mm=20, dpi=600)
    assert len(small) < len(large)
    with pytest.raises(ValueError, match="mm needs dpi"):
        pixcode.qr_png(STATIC, mm=20)


def test_resolver_and_resolve_take_the_core_configuration_and_request():
    import inspect as pyinspect

    assert list(pyinspect.signature(pixcode.Resolver).parameters) == list(pixcode.RESOLVER_OPTIONS)
    assert list(pyinspect.signature(pixcode.Resolver.resolve).parameters)[2:] == list(pixcode.RESOLVE_OPTIONS)
    assert list(pyinspect.signature(pixcode.resolve).parameters) == [
        "code", *pixcode.RESOLVER_OPTIONS, *pixcode.RESOLVE_OPTIONS
    ]
    with pytest.raises(ValueError, match="timeout"):
        pixcode.Resolver(timeout=float("nan"))
