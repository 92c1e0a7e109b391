#!/usr/bin/env python3
"""Chooses the citizen-style queries of crates/services/tests/search_quality.tsv over ../shared/corpora.

Citizens type several words without spaces (养老补贴, 民政局预算), abbreviations (低保 for
最低生活保障) and Traditional script. Each query is made from a document's title, and the
document is expected in the top ten:

- unspaced: two words of a title that are not next to each other, typed together (上海口岸 from
  上海市口岸服务条例), which no document says as one string; expected: every document whose title
  has both words (one or two), and few documents say both anywhere.
- abbrev: a word of a title typed with the abbreviation of a full form the title uses
  (上海低保 for a title with 上海 and 最低生活保障); the pairs come from crates/search/data/synonyms.txt.
- trad-unspaced: an unspaced query in Traditional script.

The choice is deterministic (a fixed seed); every chosen query is kept, pass or fail.
Usage: python3 scripts/search-quality-queries.py [CORPORA_DIR] >> crates/services/tests/search_quality.tsv
(needs `pip install jieba opencc-python-reimplemented`).
"""

import csv
import json
import random
import re
import sys
from pathlib import Path

import jieba
import opencc

jieba.setLogLevel(60)
corpora = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).resolve().parents[2] / "shared" / "corpora")
repo = Path(__file__).resolve().parents[1]
HAN = re.compile(r"^[\u4e00-\u9fff]{2,}$")
# Words of a title that no citizen types to find it: the verbs and forms of officialese and the
# issuers every title carries.
GENERIC = set(
    "关于 进一步 转发 印发 批转 加快 抓好 建立 做好 加强 实施 推进 通知 意见 决定 办法 规定 条例 "
    "国务院办公厅 国务院 办公厅 市政府 人民政府 省人民政府 市人民政府 中共 国办发 部际 首批 第九次 几个 "
    "十二五 十四五 三五年 联合体 公布 有关 工作 管理 发展 若干 问题 开展 全面 深入 切实 认真 废止 "
    "修改 同意 请示 批复 公告 方案 计划 实施方案 暂行 试行 细则 补充 部分 全国 我国 地方 进行 完善 "
    "提高 促进 支持 保障 落实 贯彻 执行 做出 作出 组织 统一 规范 健全 依法 加大 推动 深化 开展 "
    "各级 各地 各类 一批 二〇 二〇二〇 年度 情况 报告 名单 目录".split()
)


def topical(w):
    return bool(HAN.match(w)) and w not in GENERIC

docs = []  # (key, title, text)
with open(corpora / "laws.jsonl", encoding="utf-8") as f:
    for line in f:
        d = json.loads(line)
        title = (d.get("title") or "").strip()
        if title:
            docs.append((f"law:{d['id']}", title, title + (d.get("body_markdown") or "")))
with open(corpora / "policy_documents_metadata.csv", encoding="utf-8") as f:
    for row in csv.DictReader(f):
        title = (row.get("title") or "").strip()
        if title:
            docs.append((f"policy:{row['url']}", title, title))

titles = [d[1] for d in docs]
texts = [d[2] for d in docs]


def count(pred, items):
    return sum(1 for x in items if pred(x))


def expected_for(*words):
    return [d[0] for d in docs if all(w in d[1] for w in words)]


def unspaced_candidates(rng):
    order = list(range(len(docs)))
    rng.shuffle(order)
    for i in order:
        title = docs[i][1]
        words = [w for w in jieba.lcut(title) if topical(w)]
        for a in range(len(words)):
            for b in range(a + 2, len(words)):
                w1, w2 = words[a], words[b]
                if w1 in w2 or w2 in w1:
                    continue
                query = w1 + w2
                if any(query in t for t in texts):
                    continue
                expected = expected_for(w1, w2)
                if not 1 <= len(expected) <= 2:
                    continue
                if count(lambda t: w1 in t and w2 in t, texts) > 8:
                    continue
                yield query, expected
                break
            else:
                continue
            break


def abbreviations():
    groups = []
    for line in (repo / "crates/search/data/synonyms.txt").read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            groups.append([w.strip() for w in re.split("[,，]", line) if w.strip()])
    # Real abbreviations only: a short form of at most three characters for a longer full form.
    pairs = []
    for g in groups:
        short = min(g, key=len)
        pairs += [(short, w) for w in g if len(short) <= 3 and len(w) >= len(short) + 2]
    return pairs


def abbrev_candidates(rng):
    pairs = abbreviations()
    rng.shuffle(pairs)
    for short, full in pairs:
        with_full = [i for i, t in enumerate(titles) if full in t and short not in t]
        rng.shuffle(with_full)
        taken = 0
        for i in with_full:
            title = titles[i]
            rest = title.replace(full, " ")
            words = [w for w in jieba.lcut(rest) if topical(w) and w not in full and full not in w]
            for w in words:
                expected = expected_for(w, full)
                if not 1 <= len(expected) <= 2:
                    continue
                if count(lambda t: w in t and (full in t or short in t), texts) > 8:
                    continue
                yield w + short, expected
                taken += 1
                break
            if taken >= 3:
                break


rng = random.Random(16)
out = []
seen = set()
unspaced = []
for q, e in unspaced_candidates(rng):
    if q not in seen:
        seen.add(q)
        unspaced.append((q, e))
    if len(unspaced) >= 45:
        break
for q, e in unspaced[:30]:
    out.append(("unspaced", q, e))
t2s = opencc.OpenCC("s2t")
for q, e in unspaced[30:]:
    trad = t2s.convert(q)
    if trad != q:
        out.append(("trad-unspaced", trad, e))
abbrev = []
for q, e in abbrev_candidates(rng):
    if q not in seen:
        seen.add(q)
        abbrev.append((q, e))
    if len(abbrev) >= 15:
        break
out += [("abbrev", q, e) for q, e in abbrev]

print("# --- citizen-style (scripts/search-quality-queries.py): unspaced words, abbreviations, Traditional")
for kind, q, e in out:
    print(f"{kind}\t{q}\t{' '.join(e)}")
print(f"{len(out)} queries", file=sys.stderr)
