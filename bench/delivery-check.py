#!/usr/bin/env python3
"""Checks the delivery API's answers against what bench/StoryCorpus wrote (corpus.json, stories.tsv), before and after the
load runs of bench/delivery-speed.sh. Usage: delivery-check.py BASE_URL CORPUS_FOLDER. Exits non-zero on any wrong answer."""
import json, random, sys, urllib.parse, urllib.request

base, folder = sys.argv[1], sys.argv[2]
corpus = json.load(open(f"{folder}/corpus.json"))
stories = [line.rstrip("\n").split("\t") for line in open(f"{folder}/stories.tsv")]
existing = corpus["existingStories"]
problems = []


def get(path):
    with urllib.request.urlopen(base + path, timeout=30) as r:
        if r.status != 200:
            raise RuntimeError(f"{path}: {r.status}")
        return json.load(r)


def query(year, skip, take=10):
    return get(f"/api/delivery/v1/content?filter=contentType:winnerStory&filter=year:{year}&sort=name:asc&take={take}&skip={skip}")


for year, count in corpus["years"].items():
    first = query(year, 0)
    if existing == 0 and first["total"] != count:
        problems.append(f"year {year}: total {first['total']}, the corpus has {count}")
    items = first["items"]
    if len(items) != min(10, count):
        problems.append(f"year {year}: {len(items)} items on the first page")
    for item in items:
        if item["contentType"] != "winnerStory" or str(item["properties"].get("year")) != year:
            problems.append(f"year {year}: {item['id']} is a {item['contentType']} of year {item['properties'].get('year')}")
    names = [i["name"].upper() for i in items]
    if names != sorted(names):
        problems.append(f"year {year}: the first page is not sorted by name")
    last = query(year, first["total"] - 3)
    if len(last["items"]) != 3:
        problems.append(f"year {year}: skip=total-3 gave {len(last['items'])} items")
    if last["items"] and names and last["items"][-1]["name"].upper() < names[-1]:
        problems.append(f"year {year}: the last page sorts before the first")

# Every year and category pair: its total, and a page of at most 20 of that pair only.
pairs = {}
for key, path, year, category in stories:
    pairs[(year, category)] = pairs.get((year, category), 0) + 1
for (year, category), count in pairs.items():
    answer = get("/api/delivery/v1/content?filter=contentType:winnerStory&filter=year:" + year + "&filter=category:"
                 + urllib.parse.quote(category, safe="") + "&sort=name:asc&take=20")
    if existing == 0 and answer["total"] != count:
        problems.append(f"{year} {category}: total {answer['total']}, the corpus has {count}")
    if len(answer["items"]) != min(20, count) or any(i["properties"].get("category") != category for i in answer["items"]):
        problems.append(f"{year} {category}: a page of {len(answer['items'])} items, or of another category")

everything = get("/api/delivery/v1/content?filter=contentType:winnerStory&take=0")
if everything["total"] != corpus["count"] + existing:
    problems.append(f"all stories: total {everything['total']}, expected {corpus['count'] + existing}")

for key, path, year, category in random.Random(7).sample(stories, 25):
    by_id = get(f"/api/delivery/v1/content/item/{key}")
    by_path = get(f"/api/delivery/v1/content/item{path}")
    if by_id["id"] != key or by_id["route"]["path"] != path or by_path["id"] != key:
        problems.append(f"{key}: by id {by_id['id']} at {by_id['route']['path']}, by path {by_path['id']}, expected {path}")
    p = by_id["properties"]
    markup = (p.get("story") or {}).get("markup") or ""
    if str(p.get("year")) != year or p.get("category") != category or len(markup) < 1000:
        problems.append(f"{key}: properties year={p.get('year')} category={p.get('category')} story={len(markup)} chars")

for problem in problems:
    print("check: " + problem, file=sys.stderr)
print(f"check: {len(corpus['years'])} years (totals, paging, sort order), {len(pairs)} year and category pairs, all stories' total, 25 stories by id and path: "
      + ("all right" if not problems else f"{len(problems)} wrong answer(s)"))
sys.exit(1 if problems else 0)
