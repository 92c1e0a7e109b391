#!/usr/bin/env bash
# Fuzzes the API from its own OpenAPI document with schemathesis (PyPI), anonymously and with a
# system administrator's token, against a fresh demo: every response must be documented (status,
# content type, schema) and none may be a server error. Bounded: 50 examples per operation and a
# fixed seed, so a run is repeatable and takes about a minute.
#
#   scripts/api-fuzz.sh [path/to/gongkai]      (default: $CARGO_TARGET_DIR/debug/gongkai)
set -euo pipefail
cd "$(dirname "$0")/.."

bin="${1:-${CARGO_TARGET_DIR:-$HOME/.cache/gongkai-target}/debug/gongkai}"
venv="${GONGKAI_SCHEMATHESIS_VENV:-$HOME/.cache/gongkai-schemathesis}"
version=4.32.5
if ! "$venv/bin/st" --version 2>/dev/null | grep -q "$version"; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q "schemathesis==$version"
fi

port=18092
work=$(mktemp -d)
# Rate limits high enough that the fuzzer reaches the logic behind the public forms.
GONGKAI_DATA_DIR="$work/data" GONGKAI_LOG=warn GONGKAI_LOGIN_BURST=100000 \
  GONGKAI_PUBLIC_FORM_BURST=100000 GONGKAI_LOOKUP_BURST=100000 GONGKAI_SEARCH_BURST=100000 \
  "$bin" serve --bind "127.0.0.1:$port" >"$work/serve.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 240); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.25; done

# Schemathesis writes its caches into the working directory; run it in a scratch one, with its
# own configuration (no account sign-up: the API has no self-registration).
printf '[cache]\nenabled = false\n[auth]\nauto-signup = false\n' >"$work/st.toml"
fuzz() {
  local name=$1
  shift
  echo "-- schemathesis: $name"
  (cd "$work" && HYPOTHESIS_STORAGE_DIRECTORY="$work/hypothesis" "$venv/bin/st" \
    --config-file "$work/st.toml" run "http://127.0.0.1:$port/api/v1/openapi.json" \
    --url "http://127.0.0.1:$port" --wait-for-schema 30 \
    --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance \
    --phases examples,coverage,fuzzing --max-examples 50 --seed 42 --request-timeout 20 \
    --generation-database none --workers 1 --no-color "$@")
}

fuzz anonymous
token=$(curl -fs -X POST -H 'content-type: application/json' \
  -d '{"username":"admin","password":"Demo2026gk"}' "http://127.0.0.1:$port/api/v1/session" |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["token"])')
# With the token, leave out what would end the fuzzer's own session (logging out, changing or
# resetting its password, deactivating its account): those are fuzzed anonymously above.
fuzz "system administrator" -H "Authorization: Bearer $token" \
  --exclude-name 'DELETE /api/v1/session' --exclude-name 'POST /api/v1/me/password' \
  --exclude-name 'POST /api/v1/users/{id}/password' --exclude-name 'PUT /api/v1/users/{id}'
