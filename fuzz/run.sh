#!/usr/bin/env bash
# Runs the fuzz targets: `fuzz/run.sh SECONDS [TARGET...]` (all targets by default).
# Seeds come from corpus/real-codes.jsonl and fuzz/regressions/; new finds stay in
# fuzz/corpus/ (not committed). A crash fails the run and leaves its input in fuzz/artifacts/.
set -euo pipefail
cd "$(dirname "$0")"
secs=${1:-30}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(decode decode_str roundtrip builder crc render scan pdf dynamic text nfc)
for t in "${targets[@]}"; do
  mkdir -p "corpus/$t"
  if [ "$t" = scan ]; then
    # Images: the rendered examples.
    cp ../docs/*.png "corpus/$t/"
  fi
  if [ "$t" = pdf ]; then
    # Content streams (mode byte 0): squares, a rotated form of them, an inline image.
    printf '\0000 g 10 10 5 5 re 20 10 5 5 re f' > "corpus/$t/squares"
    printf '\000q 3.46 2 -2 3.46 250 300 cm 0 0 1 1 re f Q BT /F1 12 Tf (x) Tj ET' > "corpus/$t/rotated"
    printf '\000q 100 0 0 100 50 50 cm BI /W 4 /H 4 /CS /G /BPC 8 ID 0123456789abcdef EI Q' > "corpus/$t/inline"
    # A whole file (mode byte 1), after the header the target adds.
    printf '\001%s' "$(tail -c +10 ../tests/data/vector-code.pdf | head -c 3000)" > "corpus/$t/file"
  fi
  if [ "$t" = nfc ]; then
    # A URI (mode byte 1) and its NDEF message (mode byte 0).
    printf '\001pix://pix.example.com?qr=00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR5913Fulano%%20de%%20Tal6008BRASILIA62070503%%2A%%2A%%2A63041D3D&sig=x' > "corpus/$t/uri"
    printf '\000\321\001\025U\000pix://h.example?qr=1' > "corpus/$t/ndef"
  fi
  if [ "$t" = dynamic ] || [ "$t" = text ]; then
    # BCB's example responses: each JWS and its decoded payload.
    python3 - "$t" <<'PY'
import base64, json, os, sys
t = sys.argv[1]
d = json.load(open("../corpus/dynamic/bcb-location-examples.json", encoding="utf-8"))
for e in d["examples"]:
    jws = e["jws"]
    open(os.path.join("corpus", t, "jws-" + e["name"]), "w").write(jws)
    p = jws.split(".")[1]
    open(os.path.join("corpus", t, "payload-" + e["name"]), "wb").write(base64.urlsafe_b64decode(p + "=" * (-len(p) % 4)))
PY
  fi
  # One seed file per corpus payload, named by its id (not for PDFs: a page a run is slow).
  [ "$t" = pdf ] || python3 - "$t" <<'PY'
import json, sys, os
t = sys.argv[1]
for line in open("../corpus/real-codes.jsonl", encoding="utf-8"):
    r = json.loads(line)
    with open(os.path.join("corpus", t, r["id"]), "w", encoding="utf-8") as f:
        f.write(r["payload"])
PY
  if [ -d "regressions" ]; then cp regressions/* "corpus/$t/" 2>/dev/null || true; fi
  echo "== fuzz $t for ${secs}s"
  cargo +nightly fuzz run "$t" "corpus/$t" -- -dict=emv.dict -max_total_time="$secs" -max_len=4096 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1
done
