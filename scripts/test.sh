#!/usr/bin/env bash
# Runs the whole test suite from a clean clone on Debian with the .NET 10 SDK.
# Installs what the tests need when it is missing: gcc (the tests compile a fake libnvidia-ml.so.1 from C).
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v gcc >/dev/null 2>&1 || need+=(gcc libc6-dev)
if [ ${#need[@]} -gt 0 ]; then
  echo "Installing test prerequisites: ${need[*]}" >&2
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${need[@]}"
fi

dotnet build CarbonScope.slnx -c Release
dotnet test CarbonScope.slnx -c Release --no-build "$@"
