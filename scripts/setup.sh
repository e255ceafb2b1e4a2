#!/usr/bin/env bash
# One-time set-up: a virtual environment with the CPU build of torch and the project.
#   bash scripts/setup.sh          # runtime + dev (tests) dependencies
#   SETUP_BROWSER=1 bash scripts/setup.sh   # also Debian's Chromium for the browser test
# Re-running is cheap: it reinstalls only when pyproject.toml changed.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3.11}
command -v "$PYTHON" >/dev/null 2>&1 || PYTHON=python3
VENV=${VENV:-.venv}

if [ ! -x "$VENV/bin/python" ]; then
    echo "==> creating $VENV with $($PYTHON --version)"
    "$PYTHON" -m venv "$VENV"
fi

stamp="$VENV/.installed-$(sha256sum pyproject.toml | cut -c1-16)"
if [ ! -f "$stamp" ]; then
    # torch is pinned to the CPU build (2.13.0): a bare `torch` would pull a multi-GB CUDA
    # build. Prefer a local wheel folder when the machine has one, else PyTorch's CPU index.
    pip_args=()
    if [ -d /opt/wheels ]; then
        pip_args+=(--find-links /opt/wheels)
    else
        pip_args+=(--extra-index-url https://download.pytorch.org/whl/cpu)
    fi
    echo "==> installing dependencies (CPU torch) into $VENV"
    "$VENV/bin/python" -m pip install --quiet --upgrade pip
    "$VENV/bin/python" -m pip install --quiet "${pip_args[@]}" "torch==2.13.0"
    "$VENV/bin/python" -m pip install --quiet "${pip_args[@]}" -e ".[dev]"
    rm -f "$VENV"/.installed-*
    touch "$stamp"
fi

if [ "${SETUP_BROWSER:-0}" = 1 ] && { [ ! -x /usr/bin/chromium ] || ! fc-list 2>/dev/null | grep -qi "noto.*cjk"; }; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "==> installing Debian's chromium for the browser test"
        (apt-get install -y -qq chromium fonts-noto-cjk >/dev/null 2>&1 ||
            { apt-get update -qq && apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; }) ||
            echo "warning: could not install chromium; the browser test will be skipped"
    else
        echo "note: run 'sudo apt-get install chromium' to enable the browser test"
    fi
fi
