#!/usr/bin/env bash
# Benchmark of import review at the size of a historical migration (issue 15): N catalogue rows
# (default 40,000, drawn from ../shared/corpora's policy documents) imported into the 民政局 of
# the demo with `gongkai import catalogue` — one batch, every row 待审核 and scanned for personal
# data — then the batch approved by the agency's 审核人 through the API, leaving out the rows
# with findings. Prints the time of each step. Release build, embedded SQLite, loopback.
# Usage: scripts/bench-import-review.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."

n="${1:-40000}"
corpora="${GONGKAI_CORPORA_DIR:-../shared/corpora}"
port=18083
base="http://127.0.0.1:$port"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/gongkai-target}"
cargo build --release -p gongkai --quiet
bin="$CARGO_TARGET_DIR/release/gongkai"

work=$(mktemp -d)
cleanup() {
  [ -n "${pid:-}" ] && kill "$pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
export GONGKAI_DATA_DIR="$work/data" GONGKAI_LOG=warn
"$bin" demo >/dev/null

# N rows with a title and a date: the corpus' rows, repeated with a batch number in the title
# when N is larger than the corpus.
python3 - "$corpora/policy_documents_metadata.csv" "$n" "$work/rows.csv" <<'PY'
import csv, sys
src, n, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
rows = [r for r in csv.DictReader(open(src, encoding="utf-8"))
        if r["title"].strip() and (r["published"] or r["issued"])]
with open(out, "w", encoding="utf-8", newline="") as f:
    w = csv.writer(f)
    w.writerow(["标题", "文号", "发布日期"])
    for i in range(n):
        r = rows[i % len(rows)]
        round_ = i // len(rows)
        title = r["title"].strip() + (f"（第{round_ + 1}批）" if round_ else "")
        w.writerow([title, r["doc_number"] if not round_ else "", r["published"] or r["issued"]])
PY

echo "== import catalogue: $n rows"
start=$(date +%s.%N)
(cd "$work" && "$bin" import catalogue "$work/rows.csv" --agency 示例市民政局 --column zwgk/fdzdgknr/zcwj/qtwj \
  >"$work/import.log" 2>&1) || true
end=$(date +%s.%N)
tail -n 3 "$work/import.log"
python3 -c "print(f'import: {float($end) - float($start):.1f} s')"

"$bin" serve --bind "127.0.0.1:$port" >"$work/serve.log" 2>&1 &
pid=$!
for _ in $(seq 1 240); do curl -fs "$base/healthz" >/dev/null 2>&1 && break; sleep 0.25; done

echo "== approve the batch (审核人, leaving out the rows with personal-data findings)"
python3 - "$base" <<'PY'
import json, sys, time, urllib.request
base = sys.argv[1]
def call(method, path, body=None, token=None):
    req = urllib.request.Request(base + path, method=method,
        data=None if body is None else json.dumps(body).encode(),
        headers={"Content-Type": "application/json",
                 **({"Authorization": "Bearer " + token} if token else {})})
    with urllib.request.urlopen(req, timeout=3600) as r:
        return json.loads(r.read() or b"null")
token = call("POST", "/api/v1/session", {"username": "mzj-reviewer", "password": "Demo2026gk"})["token"]
batches = call("GET", "/api/v1/imports", token=token)
batch = max(batches, key=lambda b: b["id"])
t = time.time()
view = call("GET", f"/api/v1/imports/{batch['id']}", token=token)
print(f"batch view (counts and the first page of findings): {(time.time() - t) * 1000:.0f} ms")
print({k: v for k, v in view.items() if not isinstance(v, (list, dict))})
t = time.time()
done = call("POST", f"/api/v1/imports/{batch['id']}/approve",
            {"exclude": [], "exclude_with_findings": True, "reason": "含个人信息，请核实后再提交"}, token)
print(f"approve: {time.time() - t:.1f} s — {done}")
PY
