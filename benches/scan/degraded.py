"""Pix codes rendered by a third-party generator (segno) under degradations, read by pixcode
and by zxing-cpp in the same run: the table in BENCHMARKS.md ("Reading degraded Pix codes").

    python3 -m venv /tmp/scan-env && /tmp/scan-env/bin/pip install segno pillow zxing-cpp
    cargo build --release --features cli
    /tmp/scan-env/bin/python benches/scan/degraded.py target/release/pixcode [N]

Fixed seed; N codes per degradation (50 by default), the first valid Pix codes of the corpus.
"""
import io, json, os, random, subprocess, sys, tempfile

import segno
import zxingcpp
from PIL import Image, ImageFilter, ImageOps

HERE = os.path.dirname(os.path.abspath(__file__))
BIN = sys.argv[1]
N = int(sys.argv[2]) if len(sys.argv) > 2 else 50


def codes():
    out = []
    for line in open(os.path.join(HERE, "../../corpus/real-codes.jsonl"), encoding="utf-8"):
        r = json.loads(line)
        p = r["payload"]
        if r.get("scheme") == "pix":
            out.append(p)
    return out[:N]


def render(text, scale):
    buf = io.BytesIO()
    segno.make(text, error="m", micro=False).save(buf, kind="png", scale=scale, border=4)
    return Image.open(io.BytesIO(buf.getvalue())).convert("L")


def noise(img, rng, sigma):
    px = img.load()
    w, h = img.size
    for y in range(h):
        for x in range(w):
            px[x, y] = max(0, min(255, int(px[x, y] + rng.gauss(0, sigma))))
    return img


def gradient(img, lo, hi):
    w, h = img.size
    px = img.load()
    for y in range(h):
        for x in range(w):
            f = lo + (hi - lo) * (x + y) / (w + h)
            px[x, y] = int(px[x, y] * f)
    return img


def perspective(img, rng, amount):
    w, h = img.size
    d = lambda: rng.uniform(0, amount) * w
    coeffs = find_coeffs([(d(), d()), (w - d(), d()), (w - d(), h - d()), (d(), h - d())],
                         [(0, 0), (w, 0), (w, h), (0, h)])
    return img.transform((w, h), Image.PERSPECTIVE, coeffs, Image.BICUBIC, fillcolor=255)


def find_coeffs(pa, pb):
    # Solve the 8 perspective coefficients (PIL's convention) by Gaussian elimination.
    m = []
    for (x, y), (X, Y) in zip(pa, pb):
        m.append([X, Y, 1, 0, 0, 0, -x * X, -x * Y, x])
        m.append([0, 0, 0, X, Y, 1, -y * X, -y * Y, y])
    for i in range(8):
        p = max(range(i, 8), key=lambda r: abs(m[r][i]))
        m[i], m[p] = m[p], m[i]
        for r in range(8):
            if r != i:
                f = m[r][i] / m[i][i]
                m[r] = [a - f * b for a, b in zip(m[r], m[i])]
    return [m[i][8] / m[i][i] for i in range(8)]


def jpeg(img, q):
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=q)
    return Image.open(io.BytesIO(buf.getvalue())).convert("L")


def on_card(img, bg, pad):
    w, h = img.size
    card = Image.new("L", (w + 2 * pad, h + 2 * pad), bg)
    card.paste(img, (pad, pad))
    return card


DEGRADATIONS = {
    "clean": lambda t, r: render(t, 8),
    "dark-mode screenshot": lambda t, r: on_card(ImageOps.invert(render(t, 6)), 30, 200),
    "inverted": lambda t, r: ImageOps.invert(render(t, 5)),
    "1.5 px a module": lambda t, r: render(t, 3).resize((lambda s: (s[0] // 2, s[1] // 2))(render(t, 3).size), Image.BILINEAR),
    "2 px a module": lambda t, r: render(t, 2),
    "heavy noise": lambda t, r: noise(render(t, 5), r, 45),
    "motion blur": lambda t, r: render(t, 6).filter(ImageFilter.BoxBlur(0)).filter(
        ImageFilter.Kernel((5, 5), [0] * 10 + [1] * 5 + [0] * 10, 5)),
    "gaussian blur": lambda t, r: render(t, 6).filter(ImageFilter.GaussianBlur(2.2)),
    "uneven lighting": lambda t, r: gradient(render(t, 6), 0.25, 1.0),
    "receipt photo": lambda t, r: noise(perspective(on_card(render(t, 5).point(lambda v: 70 if v < 128 else 190), 185, 60)
                                                    .rotate(r.uniform(-12, 12), expand=True, fillcolor=185), r, 0.08)
                                        .filter(ImageFilter.GaussianBlur(1.0)), r, 12),
    "rotated 30°": lambda t, r: render(t, 5).rotate(30, expand=True, fillcolor=255),
    "perspective": lambda t, r: perspective(on_card(render(t, 5), 255, 40), r, 0.15),
    "JPEG quality 15": lambda t, r: jpeg(render(t, 4), 15),
    "low contrast": lambda t, r: render(t, 6).point(lambda v: 95 if v < 128 else 150),
}


def pixcode_reads(path, text):
    out = subprocess.run([BIN, "decode", "--json", "--image", path], capture_output=True, text=True).stdout
    return any(json.loads(l).get("text") == text for l in out.splitlines() if l.strip())


def zxing_reads(img, text):
    return any(r.text == text for r in zxingcpp.read_barcodes(img, formats=zxingcpp.BarcodeFormat.QRCode))


def main():
    rng = random.Random(20261203)
    texts = codes()
    rows = []
    with tempfile.TemporaryDirectory() as d:
        for name, make in DEGRADATIONS.items():
            p = z = 0
            for i, t in enumerate(texts):
                img = make(t, rng)
                path = os.path.join(d, f"{i}.png")
                img.save(path)
                p += pixcode_reads(path, t)
                z += zxing_reads(img, t)
            rows.append((name, p, z))
            print(f"| {name} | {p} | {z} |", flush=True)
    tp, tz = sum(r[1] for r in rows), sum(r[2] for r in rows)
    print(f"| **all {len(rows) * len(texts)}** | **{tp}** | **{tz}** | ({100 * tp / max(tz, 1):.0f} %)")


main()
