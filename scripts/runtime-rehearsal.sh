#!/usr/bin/env bash
# The container image's runtime stage, rehearsed without containers (docs/deploy.md, "Smoke test"), for
# machines with no Docker engine. It assembles exactly what the Dockerfile's runtime stage holds, from the
# same commands: the production dependencies alone (`npm ci --omit=dev`, as the `deps` stage), the built app
# and server (`build/`, from `npm run build`, as the `build` stage), package.json and scripts/run-built.mjs,
# all owned by root; then runs `node build/server.js` as an unprivileged user with the image's environment
# and checks what the image promises: the HEALTHCHECK command passes, a board is created and joined, the
# server cannot change its own code, SQLite lives in DATA_DIR, and SIGTERM exits 0 with the board kept.
#
# It does not check the Dockerfile's syntax or the base images: scripts/docker-smoke.sh does, where there is
# an engine. Needs `npm run build` first (npm test builds). Everything it makes is removed at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"

[ -f build/server.js ] || {
	echo "FAILED: runtime rehearsal: no build/server.js (run npm run build first)" >&2
	exit 1
}

work="$(mktemp -d /tmp/convene-runtime-XXXXXX)"
server_pid=""
cleanup() {
	[ -n "$server_pid" ] && kill -9 "$server_pid" 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT
fail() {
	echo "FAILED: runtime rehearsal: $*" >&2
	[ -f "$work/server.log" ] && tail -40 "$work/server.log" >&2
	exit 1
}

echo "== deps stage: npm ci --omit=dev (from the npm cache the main install filled)"
mkdir -p "$work/deps/scripts"
cp package.json package-lock.json "$work/deps/"
cp scripts/prepare.mjs "$work/deps/scripts/"
(cd "$work/deps" && npm ci --omit=dev --no-audit --no-fund --prefer-offline --loglevel=error >/dev/null) || fail "npm ci --omit=dev"

echo "== runtime stage: node_modules (production only), build/, package.json, scripts/run-built.mjs"
app="$work/app"
mkdir -p "$app/scripts" "$work/data"
mv "$work/deps/node_modules" "$app/node_modules"
cp -r build "$app/build"
cp package.json "$app/"
cp scripts/run-built.mjs "$app/scripts/"
for dev in vite @sveltejs/kit svelte tsx vitest playwright-core; do
	[ ! -e "$app/node_modules/$dev" ] || fail "the runtime holds the dev dependency $dev"
done

# The image's user: `node` there, an unprivileged one here. Without root, run as this user and say so.
run_as=()
user_name="$(id -un)"
if [ "$(id -u)" = 0 ]; then
	user_name=nobody
	run_as=(setpriv --reuid="$(id -u nobody)" --regid="$(id -g nobody)" --clear-groups --)
	chmod 755 "$work"
	chown -R root:root "$app"
	chmod -R go-w "$app"
	chown "$(id -u nobody):$(id -g nobody)" "$work/data"
else
	echo "(not root: the server runs as $user_name, and the read-only code check is skipped)"
fi

port="$(node -e "const s=require('node:net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")"
echo "== node build/server.js as $user_name on port $port (NODE_ENV=production, DATA_DIR=$work/data)"
(cd "$app" && exec env -i PATH="$PATH" HOME="$work" NODE_ENV=production PORT="$port" HOST=127.0.0.1 DATA_DIR="$work/data" \
	"${run_as[@]}" node build/server.js >"$work/server.log" 2>&1) &
server_pid=$!

# The Dockerfile's HEALTHCHECK, word for word, until it passes (30 s at most, its start period).
health() {
	env PORT="$port" node -e "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"
}
for _ in $(seq 1 60); do
	health && break
	kill -0 "$server_pid" 2>/dev/null || fail "the server exited at start"
	sleep 0.5
done
health || fail "the HEALTHCHECK did not pass within 30 s"

base="http://127.0.0.1:$port"
json() { node -e "let s='';process.stdin.on('data',(c)=>s+=c).on('end',()=>{const v=JSON.parse(s)$1;console.log(v)})"; }
board="$(curl -fsS -X POST -H 'content-type: application/json' -H "origin: $base" -d '{"title":"Runtime rehearsal"}' "$base/api/boards")" ||
	fail "create a board"
id="$(echo "$board" | json '.id')"
token="$(echo "$board" | json '.links.facilitator' | sed 's/.*token=//')"
join() { curl -fsS -X POST -H 'content-type: application/json' -H "origin: $base" -d "{\"token\":\"$token\",\"name\":\"Rehearsal\"}" "$base/api/boards/$id/join"; }
[ "$(join | json '.role')" = facilitator ] || fail "join the board"
curl -fsS "$base/b/$id" | grep -q '<html' || fail "the board page"

if [ "$(id -u)" = 0 ]; then
	if "${run_as[@]}" touch "$app/build/server.js" 2>/dev/null; then fail "the server's user can change its own code"; fi
fi
ls "$work/data"/*.db >/dev/null 2>&1 || ls "$work/data"/*.sqlite* >/dev/null 2>&1 || fail "no SQLite database in DATA_DIR"

echo "== SIGTERM: every open board saved, exit 0"
kill -TERM "$server_pid"
code=0
wait "$server_pid" || code=$?
server_pid=""
[ "$code" = 0 ] || fail "the server exited $code on SIGTERM"

echo "== restart on the same DATA_DIR: the board is still there"
(cd "$app" && exec env -i PATH="$PATH" HOME="$work" NODE_ENV=production PORT="$port" HOST=127.0.0.1 DATA_DIR="$work/data" \
	"${run_as[@]}" node build/server.js >>"$work/server.log" 2>&1) &
server_pid=$!
for _ in $(seq 1 60); do
	health && break
	sleep 0.5
done
[ "$(join | json '.role')" = facilitator ] || fail "the board did not survive a restart"
kill -TERM "$server_pid"
wait "$server_pid" || fail "the server did not exit 0 on the second SIGTERM"
server_pid=""
cd "$root"
echo "runtime rehearsal: passed"
