#!/usr/bin/env python3
"""Writes a full-size, ESCO-shaped CSV download for import benchmarks.

    python3 bench/generate_esco.py OUT_DIR [--languages 28]

Shape of the official ESCO 1.1 download: 13,939 skills, 3,007 occupations, 619 ISCO
groups, 673 skill groups, a broader link per skill, ~126,000 occupation-skill relations,
and the same concepts labelled in 28 languages. Labels, alternative labels (several per
concept, newline-separated in one quoted field) and descriptions (a few hundred
characters, some multi-line) are synthetic but sized like the real ones. Deterministic.
"""
import csv
import os
import random
import sys

LANGS = ["en", "bg", "cs", "da", "de", "el", "es", "et", "fi", "fr", "ga", "hr", "hu", "is",
         "it", "lt", "lv", "mt", "nl", "no", "pl", "pt", "ro", "sk", "sl", "sv", "uk", "ar"]
SKILLS, OCCUPATIONS, SKILL_GROUPS, RELATIONS = 13_939, 3_007, 673, 126_051
WORDS = ("care patient welding safety install maintain operate customer cook clean manage plan "
         "teach build drive repair measure record assist monitor prepare inspect document "
         "Pflege soins cuidado übersetzen écrire español Ελληνικά română".split())


def words(rng, n):
    return " ".join(rng.choice(WORDS) for _ in range(n))


def main(out, languages):
    os.makedirs(out, exist_ok=True)
    rng = random.Random(42)
    isco = []
    for major in range(10):
        isco.append(str(major))
        for sub in range(1, 5):
            isco.append(f"{major}{sub}")
            for minor in range(1, 4):
                isco.append(f"{major}{sub}{minor}")
                for unit in range(1, 4):
                    isco.append(f"{major}{sub}{minor}{unit}")
    isco = isco[:619]
    units = [c for c in isco if len(c) == 4]
    skill_uris = [f"http://data.europa.eu/esco/skill/{i:08x}-0000-4000-8000-{i:012x}" for i in range(SKILLS)]
    group_uris = [f"http://data.europa.eu/esco/skill/S{i}" for i in range(SKILL_GROUPS)]
    occ_uris = [f"http://data.europa.eu/esco/occupation/{i:08x}-1111-4000-8000-{i:012x}" for i in range(OCCUPATIONS)]

    def writer(name, header):
        f = open(os.path.join(out, name), "w", newline="", encoding="utf-8")
        w = csv.writer(f, lineterminator="\r\n")
        w.writerow(header)
        return f, w

    for lang in LANGS[:languages]:
        f, w = writer(f"ISCOGroups_{lang}.csv", ["conceptType", "conceptUri", "code", "preferredLabel", "altLabels", "inScheme", "description"])
        for code in isco:
            w.writerow(["ISCOGroup", f"http://data.europa.eu/esco/isco/C{code}", code, f"{words(rng, 4)} {lang} {code}", "", "", words(rng, 60)])
        f.close()
        f, w = writer(f"skillGroups_{lang}.csv", ["conceptType", "conceptUri", "preferredLabel", "altLabels", "hiddenLabels", "status", "modifiedDate", "scopeNote", "inScheme", "description"])
        for i, uri in enumerate(group_uris):
            w.writerow(["SkillGroup", uri, f"{words(rng, 3)} {lang} group {i}", "", "", "released", "2016-07-05T13:58:41Z", "", "", words(rng, 30)])
        f.close()
        f, w = writer(f"skills_{lang}.csv", ["conceptType", "conceptUri", "skillType", "reuseLevel", "preferredLabel", "altLabels", "hiddenLabels", "status", "modifiedDate", "scopeNote", "definition", "inScheme", "description"])
        for i, uri in enumerate(skill_uris):
            alts = "\n".join(f"{words(rng, 3)} {i}.{k}" for k in range(rng.randint(2, 9)))
            w.writerow(["KnowledgeSkillCompetence", uri, rng.choice(["knowledge", "skill/competence"]),
                        rng.choice(["transversal", "cross-sector", "sector-specific", "occupation-specific"]),
                        f"{words(rng, 3)} {lang} {i}", alts, "", "released", "2023-11-03T10:30:52Z", "", "",
                        "http://data.europa.eu/esco/concept-scheme/skills", words(rng, 40) + "\n" + words(rng, 10)])
        f.close()
        f, w = writer(f"occupations_{lang}.csv", ["conceptType", "conceptUri", "iscoGroup", "preferredLabel", "altLabels", "hiddenLabels", "status", "modifiedDate", "regulatedProfessionNote", "scopeNote", "definition", "inScheme", "description"])
        for i, uri in enumerate(occ_uris):
            alts = "\n".join(f"{words(rng, 2)} {i}.{k}" for k in range(rng.randint(3, 12)))
            w.writerow(["Occupation", uri, units[i % len(units)], f"{words(rng, 2)} {lang} {i}", alts, "", "released",
                        "2016-07-05T13:58:41Z", "http://data.europa.eu/esco/regulated-professions/unregulated", "", "",
                        "http://data.europa.eu/esco/concept-scheme/occupations\nhttp://data.europa.eu/esco/concept-scheme/member-occupations",
                        words(rng, 70)])
        f.close()
    # Relations are language-independent: the download ships them once (in English).
    f, w = writer("broaderRelationsSkillPillar_en.csv", ["conceptType", "conceptUri", "broaderType", "broaderUri"])
    for i, uri in enumerate(skill_uris):
        w.writerow(["KnowledgeSkillCompetence", uri, "SkillGroup", group_uris[i % SKILL_GROUPS]])
    f.close()
    f, w = writer("occupationSkillRelations_en.csv", ["occupationUri", "relationType", "skillType", "skillUri"])
    seen = set()
    while len(seen) < RELATIONS:
        pair = (rng.randrange(OCCUPATIONS), rng.randrange(SKILLS))
        if pair in seen:
            continue
        seen.add(pair)
        w.writerow([occ_uris[pair[0]], rng.choice(["essential", "optional"]), "knowledge", skill_uris[pair[1]]])
    f.close()


if __name__ == "__main__":
    languages = 28
    if "--languages" in sys.argv:
        languages = int(sys.argv[sys.argv.index("--languages") + 1])
    main(sys.argv[1], languages)
