#!/usr/bin/env bash
# Benchmark of the 依申请公开 staff pages, which are never cached (they carry personal data):
# seeds N applications (default 2000) into one agency of the demo through the API, accepts them,
# closes a third, then runs `wrk -t2 -c8 -d10s` on the work list, a case, the year view, a
# reply letter as HTML and as DOCX, and the public lookup. Prints requests/s and latency of
# each. Loopback only; the server it starts is stopped at the end.
# Usage: scripts/bench-applications.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."

n="${1:-2000}"
port=18082
base="http://127.0.0.1:$port"

command -v wrk >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq wrk; }
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/gongkai-target}"
cargo build --release -p gongkai --quiet
bin="$CARGO_TARGET_DIR/release/gongkai"

work=$(mktemp -d)
cleanup() {
  [ -n "${pid:-}" ] && kill "$pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# Generous limits: the seeding posts come from one address and one identity.
GONGKAI_DATA_DIR="$work/data" GONGKAI_LOG=warn GONGKAI_PUBLIC_FORM_BURST=100000 \
  GONGKAI_APPLY_PER_IDENTITY_DAILY=1000000 \
  "$bin" serve --bind "127.0.0.1:$port" >"$work/gongkai.log" 2>&1 &
pid=$!
for _ in $(seq 1 240); do curl -fs "$base/healthz" >/dev/null 2>&1 && break; sleep 0.25; done

echo "== seeding $n applications (示例市民政局)"
python3 - "$base" "$n" "$work/ids" <<'PY'
import json, sys, time, urllib.request
base, n, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
def call(method, path, body=None, token=None):
    req = urllib.request.Request(base + path, method=method,
        data=None if body is None else json.dumps(body).encode(),
        headers={"content-type": "application/json", **({"authorization": "Bearer " + token} if token else {})})
    with urllib.request.urlopen(req) as r:
        return json.loads(r.read() or b"null")
token = call("POST", "/api/v1/session", {"username": "mzj-handler", "password": "Demo2026gk"})["token"]
started = time.time()
ids = []
for i in range(n):
    r = call("POST", "/api/v1/applications", {
        "agency_id": 2, "channel": "in_person", "channel_on": "2026-11-02",
        "kind": "natural_person", "name": "测试%d" % i, "id_type": "resident_id",
        "id_number": "11010519491231002X", "phone": "13800138000",
        "description": "第 %d 件：本机关 2025 年度行政许可决定清单" % i,
        "info_form": "electronic", "delivery": "email", "email": "t@example.cn"}, token)
    ids.append(r["id"])
for i in ids[: n // 3]:
    call("POST", "/api/v1/applications/%d/actions/close" % i, {"ground": "provided"}, token)
secret = call("POST", "/api/v1/applications/submit", {
    "agency_id": 2, "consent": True, "kind": "natural_person", "name": "张三",
    "id_type": "resident_id", "id_number": "11010519491231002X", "phone": "13800138000",
    "description": "本机关 2025 年度行政许可决定清单（查询用）", "info_form": "electronic", "delivery": "online"})
case = call("GET", "/api/v1/applications/%d" % ids[0], token=token)
reply = [l for l in case["letters"] if l["kind"] == "reply"][0]["event_id"]
json.dump({"token": token, "first": ids[0], "open": ids[-1], "reply": reply,
           "code": secret["query_code"], "secret": secret["secret"]}, open(out, "w"))
print("seeded in %.1f s" % (time.time() - started))
PY

read -r token first open reply code secret < <(python3 -c "
import json; d = json.load(open('$work/ids'))
print(d['token'], d['first'], d['open'], d['reply'], d['code'], d['secret'])")

bench() {
  local name="$1"; shift
  printf '%-34s' "$name"
  wrk -t2 -c8 -d10s --latency "$@" 2>&1 | awk '
    /Requests\/sec/ {rps=$2}
    /^ +50%/ {p50=$2}
    /^ +99%/ {p99=$2}
    /Non-2xx/ {bad=$NF}
    END {printf "%10s req/s   p50 %8s   p99 %8s%s\n", rps, p50, p99, (bad ? "   non-2xx " bad : "")}'
}
auth=(-H "authorization: Bearer $token")
echo "== wrk -t2 -c8 -d10s ($n applications, $((n - n / 3)) open)"
bench "work list (all open, by due date)" "${auth[@]}" "$base/api/v1/applications"
bench "work list, overdue filter" "${auth[@]}" "$base/api/v1/applications?show=overdue"
bench "case (audited view)" "${auth[@]}" "$base/api/v1/applications/$open"
bench "year view (section 三)" "${auth[@]}" "$base/api/v1/agencies/2/applications/2026"
bench "reply letter, JSON" "${auth[@]}" "$base/api/v1/applications/$first/letters/$reply"
bench "reply letter, DOCX" "${auth[@]}" "$base/api/v1/applications/$first/letters/$reply?format=docx"
cat >"$work/lookup.lua" <<LUA
wrk.method = "POST"
wrk.body = '{"query_code": "$code", "secret": "$secret"}'
wrk.headers["Content-Type"] = "application/json"
LUA
bench "public lookup (POST)" -s "$work/lookup.lua" "$base/api/v1/applications/lookup"
