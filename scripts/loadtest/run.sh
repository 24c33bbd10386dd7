#!/usr/bin/env bash
# Load test: the portal under gunicorn (4 workers, 127.0.0.1:8090) with a real
# Celery worker, on a fresh PostgreSQL database and Redis. Two locust phases
# against the same server, one after the other: the minimal POST (a ModelForm
# saving one row, scripts/minimal_post.py, mounted by scripts/loadtest/urls.py),
# then the journey mix (providers sending offers, commissioners reading them);
# 50 users for 60 seconds each, no think time (see locustfile.py). check.py
# then compares the offers locust sent with the database and the outbox's
# emails, and prints both phases' requests/s and their ratio (rates.py).
# Needs PostgreSQL (127.0.0.1:5432, user postgres) and Redis (127.0.0.1:6379)
# running, and locust (the "load" extra: .venv/bin/pip install -e '.[load]').
# Usage: scripts/loadtest/run.sh
# Environment: LOADTEST_USERS (50), LOADTEST_SPAWN_RATE (10), LOADTEST_TIME (60s)
# for the journey mix; LOADTEST_MINIMAL_USERS and LOADTEST_MINIMAL_TIME for the
# minimal POST (the journey's by default: compare like with like);
# LOADTEST_THINK (0; 1 for realistic pauses in both phases); where it runs, so
# that two runs on one machine do not collide:
# LOADTEST_DB (the PostgreSQL database, dropped and made anew: leicester_sl_load),
# LOADTEST_PG (the server, postgres://postgres@127.0.0.1:5432), LOADTEST_REDIS
# (redis://127.0.0.1:6379), LOADTEST_BROKER_DB (2) and LOADTEST_CACHE_DB (3)
# (Redis database numbers, emptied), LOADTEST_PORT (gunicorn's, 8090).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
ROOT="$PWD"
PY="$ROOT/.venv/bin"
[ -x "$PY/locust" ] || "$PY/python" -m pip install --quiet -e ".[load]"

TMP="$(mktemp -d /tmp/leicester-sl-load.XXXXXX)"
mkdir -p "$TMP/mail" "$TMP/var" "$TMP/media"
DB="${LOADTEST_DB:-leicester_sl_load}"
PG="${LOADTEST_PG:-postgres://postgres@127.0.0.1:5432}"
REDIS="${LOADTEST_REDIS:-redis://127.0.0.1:6379}"
BROKER_DB="${LOADTEST_BROKER_DB:-2}"
CACHE_DB="${LOADTEST_CACHE_DB:-3}"
PORT="${LOADTEST_PORT:-8090}"
USERS="${LOADTEST_USERS:-50}"
SPAWN_RATE="${LOADTEST_SPAWN_RATE:-10}"
TIME="${LOADTEST_TIME:-60s}"
MINIMAL_USERS="${LOADTEST_MINIMAL_USERS:-$USERS}"
MINIMAL_TIME="${LOADTEST_MINIMAL_TIME:-$TIME}"
export LOADTEST_THINK="${LOADTEST_THINK:-0}"
export PYTHONPATH="$ROOT"
export DJANGO_SETTINGS_MODULE=scripts.loadtest.settings
export DJANGO_DEBUG=false
export DJANGO_SECRET_KEY="load-test-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
export DATABASE_URL="$PG/$DB"
export CELERY_BROKER_URL="$REDIS/$BROKER_DB"
export CACHE_URL="$REDIS/$CACHE_DB"
export EMAIL_URL=filemail://
export EMAIL_FILE_PATH="$TMP/mail"
export LEICESTER_SL_VAR_DIR="$TMP/var"
export DJANGO_MEDIA_ROOT="$TMP/media"
export LOG_LEVEL=WARNING
export LOADTEST_USERNAME=loadtest-commissioner
export LOADTEST_PASSWORD="load-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
export LOADTEST_REFERENCES="$TMP/references.txt"
export LOADTEST_MAIL_DIR="$TMP/mail"
export LOADTEST_LOCUST_CSV="$TMP/journey"
export LOADTEST_MINIMAL_CSV="$TMP/minimal"
: > "$LOADTEST_REFERENCES"
echo "load test folder: $TMP"

GUNICORN_PID=""
CELERY_PID=""
stop() {
  # Only the processes started here, by their ids.
  if [ -n "$GUNICORN_PID" ] && kill -0 "$GUNICORN_PID" 2>/dev/null; then
    kill -TERM "$GUNICORN_PID"; wait "$GUNICORN_PID" 2>/dev/null || true
  fi
  GUNICORN_PID=""
  if [ -n "$CELERY_PID" ] && kill -0 "$CELERY_PID" 2>/dev/null; then
    kill -TERM "$CELERY_PID"; wait "$CELERY_PID" 2>/dev/null || true
  fi
  CELERY_PID=""
}
trap stop EXIT

echo "== fresh database $DB, Redis db $BROKER_DB (broker) and $CACHE_DB (cache) =="
psql -q -d "$PG/postgres" -c "DROP DATABASE IF EXISTS \"$DB\" WITH (FORCE)"
psql -q -d "$PG/postgres" -c "CREATE DATABASE \"$DB\""
redis-cli -u "$REDIS/$BROKER_DB" FLUSHDB >/dev/null
redis-cli -u "$REDIS/$CACHE_DB" FLUSHDB >/dev/null
"$PY/python" manage.py migrate --verbosity 0
"$PY/python" manage.py loaddata strategy --verbosity 0
"$PY/python" manage.py shell -c "
import os
from django.contrib.auth import get_user_model
from eoi.roles import COMMISSIONERS, roles_sync
user = get_user_model().objects.create_user(
    username=os.environ['LOADTEST_USERNAME'], password=os.environ['LOADTEST_PASSWORD'],
    is_staff=True, first_name='Load')
user.groups.add(roles_sync()[COMMISSIONERS])
"

echo "== gunicorn (4 workers, 127.0.0.1:$PORT) and a Celery worker =="
"$PY/gunicorn" leicester_sl.wsgi:application --workers 4 --bind "127.0.0.1:$PORT" \
  --log-level warning --error-logfile "$TMP/gunicorn.log" &
GUNICORN_PID=$!
"$PY/celery" -A leicester_sl worker --concurrency 2 --loglevel WARNING \
  --logfile "$TMP/celery.log" &
CELERY_PID=$!
for _ in $(seq 60); do
  curl -fs -o /dev/null "http://127.0.0.1:$PORT/healthz" && break
  sleep 0.5
done
curl -fs -o /dev/null "http://127.0.0.1:$PORT/healthz"

# --stop-timeout: at the time limit each user finishes the journey (or page)
# it is on instead of being cut off mid-request, which would leave offers the
# server saved but locust never saw answered. Without think time a saturated
# server answers in seconds, so a journey can outlast the limit by a minute
# or more: hence 240 s (rates.py leaves that tail out). The minimal POST runs first, so
# that the journey's emails, sent by the worker, fall in the journey's phase.
# The load average (uptime) is printed around each phase: the machine may be
# shared, and everything here (locust too) shares its cores.
# The CPU seconds gunicorn and the Celery worker have used (their children
# too): what the portal itself costs, whatever else the machine is running.
cpu_of() {  # the CPU seconds a process and its children have used
  local pid ticks=0
  for pid in "$1" $(ps -o pid= --ppid "$1"); do
    # utime + stime, fields 14 and 15 of /proc/<pid>/stat, in clock ticks
    ticks=$(( ticks + $(awk '{ print $14 + $15 }' "/proc/$pid/stat" 2>/dev/null || echo 0) ))
  done
  awk -v ticks="$ticks" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.2f\n", ticks / hz }'
}
portal_cpu() {
  awk -v web="$(cpu_of "$GUNICORN_PID")" -v worker="$(cpu_of "$CELERY_PID")" \
    'BEGIN { printf "%.2f %.2f\n", web, worker }'
}
phase() {  # name, users, time, user classes...
  local name=$1 users=$2 time=$3 cpu_before; shift 3
  echo "== locust, $name: $users users for $time (think time: $LOADTEST_THINK) =="
  echo "load before: $(uptime)"
  cpu_before=$(portal_cpu)
  set +e
  "$PY/locust" -f scripts/loadtest/locustfile.py --host "http://127.0.0.1:$PORT" \
    --headless --only-summary -u "$users" -r "$SPAWN_RATE" -t "$time" --stop-timeout 240 \
    --csv "$TMP/$name" "$@" 2>&1 | tee "$TMP/$name.txt"
  PHASE_RC=${PIPESTATUS[0]}
  set -e
  # web and worker CPU seconds in this phase; rates.py reads their sum.
  read -r web_before worker_before <<< "$cpu_before"
  read -r web_after worker_after <<< "$(portal_cpu)"
  awk -v w1="$web_after" -v w0="$web_before" -v c1="$worker_after" -v c0="$worker_before" \
    'BEGIN { printf "%.2f %.2f\n", w1 - w0, c1 - c0 }' > "$TMP/$name.cpu.parts"
  awk '{ print $1 + $2 }' "$TMP/$name.cpu.parts" > "$TMP/$name.cpu"
  echo "load after: $(uptime)"
  read -r web_cpu worker_cpu < "$TMP/$name.cpu.parts"
  echo "portal CPU ($name): $(cat "$TMP/$name.cpu") s (gunicorn $web_cpu s, Celery worker $worker_cpu s)"
  echo "locust exit code ($name): $PHASE_RC"
}
phase minimal "$MINIMAL_USERS" "$MINIMAL_TIME" MinimalPost
MINIMAL_RC=$PHASE_RC
phase journey "$USERS" "$TIME" Provider Commissioner
LOCUST_RC=$PHASE_RC

echo "== stop gunicorn; let the worker drain, run the sweep once, stop it =="
kill -TERM "$GUNICORN_PID"; wait "$GUNICORN_PID" 2>/dev/null || true
GUNICORN_PID=""
"$PY/python" scripts/loadtest/check.py --drain 120
"$PY/celery" -A leicester_sl call eoi.outbox_sweep >/dev/null
"$PY/python" scripts/loadtest/check.py --drain 120
stop

echo "== accounting =="
set +e
"$PY/python" scripts/loadtest/check.py --locust-rc "$LOCUST_RC" --minimal-rc "$MINIMAL_RC"
RC=$?
echo "files kept in $TMP"
exit $RC
