#!/usr/bin/env python3
"""Derives the starter taxonomy from ESCO CSV files (official layout).

    python3 crates/taxonomy/starter/derive.py ../shared/data/esco crates/taxonomy/starter

Keeps what a new install needs to be useful at once (every ISCO group, skill group,
skill, occupation and relation in the input, with labels in every language given) and
drops what it does not (long descriptions of groups and occupations, schemes, notes), so the
set stays small enough to compile into the binary. The output is itself in the official
layout, so the ordinary importer loads it. Data: ESCO, (c) European Union, reused with
acknowledgement (Commission Decision 2011/833/EU).
"""
import csv
import os
import sys

KEEP = {
    "ISCOGroups": ["conceptType", "conceptUri", "code", "preferredLabel"],
    "skillGroups": ["conceptType", "conceptUri", "preferredLabel", "altLabels"],
    "skills": ["conceptType", "conceptUri", "skillType", "reuseLevel", "preferredLabel", "altLabels", "hiddenLabels", "description"],
    "broaderRelationsSkillPillar": ["conceptType", "conceptUri", "broaderType", "broaderUri"],
    "occupations": ["conceptType", "conceptUri", "iscoGroup", "preferredLabel", "altLabels", "hiddenLabels"],
    "occupationSkills": ["occupationUri", "skillUri"],
}


def main(source, target):
    # reuseLevel is blank in the English sample but present in the translations: carry it over.
    reuse = {}
    for name in sorted(os.listdir(source)):
        if name.startswith("skills_") and name.endswith(".csv"):
            with open(os.path.join(source, name), newline="", encoding="utf-8") as f:
                for row in csv.DictReader(f):
                    if row.get("reuseLevel"):
                        reuse.setdefault(row["conceptUri"], row["reuseLevel"])
    for name in sorted(os.listdir(source)):
        if not name.endswith(".csv"):
            continue
        kind = name.split("_", 1)[0]
        if kind not in KEEP:
            continue
        with open(os.path.join(source, name), newline="", encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
        columns = [c for c in KEEP[kind] if c in rows[0]]
        if kind == "skills" and "reuseLevel" not in columns:
            columns.insert(3, "reuseLevel")
        with open(os.path.join(target, name), "w", newline="", encoding="utf-8") as out:
            writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
            writer.writeheader()
            for row in rows:
                if kind == "skills" and not row.get("reuseLevel"):
                    row["reuseLevel"] = reuse.get(row["conceptUri"], "")
                if kind == "skills" and not name.endswith("_en.csv"):
                    row["description"] = ""
                writer.writerow(row)
        print(f"{name}: {len(rows)} rows")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
