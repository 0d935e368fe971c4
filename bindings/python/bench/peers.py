"""pixcode's Python binding next to the Python Pix libraries, same process, same input.

    python bench/peers.py PEERS_DIR

PEERS_DIR holds `brcode/` and `stark/`, each a `pip install --target` of `brcode` and
`starkbank-brcode` (both install a package named `brcode`, so they are loaded one after the
other); `pixcanvas` and `pixcode` come from the environment. `bench/run.sh` does all of it.
Each figure is the best of 5 runs of a loop, in microseconds a call.
"""

import importlib
import sys
import time
from decimal import Decimal

import pixcode

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
WRONG_CRC = STATIC[:-4] + "0000"


def load(directory, name):
    """Imports package `name` from `directory`, then forgets it so another can take the name."""
    sys.path.insert(0, directory)
    try:
        mods = {m: importlib.import_module(m) for m in name}
    finally:
        sys.path.pop(0)
        for m in [m for m in sys.modules if m == "brcode" or m.startswith("brcode.")]:
            del sys.modules[m]
    return mods


def per_call(f, arg, budget=0.3):
    n = 1
    while True:
        t = time.perf_counter()
        for _ in range(n):
            f(arg)
        if time.perf_counter() - t > 0.05:
            break
        n *= 4
    n = max(1, int(n * budget / 0.05 / 5))
    best = float("inf")
    for _ in range(5):
        t = time.perf_counter()
        for _ in range(n):
            f(arg)
        best = min(best, (time.perf_counter() - t) / n)
    return best * 1e6


def accepts(f, code):
    try:
        f(code)
        return True
    except Exception:
        return False


def main():
    peers_dir = sys.argv[1]
    b = load(f"{peers_dir}/brcode", ["brcode.brcode"])["brcode.brcode"]
    s = load(f"{peers_dir}/stark", ["brcode.utils.brcodeId", "brcode.static"])
    import pixcanvas

    decoders = {
        "pixcode.decode": pixcode.decode,
        "pixcode.is_valid": pixcode.is_valid,
        "brcode (PyPI) QR": b.QR,
        "starkbank-brcode jsonFromBrcode": s["brcode.utils.brcodeId"].jsonFromBrcode,
        "pixcanvas parse_pix": pixcanvas.parse_pix,
    }
    print("| decode | static µs | dynamic µs | non-ASCII µs | wrong CRC |")
    print("|---|---|---|---|---|")
    figures = {}
    for name, f in decoders.items():
        row = []
        for code in (STATIC, DYNAMIC, NON_ASCII):
            if accepts(f, code):
                row.append(per_call(f, code))
            else:
                row.append(None)
        figures[name] = row
        wrong = "accepts" if (f is pixcode.is_valid and f(WRONG_CRC)) or (
            f is not pixcode.is_valid and accepts(f, WRONG_CRC)) else "refuses"
        cells = " | ".join("fails" if x is None else f"{x:.2f}" for x in row)
        print(f"| {name} | {cells} | {wrong} |")

    codes = [STATIC, DYNAMIC, NON_ASCII, WRONG_CRC] * 25_000
    t = min(_timed(lambda: pixcode.validate_many(codes)) for _ in range(3))
    print(f"\nvalidate_many, list of {len(codes)}: {t / len(codes) * 1e6:.3f} µs a code, "
          f"{len(codes) / t / 1e6:.2f} M codes/s")
    try:
        import pyarrow as pa

        arr = pa.array(codes)
        t = min(_timed(lambda: pixcode.validate_many(arr)) for _ in range(3))
        print(f"validate_many, Arrow array of {len(codes)}: {t / len(codes) * 1e6:.3f} µs a code, "
              f"{len(codes) / t / 1e6:.2f} M codes/s")
    except ImportError:
        pass

    builders = {
        "pixcode.build": lambda _: pixcode.build(
            "Fulano de Tal", "BRASILIA", key="12345678909", amount=Decimal("10.00"), txid="PEDIDO42"),
        "starkbank-brcode static.fromJson": lambda _: s["brcode.static"].fromJson(
            {"key": "12345678909", "amount": 1000, "name": "Fulano de Tal", "city": "BRASILIA",
             "txid": "PEDIDO42"}),
        "pixcanvas create_static_pix": lambda _: pixcanvas.create_static_pix(
            pix_key="12345678909", merchant_name="Fulano de Tal", merchant_city="BRASILIA",
            amount=Decimal("10.00"), txid="PEDIDO42"),
    }
    print("\n| build static | µs |")
    print("|---|---|")
    for name, f in builders.items():
        try:
            print(f"| {name} | {per_call(f, None):.2f} |")
        except Exception as e:  # a peer's API differs: say so, do not hide it
            print(f"| {name} | fails: {type(e).__name__}: {e} |")

    fastest_checking = min(
        (v[0] for k, v in figures.items() if k == "pixcanvas parse_pix" and v[0]), default=None)
    if fastest_checking:
        print(f"\npixcode.decode against the fastest peer that checks the CRC (pixcanvas): "
              f"{fastest_checking / figures['pixcode.decode'][0]:.0f}x on the static code; "
              f"{1 / figures['pixcode.decode'][0]:.2f} M decodes/s")


def _timed(f):
    t = time.perf_counter()
    f()
    return time.perf_counter() - t


if __name__ == "__main__":
    main()
