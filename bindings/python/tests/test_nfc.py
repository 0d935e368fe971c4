"""Pix por Aproximação in Python: URIs wherever a code goes, the URI and NDEF writers, and
agreement with `pixcode` (CLI) on every corpus code given as a URI."""

import json
import subprocess

import pytest

import pixcode
from test_pixcode import DYNAMIC, STATIC, cli, corpus

PHONE = (
    "00020126360014br.gov.bcb.pix0114+5561999999999520400005303986"
    "5802BR5913Fulano de Tal6008BRASILIA62070503***6304"
)


def with_crc(body):
    import binascii

    return body + "%04X" % binascii.crc_hqx(body.encode(), 0xFFFF)


def test_a_phone_key_plus_is_encoded_and_survives_both_ways():
    code = with_crc(PHONE)
    uri = pixcode.to_nfc_uri(code, host="loja.example")
    assert "%2B5561999999999" in uri and "+" not in uri
    view = pixcode.decode(uri)
    assert view.key == "+5561999999999"
    assert view.payload == code
    assert view.nfc == {"host": "loja.example", "sig": None}
    # A raw + (never form decoding) stays a +.
    raw = "pix://loja.example?qr=" + code.replace(" ", "%20")
    assert pixcode.decode(raw).key == "+5561999999999"
    assert pixcode.decode(code).nfc is None


def test_dynamic_uri_has_the_location_host_and_refuses_another():
    uri = pixcode.to_nfc_uri(DYNAMIC)
    assert uri.startswith("pix://pix.example.com?qr=")
    with pytest.raises(pixcode.PixError) as e:
        pixcode.to_nfc_uri(DYNAMIC, host="other.example")
    assert e.value.code == "nfc_host_mismatch"
    with pytest.raises(pixcode.PixError) as e:
        pixcode.to_nfc_uri(STATIC)
    assert e.value.code == "nfc_host_required"
    with pytest.raises(pixcode.PixError) as e:
        pixcode.to_nfc_uri(STATIC[:-1] + "0", host="loja.example")
    assert e.value.code == "crc_mismatch"


def test_ndef_round_trip_short_and_long():
    long = pixcode.build(
        key="+5561999999999",
        merchant_name="Fulano de Tal da Silva",
        merchant_city="SAO PAULO",
        additional_info="Pagamento do pedido 123456 na loja, obrigado & volte sempre",
        txid="PEDIDO123456789ABCDEFGHIJ",
    )
    uri = pixcode.to_nfc_uri(long, host="loja.example")
    assert len(uri) > 254
    message = pixcode.ndef_message(long, host="loja.example")
    assert isinstance(message, bytes)
    assert message[0] == 0xC1  # MB, ME, well-known; not SR: the long form
    assert pixcode.read_ndef(message) == uri
    assert pixcode.decode(pixcode.read_ndef(message)).payload == long
    dynamic = pixcode.ndef_message(DYNAMIC)
    assert pixcode.read_ndef(dynamic) == pixcode.to_nfc_uri(DYNAMIC)
    short = pixcode.ndef_message("pix://h.example?qr=" + STATIC.replace(" ", "%20"))
    assert short[0] == 0xD1 and short[2] == len(short) - 4
    with pytest.raises(pixcode.PixError) as e:
        pixcode.read_ndef(message[:-1])
    assert e.value.code == "ndef_truncated"
    with pytest.raises(TypeError):
        pixcode.read_ndef("not bytes")


@pytest.mark.parametrize(
    "uri, code, offset",
    [
        ("pix://h.example?qr=00%2G", "nfc_bad_escape", 21),
        ("pix://h.example", "nfc_qr_missing", 15),
        ("pix://h.example?qr=1&qr=2", "nfc_qr_repeated", 21),
        ("pix://?qr=1", "nfc_host_empty", 6),
        ("pix://h.example?qr=1#x", "nfc_fragment", 20),
    ],
)
def test_refused_uris(uri, code, offset):
    with pytest.raises(pixcode.PixError) as e:
        pixcode.decode(uri)
    assert (e.value.code, e.value.offset, e.value.path) == (code, offset, "")
    assert pixcode.is_valid(uri) is False
    assert pixcode.inspect(uri) == {
        "valid": False,
        "nfc": {"error": {"code": code, "offset": offset, "message": e.value.message}},
    }


def test_corpus_as_uris_agrees_with_the_cli():
    codes = [c for c in corpus() if "\n" not in c and "\r" not in c]
    uris = ["pix://loja.example?qr=" + c.replace("%", "%25").replace("&", "%26").replace("#", "%23") for c in codes]
    out = subprocess.run(
        [cli(), "decode", "--json", "--jobs", "1"],
        input="\n".join(uris) + "\n",
        capture_output=True,
        text=True,
        encoding="utf-8",
    )
    lines = out.stdout.splitlines()
    assert len(lines) == len(uris) > 300
    for code, uri, line in zip(codes, uris, lines):
        assert pixcode.inspect(uri) == json.loads(line), uri
        assert pixcode.is_valid(uri) == pixcode.is_valid(code)
        assert pixcode.is_valid(uri, "emv") == pixcode.is_valid(code, "emv")
        if pixcode.is_valid(code):
            assert pixcode.decode(uri).payload == code
