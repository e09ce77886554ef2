#!/usr/bin/env bash
# Writes the pair's shared key ring (one key, 32 random bytes) to deploy/secrets/keys.
set -euo pipefail
cd "$(dirname "$0")"
umask 077
printf 'k1 %s\n' "$(head -c 32 /dev/urandom | base64)" > keys
echo "wrote $(pwd)/keys"
