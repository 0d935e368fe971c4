#!/usr/bin/env bash
# Runs the fuzz targets: `fuzz/run.sh SECONDS [TARGET...]` (all targets by default).
# Seeds come from corpus/real-codes.jsonl and fuzz/regressions/; new finds stay in
# fuzz/corpus/ (not committed). A crash fails the run and leaves its input in fuzz/artifacts/.
set -euo pipefail
cd "$(dirname "$0")"
secs=${1:-30}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(decode decode_str roundtrip builder crc render scan dynamic text)
for t in "${targets[@]}"; do
  mkdir -p "corpus/$t"
  if [ "$t" = scan ]; then
    # Images: the rendered examples.
    cp ../docs/*.png "corpus/$t/"
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
  # One seed file per corpus payload, named by its id.
  python3 - "$t" <<'PY'
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
