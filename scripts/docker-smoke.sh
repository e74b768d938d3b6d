#!/usr/bin/env bash
# The container smoke test (docs/deploy.md, "Smoke test"): builds the image, starts compose.yaml (the app,
# PostgreSQL and Redis) with one command, and checks what a council's IT team would: the app becomes healthy,
# runs as a non-root user, creates and joins a board, keeps it across a restart of the app, PostgreSQL can be
# backed up with pg_dump, and the app stops cleanly on SIGTERM. Everything it starts is removed at the end.
#
# Needs a Docker engine with compose v2. Without an engine it says SKIPPED and runs scripts/runtime-rehearsal.sh
# (the runtime stage's files, user and environment, without containers); without compose it says SKIPPED.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! docker info >/dev/null 2>&1; then
	echo "SKIPPED: container smoke test: no Docker engine here (docker info failed); rehearsing the image's runtime stage instead"
	exec bash scripts/runtime-rehearsal.sh
fi
if ! docker compose version >/dev/null 2>&1; then
	echo "SKIPPED: container smoke test: docker compose v2 is not installed"
	exit 0
fi

project="convene-smoke-$$"
port="${SMOKE_PORT:-38080}"
base="http://127.0.0.1:${port}"
POSTGRES_PASSWORD="$(node -e "console.log(require('node:crypto').randomBytes(18).toString('hex'))")"
export POSTGRES_PASSWORD CONVENE_PORT="$port" PUBLIC_URL="http://localhost:${port}"
compose() { docker compose -p "$project" -f compose.yaml "$@"; }
json() { node -e "let s='';process.stdin.on('data',(c)=>s+=c).on('end',()=>{const v=JSON.parse(s)$1;console.log(v)})"; }
fail() {
	echo "FAILED: $*" >&2
	compose logs --no-color --tail 80 app >&2 || true
	exit 1
}
dump="$(mktemp)"
trap 'compose down -v --remove-orphans >/dev/null 2>&1 || true; rm -f "$dump"' EXIT

echo "== docker compose up --build --wait (app, db, redis)"
compose up -d --build --wait --wait-timeout 240 || fail "the stack did not become healthy"
[ "$(docker inspect --format '{{.State.Health.Status}}' "$(compose ps -q app)")" = healthy ] || fail "the app's HEALTHCHECK is not healthy"
[ "$(compose exec -T app id -u)" != 0 ] || fail "the app runs as root"

echo "== /healthz, create a board, join it"
curl -fsS "$base/healthz" | json '.ok' | grep -qx true || fail "/healthz"
board="$(curl -fsS -X POST -H 'content-type: application/json' -d '{"title":"Smoke test"}' "$base/api/boards")" || fail "create a board"
id="$(echo "$board" | json '.id')"
token="$(echo "$board" | json '.links.facilitator' | sed 's/.*token=//')"
join() { curl -fsS -X POST -H 'content-type: application/json' -d "{\"token\":\"$token\",\"name\":\"Smoke\"}" "$base/api/boards/$id/join"; }
[ "$(join | json '.role')" = facilitator ] || fail "join the board"

echo "== restart the app: the board is still there (PostgreSQL)"
compose restart app >/dev/null
compose up -d --wait --wait-timeout 120 app >/dev/null || fail "the app did not become healthy after a restart"
[ "$(join | json '.role')" = facilitator ] || fail "the board did not survive a restart"

echo "== back up PostgreSQL from the db container"
compose exec -T db pg_dump -U convene --format=custom convene >"$dump" || fail "pg_dump"
compose exec -T db pg_restore --list <"$dump" | grep -q 'TABLE public boards' || fail "the backup holds no boards table"

echo "== stop: SIGTERM saves every open board and exits 0"
compose stop app >/dev/null
[ "$(docker inspect --format '{{.State.ExitCode}}' "$(compose ps -a -q app)")" = 0 ] || fail "the app did not exit cleanly"

echo "container smoke test: passed"
