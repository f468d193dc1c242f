#!/usr/bin/env python3
"""Labour-market insights through the whole server (HTTP, GraphQL, the census of consenting
people, demand aggregated in the database, flows and retention of the period), against a
running `skillbridge serve`.

    skillbridge seed-demo --profiles 100000 --vacancies 50000 --courses 5000 --data-dir DIR
    skillbridge serve --data-dir DIR --listen 127.0.0.1:8080 &
    python3 bench/insights.py http://127.0.0.1:8080 [--requests 300]

Registers an employer account, then asks `insights` for a region in turn (everywhere, EU,
five countries, five subdivisions), each time the people count, the first page of 20 of
demand, occupation demand, supply, languages and gaps, flows with their first 10
occupations, and retention. Prints p50, p95 and p99 after 30 warm-up requests (the first
also waits for the census to load, and is reported on its own). One connection, one
request at a time. Deterministic.
"""
import http.client
import json
import sys
import time
import urllib.parse

QUERY = """query($r: String) { insights(region: $r) {
  people { count }
  demand(first: 20) { totalCount nodes { skill { uri } vacancies essential shortageVacancies } }
  occupationDemand(first: 20) { nodes { occupation { uri } vacancies positions } }
  supply(first: 20) { totalCount nodes { skill { uri } people { count } } }
  languages(first: 20) { nodes { language { code } people { count } } }
  gaps(first: 20) { nodes { skill { uri } demand gap courseSeats } }
  flows { stage people { count } byOccupation(first: 10) { nodes { people { count } } } }
  retention { months checked { count } inWork { count } } } }"""

REGIONS = [None, "EU", "DE", "FR", "ES", "IT", "AT", "DE-BY", "DE-BE", "FR-IDF", "ES-MD", "IT-25"]


def post(conn, path, body, token=None):
    headers = {"content-type": "application/json"}
    if token:
        headers["authorization"] = f"Bearer {token}"
    conn.request("POST", path, json.dumps(body), headers)
    response = conn.getresponse()
    return json.loads(response.read())


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def main():
    url = urllib.parse.urlparse(sys.argv[1])
    requests = int(sys.argv[sys.argv.index("--requests") + 1]) if "--requests" in sys.argv else 300
    conn = http.client.HTTPConnection(url.hostname, url.port)
    email = f"bench-{int(time.time())}@example.org"
    registered = post(conn, "/graphql", {
        "query": "mutation($i: RegisterInput!) { register(input: $i) { accessToken userErrors { code } } }",
        "variables": {"i": {"email": email, "password": "Lavender-Tram-71-Quarry", "role": "EMPLOYER",
                            "displayName": "Bench"}}})
    token = registered["data"]["register"]["accessToken"]
    if not token:
        sys.exit(f"could not register: {registered}")
    timings = []
    first = None
    for n in range(requests + 30):
        region = REGIONS[n % len(REGIONS)]
        start = time.perf_counter()
        body = post(conn, "/graphql", {"query": QUERY, "variables": {"r": region}}, token)
        elapsed = (time.perf_counter() - start) * 1000
        if "errors" in body:
            sys.exit(f"{region}: {body['errors']}")
        if n == 0:
            first = elapsed
            people = body["data"]["insights"]["people"]["count"]
        if n >= 30:
            timings.append(elapsed)
    print(f"first request (waits for the census): {first:.0f} ms; people everywhere: {people}")
    print(f"{len(timings)} requests: p50 {percentile(timings, 50):.1f} ms, "
          f"p95 {percentile(timings, 95):.1f} ms, p99 {percentile(timings, 99):.1f} ms")


if __name__ == "__main__":
    main()
