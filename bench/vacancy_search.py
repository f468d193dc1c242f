#!/usr/bin/env python3
"""Vacancy and course search through the whole server (HTTP, GraphQL, search, loading the
rows and their details), against a running `skillbridge serve`.

    skillbridge seed-demo --profiles 2000 --vacancies 50000 --courses 2000 --data-dir DIR
    skillbridge serve --data-dir DIR --listen 127.0.0.1:8080 &
    python3 bench/vacancy_search.py http://127.0.0.1:8080 [--searches 600]

Each search asks for the first page of 20 with totalCount and facets, and for each vacancy
its title, organisation, place, contract type and shortage flag; three kinds in turn: text
(a word of a demo title, every other one with a typo), filters (two contract types, 100 km
around a demo city, the languages of someone with German B1 and English B2, newest first),
and text with an ISCO major group and shortage only, closing soonest first. Prints p50, p95
and p99 per kind and overall, after 60 warm-up searches. One connection, one search at a
time. Deterministic.
"""
import http.client
import json
import random
import sys
import time
import urllib.parse

QUERY = """query($q: String, $f: VacancyFilter, $o: VacancyOrder) {
  vacancies(query: $q, filter: $f, orderBy: $o, first: 20) {
    totalCount facets { field values { value count } }
    edges { node { id title organisation { name } location { placeName } contractType isShortage } } } }"""

WORDS = ["care", "welder", "nurse", "cook", "driver", "electrician", "cleaner", "assistant",
         "technician", "warehouse", "operator", "kitchen", "mechanic", "builder", "harvest"]
CITIES = [(52.52, 13.40), (48.14, 11.58), (48.21, 16.37), (50.11, 8.68), (53.55, 9.99),
          (45.46, 9.19), (41.39, 2.17), (40.42, -3.70), (48.86, 2.35), (52.37, 4.90)]
CONTRACTS = ["PERMANENT", "FIXED_TERM", "SEASONAL", "APPRENTICESHIP", "INTERNSHIP", "PART_TIME"]


def typo(word):
    return word[:2] + ("x" if word[2] != "x" else "y") + word[3:] if len(word) >= 5 else word


def search(rng, n):
    kind = n % 3
    word = rng.choice(WORDS)
    if n % 2:
        word = typo(word)
    if kind == 0:
        return kind, {"q": word}
    if kind == 1:
        lat, lon = rng.choice(CITIES)
        return kind, {"f": {"contractTypes": rng.sample(CONTRACTS, 2),
                            "within": {"latitude": lat, "longitude": lon, "km": 100},
                            "meetsLanguages": [{"language": "de", "level": "B1"},
                                               {"language": "en", "level": "B2"}]},
                      "o": "NEWEST"}
    return kind, {"q": word, "f": {"iscoGroup": str(rng.randint(1, 9)), "shortageOnly": True},
                  "o": "CLOSING_DATE"}


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    url = urllib.parse.urlparse(sys.argv[1])
    searches = int(sys.argv[sys.argv.index("--searches") + 1]) if "--searches" in sys.argv else 600
    conn = http.client.HTTPConnection(url.hostname, url.port or 80)
    rng = random.Random(7)

    def run(variables):
        body = json.dumps({"query": QUERY, "variables": variables})
        start = time.perf_counter()
        conn.request("POST", "/graphql", body, {"content-type": "application/json"})
        response = json.loads(conn.getresponse().read())
        took = (time.perf_counter() - start) * 1000
        if "errors" in response:
            sys.exit(f"search failed: {response['errors']}")
        return took, response["data"]["vacancies"]["totalCount"]

    for n in range(60):
        run(search(rng, n)[1])
    times = {0: [], 1: [], 2: []}
    matches = {0: 0, 1: 0, 2: 0}
    for n in range(searches):
        kind, variables = search(rng, n)
        took, total = run(variables)
        times[kind].append(took)
        matches[kind] += total

    def percentiles(values):
        values = sorted(values)
        at = lambda q: values[min(int(len(values) * q), len(values) - 1)]
        return f"p50 {at(0.5):.1f} ms, p95 {at(0.95):.1f} ms, p99 {at(0.99):.1f} ms"

    names = ["text", "filters + 100 km + languages, newest", "text + ISCO group + shortage, closing date"]
    for kind, name in enumerate(names):
        print(f"{name}: {percentiles(times[kind])} (mean matches {matches[kind] // max(1, len(times[kind]))})")
    print(f"all {searches} searches over HTTP: {percentiles(times[0] + times[1] + times[2])}")


if __name__ == "__main__":
    main()
