#!/usr/bin/env bash
# Kills the container of the active Tandem member (SIGKILL, like a crash) and shows the standby
# taking over. Run from deploy/ after `docker compose up -d`.
set -euo pipefail
active=""
for m in tandem-a tandem-b; do
  if docker compose exec -T "$m" curl -fsS -o /dev/null http://127.0.0.1:9090/api/v1/ready 2>/dev/null; then
    active=$m
  fi
done
if [ -z "$active" ]; then
  echo "failover: no member reports ready" >&2
  exit 1
fi
echo "failover: killing the active member $active"
start=$(date +%s%N)
docker compose kill -s KILL "$active"
for _ in $(seq 1 100); do
  if curl -fsS -o /dev/null http://127.0.0.1:8080/health; then
    echo "failover: the shop answers again after $(( ($(date +%s%N) - start) / 1000000 )) ms"
    exit 0
  fi
  sleep 0.1
done
echo "failover: the shop did not answer within 10 s" >&2
exit 1
