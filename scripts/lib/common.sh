# Shared by ./recorder and scripts/*: messages, Debian packages, the Maven build. Source it; do not run it.

RR_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)

# Debian packages, by what needs them. Every system package the project uses is listed here and installed by
# ensure_packages, so a fresh Debian machine needs nothing but this repository.
RR_BUILD_PACKAGES=(openjdk-17-jdk-headless maven)
# The worker: FFmpeg encodes and muxes, webrtc-java's native library links libpulse (no sound server needed),
# setpriv (util-linux) starts it without the right to real-time priority when run as root.
RR_MEDIA_PACKAGES=(ffmpeg libpulse0 util-linux)
# The demo and the end-to-end tests: their own network namespace, a real Janus.
RR_DEMO_PACKAGES=(iproute2 janus)
# The end-to-end tests also publish from headless Chromium through Janus's own JavaScript client.
RR_TEST_PACKAGES=("${RR_DEMO_PACKAGES[@]}" chromium libjs-janus-gateway libjs-webrtc-adapter)

say() { printf 'room-recorder: %s\n' "$*" >&2; }

# Maven, quiet, to stderr, without the colour resets Debian's Maven prints even in batch mode; keeps its status.
quiet_mvn() {
  local status
  set -o pipefail
  mvn -q -B -ntp "$@" 2>&1 | sed -u 's/\x1b\[0m//g' >&2
  status=$?
  return $status
}
die() { say "error: $*"; exit 1; }

# Installs whichever of the given Debian packages are missing; says what it installs; does nothing if none are.
ensure_packages() {
  local missing=() package
  for package in "$@"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
  done
  ((${#missing[@]})) || return 0
  [ "$(id -u)" = 0 ] || die "missing Debian packages: ${missing[*]}; install them with: sudo apt-get install ${missing[*]}"
  say "installing Debian packages: ${missing[*]}"
  if [ -z "${RR_APT_UPDATED:-}" ]; then
    apt-get update -q >&2 || die "apt-get update failed"
    RR_APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >&2 \
    || die "apt-get install ${missing[*]} failed"
}

# Builds a module's jar and what it depends on (tests skipped), unless it is newer than every pom and main
# source file of the project. Usage: ensure_build MODULE, for example ensure_build recorder-worker/service.
ensure_build() {
  local module=$1 stamp="$RR_ROOT/target/.rr-built-${1//\//-}"
  if [ -f "$stamp" ] && [ -z "$(find "$RR_ROOT" -path "$RR_ROOT/.git" -prune -o \
      \( -name pom.xml -o -path '*/src/main/*' \) -newer "$stamp" -print -quit)" ]; then
    return 0
  fi
  ensure_packages "${RR_BUILD_PACKAGES[@]}"
  say "building $module with Maven (tests skipped; the first build downloads dependencies)"
  (cd "$RR_ROOT" && quiet_mvn -DskipTests -pl "$module" -am install) \
    || die "the build failed; run 'mvn -DskipTests -pl $module -am install' to see why"
  mkdir -p "$RR_ROOT/target" && touch "$stamp"
}

# Prints the class path of a module's dependencies in SCOPE (runtime or test), resolved once per build of the module.
# Usage: dependency_classpath MODULE SCOPE, after ensure_build MODULE.
dependency_classpath() {
  local module=$1 scope=$2 out="$RR_ROOT/target/classpath-${1//\//-}-$2"
  if [ ! -f "$out" ] || [ "$RR_ROOT/target/.rr-built-${module//\//-}" -nt "$out" ]; then
    (cd "$RR_ROOT" && quiet_mvn -pl "$module" dependency:build-classpath \
      -Dmdep.includeScope="$scope" -Dmdep.outputFile="$out") || die "could not resolve the class path of $module"
  fi
  cat "$out"
}
