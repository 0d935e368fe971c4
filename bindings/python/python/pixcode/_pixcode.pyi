"""Types of the native module; the public names are re-exported by `pixcode`."""

from decimal import Decimal
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple, Union

__version__: str

class PixError(ValueError):
    """Not a valid Pix BR Code."""

    code: str
    """The stable rule code, such as ``"crc_mismatch"``."""
    path: str
    """The field path, such as ``"62.05"`` (``""`` for the payload as a whole)."""
    offset: int
    """The byte offset in the input."""
    message: str

class BuildError(ValueError):
    """The builder refused an input."""

    field: str
    """The field's name, such as ``"merchant name"``."""
    path: str
    """The field's path, such as ``"59"``."""
    rule: str
    """The stable rule code, such as ``"too_long"`` or ``"key_check_digits"``."""
    message: str

class ScanError(ValueError):
    """No QR code could be read from an image."""

    code: str
    """``"image"``, ``"not_found"``, ``"too_complex"`` or ``"reader"``."""
    message: str

class BrCode:
    """A decoded and validated Pix BR Code (immutable)."""

    @property
    def payload(self) -> str: ...
    @property
    def kind(self) -> str:
        """``"static"``, ``"dynamic"``, ``"recurrence"``, ``"static_recurrence"`` or
        ``"dynamic_recurrence"``."""
    @property
    def key(self) -> Optional[str]: ...
    @property
    def key_kind(self) -> Optional[str]:
        """``"cpf"``, ``"cnpj"``, ``"email"``, ``"phone"``, ``"evp"`` or ``"unknown"``."""
    @property
    def amount(self) -> Optional[Decimal]: ...
    @property
    def amount_text(self) -> Optional[str]: ...
    @property
    def merchant_name(self) -> Optional[str]: ...
    @property
    def merchant_city(self) -> Optional[str]: ...
    @property
    def postal_code(self) -> Optional[str]: ...
    @property
    def txid(self) -> Optional[str]: ...
    @property
    def additional_info(self) -> Optional[str]: ...
    @property
    def withdrawal_facilitator(self) -> Optional[str]: ...
    @property
    def is_saque(self) -> bool: ...
    @property
    def location(self) -> Optional[str]: ...
    @property
    def recurrence(self) -> Optional[str]: ...
    @property
    def point_of_initiation(self) -> Optional[str]: ...
    @property
    def single_use(self) -> bool: ...
    @property
    def merchant_category_code(self) -> Optional[str]: ...
    @property
    def currency(self) -> Optional[str]: ...
    @property
    def country(self) -> Optional[str]: ...
    @property
    def brcode_version(self) -> Optional[str]: ...
    @property
    def nfc(self) -> Optional[Dict[str, Optional[str]]]:
        """`{"host": …, "sig": …}` when the code was given as a `pix://` URI."""
    def __hash__(self) -> int: ...
    def __eq__(self, other: object) -> bool: ...

def decode(code: Union[str, bytes]) -> BrCode: ...
def is_valid(code: Union[str, bytes], profile: str = "pix") -> bool: ...
def inspect_json(code: Union[str, bytes]) -> str: ...
def to_nfc_uri(
    code: Union[str, bytes], host: Optional[str] = None, sig: Optional[str] = None
) -> str: ...
def ndef_message(code: Union[str, bytes], host: Optional[str] = None) -> bytes: ...
def read_ndef(message: bytes) -> str: ...
def build(
    merchant_name: str,
    merchant_city: str,
    *,
    key: Optional[str] = None,
    url: Optional[str] = None,
    recurrence_url: Optional[str] = None,
    amount: Union[Decimal, int, str, None] = None,
    txid: Optional[str] = None,
    additional_info: Optional[str] = None,
    saque: Optional[str] = None,
    postal_code: Optional[str] = None,
    merchant_category_code: Optional[str] = None,
    single_use: Optional[bool] = None,
    fold_ascii: bool = True,
    truncate: bool = False,
) -> str: ...
def qr_png(
    code: Union[str, bytes],
    *,
    error_correction: Optional[str] = None,
    module_pixels: Optional[int] = None,
    mm: Optional[int] = None,
    dpi: Optional[int] = None,
    quiet_zone: Optional[int] = None,
    dark: Optional[str] = None,
    light: Optional[str] = None,
    caption: Optional[bool] = None,
    allow_invalid: Optional[bool] = None,
) -> bytes:
    """Every option left ``None`` takes the core's default: level ``"M"``, 8 pixels a module
    (or ``mm`` wide at ``dpi``), a quiet zone of 4, ``"#000000"`` on ``"#ffffff"``, no
    caption, an invalid code refused."""
def qr_svg(
    code: Union[str, bytes],
    *,
    error_correction: Optional[str] = None,
    module_pixels: Optional[int] = None,
    mm: Optional[int] = None,
    dpi: Optional[int] = None,
    quiet_zone: Optional[int] = None,
    dark: Optional[str] = None,
    light: Optional[str] = None,
    caption: Optional[bool] = None,
    allow_invalid: Optional[bool] = None,
) -> str:
    """Every option left ``None`` takes the core's default: level ``"M"``, 8 pixels a module
    (or ``mm`` wide at ``dpi``), a quiet zone of 4, ``"#000000"`` on ``"#ffffff"``, no
    caption, an invalid code refused."""

def scan_json(image: bytes) -> str: ...
def field_names() -> List[str]:
    """The fields a ``BrCode`` reads, the core's registry in its order."""
def build_option_names() -> List[str]:
    """The arguments of ``build``, the core's ``BuildOptions`` members in their order."""
def qr_option_names() -> List[str]:
    """The options of ``qr_png`` and ``qr_svg``, the core's ``TextOptions`` members."""

_Verdicts = Tuple[bytes, bytes, bytes, bytes, List[str]]

def validate_list(
    codes: Sequence[Union[str, bytes, None]], profile: str = "pix"
) -> Tuple[List[Optional[bool]], List[Optional[str]]]: ...
def validate_arrow(
    offsets: bytes,
    data: bytes,
    validity: Optional[bytes],
    offset: int,
    length: int,
    large: bool,
    profile: str = "pix",
) -> _Verdicts: ...

class Resolver:
    """Resolves dynamic codes over HTTPS, synchronously (the GIL is released while it
    waits): fetches the location, verifies its JWS against this resolver's own trust anchors,
    reads the cob / cobv / rec charge and says whether it is payable. One resolver keeps its
    JWK Set cache between calls. Every argument left ``None`` takes the core's default."""

    def __init__(
        self,
        *,
        ca_pem: Union[str, bytes, Sequence[Union[str, bytes]], None] = None,
        default_roots: Optional[bool] = None,
        resolve: Optional[Mapping[str, str]] = None,
        timeout: Optional[float] = None,
    ) -> None: ...
    def resolve(
        self,
        code: str,
        *,
        date: Optional[str] = None,
        cod_mun: Optional[str] = None,
        holidays: Optional[Sequence[str]] = None,
        at: Optional[str] = None,
    ) -> Dict[str, Any]:
        """The resolution: exactly the object ``pixcode resolve --json`` prints."""

def resolve(
    code: str,
    *,
    ca_pem: Union[str, bytes, Sequence[Union[str, bytes]], None] = None,
    default_roots: Optional[bool] = None,
    resolve: Optional[Mapping[str, str]] = None,
    timeout: Optional[float] = None,
    date: Optional[str] = None,
    cod_mun: Optional[str] = None,
    holidays: Optional[Sequence[str]] = None,
    at: Optional[str] = None,
) -> Dict[str, Any]:
    """``Resolver(...).resolve(code, ...)`` with a fresh resolver."""
def resolve_option_names() -> Tuple[List[str], List[str]]: ...
