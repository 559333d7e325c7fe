"""Parse quality: per source, the share of records whose fields present in the text were read,
what was left unread, and the accuracy on the hand-checked sample (tests/sample).

    python bench/parse_quality.py
"""

from __future__ import annotations

import sys
from collections import Counter

from common import DATA, ROOT, print_table, write_result

sys.path.insert(0, str(ROOT))

SOURCES = {
    "moscow": sorted((DATA / "mos-memo-moscow" / "pages").glob("*.htm")),
    "memo": [DATA / "memo-lists-anon" / "texts.zip"],
    "stalin": [DATA / "stalin-lists" / "persons.jsonl"],
}


def coverage_of(fmt: str):
    from unpersoned.coverage import Coverage
    from unpersoned.parse import parse_record
    from unpersoned.readers import open_source

    coverage = Coverage()
    for path in SOURCES[fmt]:
        _info, records = open_source(fmt, path)
        for record in records:
            coverage.add(parse_record(record), has_name="name_span" in record.hints)
    return coverage.as_json(top=10)


def sample_accuracy() -> dict:
    from tests.sample.fields import compare, field_view
    from tests.test_sample import FORMAT_OF, records_of, sample_lines

    from unpersoned.parse import parse_record

    right, total, records = Counter(), Counter(), Counter()
    for line in sample_lines():
        fmt = FORMAT_OF[line["file"].split("/")[0]]
        record = records_of(line["file"])[line["locator"]]
        got, wrong = compare(line["fields"], field_view(parse_record(record).statements))
        right[fmt] += got
        total[fmt] += got + len(wrong)
        records[fmt] += 1
    out = {
        fmt: {
            "records": records[fmt],
            "fields": total[fmt],
            "right": right[fmt],
            "share": round(right[fmt] / total[fmt], 4),
        }
        for fmt in total
    }
    out["all"] = {
        "records": sum(records.values()),
        "fields": sum(total.values()),
        "right": sum(right.values()),
        "share": round(sum(right.values()) / sum(total.values()), 4),
    }
    return out


def main() -> None:
    coverage = {fmt: coverage_of(fmt) for fmt in SOURCES}
    rows = []
    fields = sorted({f for c in coverage.values() for f in c["fields"]})
    for field in fields:
        row = {"field": field}
        for fmt, c in coverage.items():
            f = c["fields"].get(field)
            row[fmt] = f"{f['extracted']:,}/{f['present']:,} ({f['share']:.2%})" if f else ""
        rows.append(row)
    rows.append(
        {
            "field": "text left unread",
            **{
                fmt: f"{c['leftover_share_of_text']:.3%} ({c['records_with_leftover']:,} records)"
                for fmt, c in coverage.items()
            },
        }
    )
    print_table("Fields read where the text has them (read/present)", rows)
    accuracy = sample_accuracy()
    print_table("Hand-checked sample", [{"format": k, **v} for k, v in accuracy.items()])
    path = write_result(
        "parse_quality",
        {"coverage": coverage, "sample": accuracy, "targets": {"sample_share": 0.99}},
    )
    print(f"written {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
