#!/usr/bin/env bash
# pixcode's Python binding next to brcode, starkbank-brcode and pixcanvas, in one process.
# Builds the wheel into a virtualenv under target/ and installs the peers from PyPI.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv target/bench-env
env=target/bench-env/bin
$env/pip install --quiet "maturin>=1.9.4,<2" "pyarrow>=14" pixcanvas
$env/maturin build --release --out target/wheels
$env/pip install --quiet --force-reinstall --no-deps target/wheels/pixcode_rs-*.whl
# brcode and starkbank-brcode both install a package named `brcode`: each in its own folder.
[ -d target/peers/brcode ] || $env/pip install --quiet --target target/peers/brcode brcode
[ -d target/peers/stark ] || $env/pip install --quiet --target target/peers/stark starkbank-brcode
$env/python bench/peers.py target/peers
