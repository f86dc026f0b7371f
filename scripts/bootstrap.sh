# Sourced by ./run and ./test: a virtual environment with the locked dependencies.
# Reinstalls only when requirements-dev.lock changes, so a second run starts at once.

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

apt_install() {
    if [ -z "${CLOUDCABIN_APT_UPDATED:-}" ]; then
        as_root apt-get update -qq
        export CLOUDCABIN_APT_UPDATED=1
    fi
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "$@" >/dev/null
}

PYTHON=${PYTHON:-python3.11}
command -v "$PYTHON" >/dev/null || PYTHON=python3
if [ ! -x .venv/bin/python ]; then
    echo "==> creating .venv with $($PYTHON --version)"
    if ! "$PYTHON" -m venv .venv 2>/dev/null; then
        # Debian splits venv/ensurepip into its own package.
        rm -rf .venv
        apt_install python3-venv
        "$PYTHON" -m venv .venv
    fi
fi
# Documents are typeset with WenQuanYi Micro Hei: Chinese, Cyrillic and Polish/Czech letters.
if [ ! -f /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ]; then
    echo "==> installing the document font (Debian fonts-wqy-microhei)"
    apt_install fonts-wqy-microhei
fi
# A development machine (./run and ./test) takes the development lock: the runtime lock's
# pins plus the test and lint tools. Production installs requirements.lock alone.
lock_sum=$(sha256sum requirements-dev.lock | cut -d' ' -f1)
if [ "$(cat .venv/.lock-sha256 2>/dev/null)" != "$lock_sum" ]; then
    echo "==> installing locked dependencies"
    .venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
    .venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.lock
    echo "$lock_sum" > .venv/.lock-sha256
fi
export PATH="$PWD/.venv/bin:$PATH"
if [ -f .env ]; then
    set -a
    # shellcheck disable=SC1091
    . ./.env
    set +a
fi
export DEBUG=${DEBUG:-1}
mkdir -p var
