#!/usr/bin/env bash
# Makes a fresh clone ready: what `npm start` (and, with --test, `npm test`) needs, installed only when missing.
# Debian packages need root (CI and these machines run as root); elsewhere it says what to install.
set -euo pipefail
cd "$(dirname "$0")/.."

want_test=false
[ "${1:-}" = "--test" ] && want_test=true

debian_packages=()
if $want_test; then
  command -v chromium >/dev/null || debian_packages+=(chromium)
  command -v dcmcjpls >/dev/null || debian_packages+=(dcmtk)
  command -v gdcmconv >/dev/null || debian_packages+=(libgdcm-tools)
  # The second DICOMweb backend the tests run against; without it those tests are skipped, saying so.
  [ -x /usr/sbin/Orthanc ] || debian_packages+=(orthanc)
  dpkg -s orthanc-dicomweb >/dev/null 2>&1 || debian_packages+=(orthanc-dicomweb)
fi
if [ ${#debian_packages[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "setup: installing Debian packages: ${debian_packages[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${debian_packages[@]}" >/dev/null
  else
    echo "setup: please install these Debian packages first: ${debian_packages[*]}" >&2
    exit 1
  fi
fi

# node_modules older than the lock file means dependencies changed since the last install.
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: npm ci"
  npm ci --no-audit --no-fund
fi

# Build when the bundle is missing or older than any source (npm test builds anyway).
if ! $want_test; then
  if [ ! -f dist/server/cli.js ] || [ -n "$(find src rollup.config.js package.json -newer dist/browser/dicom-lightbox.js -print -quit 2>/dev/null)" ]; then
    echo "setup: npm run build"
    npm run build
  fi
fi
