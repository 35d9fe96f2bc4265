"""Writes the search benchmark's queries (one URL-encoded query string per line) from the corpus's stories.tsv:
category names and the practice words visitors type, the same with a typo, synonyms, organization names, some narrowed
to a year, some asking for the second page."""
import random, sys, urllib.parse

stories, out = sys.argv[1], sys.argv[2]
random.seed(7)
rows = [line.rstrip("\n").split("\t") for line in open(stories, encoding="utf-8") if line.strip()]
years = sorted({r[2] for r in rows})
categories = sorted({r[3] for r in rows})
words = ["ivr", "coaching", "chat", "email", "self-service", "workforce management", "quality assurance", "training",
         "first contact resolution", "customer satisfaction", "csr", "csat", "fcr", "agent", "knowledge base", "escalation",
         "omni-channel", "social media", "hiring", "onboarding", "recognition", "callback", "surveys", "dashboard"]
organizations = sorted({" ".join(r[1].strip("/").split("/")[-1].split("-")[:2]) for r in rows})[:400]

def typo(text):
    parts = text.split()
    longest = max(range(len(parts)), key=lambda i: len(parts[i]))
    w = parts[longest]
    if len(w) >= 5:
        i = random.randrange(1, len(w) - 1)
        parts[longest] = w[:i] + w[i + 1:] if random.random() < 0.5 else w[:i - 1] + w[i] + w[i - 1] + w[i + 1:]
    return " ".join(parts)

base = [c.lower() for c in categories] + words + organizations
queries = []
for _ in range(4000):
    q = random.choice(base)
    if random.random() < 0.25:
        q = typo(q)
    s = "q=" + urllib.parse.quote(q)
    if random.random() < 0.25:
        s += "&facet=" + urllib.parse.quote("year:" + random.choice(years))
    if random.random() < 0.1:
        s += "&skip=10"
    queries.append(s)
open(out, "w", encoding="utf-8").write("\n".join(queries) + "\n")
print(f"queries: {len(queries)} ({len(set(queries))} distinct) from {len(categories)} categories, {len(words)} practice words, {len(organizations)} organizations, 25% with a typo")
