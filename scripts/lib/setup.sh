# Shared by scripts/nos, scripts/test and scripts/bench: install what nos needs, build it.
# Source it; it defines nos_setup and nos_build_release.

NOS_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# openmpi-bin (with libopenmpi3) is for `mpirun -n K nos`: libmpi is dlopen'ed, not linked.
NOS_PACKAGES=(libopenblas-dev libfftw3-dev liblapacke-dev libreadline-dev gnuplot-nox zlib1g-dev
  libhdf5-dev libzmq3-dev libssl-dev openmpi-bin)

nos_log() { printf '\033[2m[nos] %s\033[0m\n' "$*" >&2; }

# Installs the Debian packages that are missing (only those), with sudo when not root.
nos_setup() {
  local missing=()
  for p in "${NOS_PACKAGES[@]}"; do
    dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
  done
  if ((${#missing[@]})); then
    local sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    nos_log "installing ${missing[*]}"
    $sudo apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
      "${missing[@]}" >&2
  fi
  if ! command -v swift >/dev/null 2>&1; then
    echo "nos needs Swift 6 (https://www.swift.org/install/linux/); 'swift' is not on PATH" >&2
    exit 1
  fi
}

# Records the git commit for `nos --version` in Sources/CBuildInfo/nos_commit.h (ignored by
# git), rewriting it only when it changed so an unchanged tree is not rebuilt.
nos_record_commit() {
  local commit header="$NOS_ROOT/Sources/CBuildInfo/nos_commit.h"
  commit=$(git -C "$NOS_ROOT" describe --always --dirty --abbrev=12 --exclude '*' 2>/dev/null \
    || echo unknown)
  local text="#define NOS_COMMIT \"$commit\""
  [ -f "$header" ] && [ "$(cat "$header")" = "$text" ] && return 0
  printf '%s\n' "$text" > "$header"
}

# Builds a release product when any source is newer than it. $1: product name.
nos_build_release() {
  local product="$1" bin="$NOS_ROOT/.build/release/$1"
  nos_record_commit
  if [ -x "$bin" ] && [ -z "$(find "$NOS_ROOT/Sources" "$NOS_ROOT/Package.swift" -newer "$bin" -print -quit)" ]; then
    return 0
  fi
  nos_log "building $product (release)"
  (cd "$NOS_ROOT" && swift build -c release --product "$product" >&2) || exit 1
  touch "$bin"
}
