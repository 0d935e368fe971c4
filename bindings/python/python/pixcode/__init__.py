"""Read, check, build and draw Pix BR Codes (EMV merchant-presented QR payloads).

>>> import pixcode
>>> code = pixcode.decode("00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***63041D3D")
>>> code.kind, code.key_kind, code.merchant_city
('static', 'evp', 'BRASILIA')

Errors carry the stable rule code of the Rust crate and of the CLI:

>>> try:
...     pixcode.decode("0002010102116304FFFF")
... except pixcode.PixError as e:
...     (e.code, e.path, e.offset)
('crc_mismatch', '63', 16)
"""

from __future__ import annotations

import json
from typing import Any, Dict, List, Tuple, Union

from ._pixcode import (
    BrCode,
    BuildError,
    PixError,
    Resolver,
    ScanError,
    __version__,
    build,
    decode,
    is_valid,
    ndef_message,
    qr_png,
    qr_svg,
    read_ndef,
    resolve,
    to_nfc_uri,
)
from . import _pixcode as _native

#: The fields a `BrCode` reads (each an attribute), the core's registry in its order.
FIELD_NAMES = tuple(_native.field_names())
#: The arguments `build` takes, the core's `BuildOptions` members in their order.
BUILD_OPTIONS = tuple(_native.build_option_names())
#: The options `qr_png` and `qr_svg` take, the core's `render::TextOptions` members in order.
QR_OPTIONS = tuple(_native.qr_option_names())
#: The keyword arguments of `Resolver` (the core's `dynamic::ResolverConfig`) and of
#: `Resolver.resolve` (`dynamic::ResolveRequest::parse`); `resolve` takes both.
RESOLVER_OPTIONS, RESOLVE_OPTIONS = (tuple(n) for n in _native.resolve_option_names())

__all__ = [
    "BUILD_OPTIONS",
    "FIELD_NAMES",
    "BrCode",
    "BuildError",
    "PixError",
    "QR_OPTIONS",
    "RESOLVER_OPTIONS",
    "RESOLVE_OPTIONS",
    "Resolver",
    "ScanError",
    "__version__",
    "build",
    "decode",
    "inspect",
    "is_valid",
    "ndef_message",
    "qr_png",
    "qr_svg",
    "read_ndef",
    "resolve",
    "scan",
    "to_nfc_uri",
    "validate_many",
]


def inspect(code: Union[str, bytes]) -> Dict[str, Any]:
    """Every finding of `code`, EMV and Pix, errors and warnings: exactly the object
    `pixcode decode --json` prints (a public interface, documented in the README)."""
    return json.loads(_native.inspect_json(code))


def scan(image: bytes) -> List[Dict[str, Any]]:
    """Every QR code in an image (PNG, JPEG, WebP, GIF, BMP) or a PDF (every page): a list of
    dicts with `text` (as read), `charset` (`utf-8`, `iso-8859-1` or `eci`), `corners` (four
    `{x, y}` in pixels, top-left first; for a PDF, of the page drawn at 200 dpi), `inverted`
    and `page` (counted from 1 for a PDF, `None` for an image). Raises `ScanError` (`code`:
    `image`, `not_found`, `too_complex`, `reader`, `pdf`; `page` when a page failed) when
    none can be read, and `TypeError` for anything but bytes."""
    if not isinstance(image, (bytes, bytearray, memoryview)):
        raise TypeError(f"scan() takes the image's bytes, not {type(image).__name__}")
    return json.loads(_native.scan_json(bytes(image)))


def validate_many(codes: Any, profile: str = "pix") -> Tuple[Any, Any]:
    """Judges many codes at once, with the GIL released: ``(valid, errors)``.

    * For a sequence of ``str``/``bytes``/``None``: two lists, ``valid[i]`` a ``bool``
      (``None`` for a ``None`` input) and ``errors[i]`` the first error's code (``None`` when
      valid or ``None``).
    * For a ``pyarrow`` string array (or chunked array): a ``pyarrow.BooleanArray`` and a
      dictionary-encoded string array, read from the Arrow buffers without a Python object
      a code; nulls stay null.

    ``profile`` is ``"pix"`` (the default: EMV and Pix rules), ``"emv"`` or ``"auto"``.
    """
    arrow = _as_arrow(codes)
    if arrow is not None:
        return _validate_arrow(arrow, profile)
    if isinstance(codes, (str, bytes)):
        raise TypeError("validate_many: expected a sequence of codes, not a single code")
    return _native.validate_list(codes, profile)


def _as_arrow(codes: Any) -> Any:
    """`codes` as one pyarrow string array, or None when it is not Arrow data."""
    module = type(codes).__module__
    if not module.startswith("pyarrow"):
        return None
    import pyarrow as pa

    if isinstance(codes, pa.ChunkedArray):
        codes = codes.combine_chunks() if codes.num_chunks else pa.array([], pa.string())
    if not isinstance(codes, pa.Array):
        raise TypeError(f"validate_many: expected a pyarrow array but got {type(codes).__name__}")
    is_view = getattr(pa.types, "is_string_view", None)
    if is_view is not None and is_view(codes.type):
        codes = codes.cast(pa.string())
    if not (
        pa.types.is_string(codes.type)
        or pa.types.is_large_string(codes.type)
        or pa.types.is_binary(codes.type)
        or pa.types.is_large_binary(codes.type)
    ):
        raise TypeError(f"validate_many: expected a string array but got {codes.type}")
    return codes


def _validate_arrow(arr: Any, profile: str) -> Tuple[Any, Any]:
    import pyarrow as pa

    large = pa.types.is_large_string(arr.type) or pa.types.is_large_binary(arr.type)
    validity, offsets, data = arr.buffers()
    n = len(arr)
    empty = b""
    present, valid, erred, index, names = _native.validate_arrow(
        offsets.to_pybytes() if offsets is not None else bytes((n + 1) * (8 if large else 4)),
        data.to_pybytes() if data is not None else empty,
        validity.to_pybytes() if validity is not None else None,
        arr.offset,
        n,
        large,
        profile,
    )
    verdicts = pa.Array.from_buffers(
        pa.bool_(), n, [pa.py_buffer(present), pa.py_buffer(valid)]
    )
    indices = pa.Array.from_buffers(pa.int16(), n, [pa.py_buffer(erred), pa.py_buffer(index)])
    errors = pa.DictionaryArray.from_arrays(indices, pa.array(names, pa.string()))
    return verdicts, errors
