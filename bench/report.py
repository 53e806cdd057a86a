"""Puts bin/bench's figures side by side: each page at 1x and at 10x on each database, the
10x/1x time ratio, and the page's throughput as a percentage of the base-layout floor's
(budget: at least 25%). Writes bench/results/report.md and prints it."""

import json
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"
BUDGET_PCT = 25


def table(vendor: str) -> list[str]:
    one = RESULTS / f"{vendor}.json"
    ten = RESULTS / f"{vendor}-10x.json"
    if not one.exists():
        return []
    small = {p["page"]: p for p in json.loads(one.read_text())["pages"]}
    large_data = json.loads(ten.read_text()) if ten.exists() else None
    large = {p["page"]: p for p in large_data["pages"]} if large_data else {}
    lines = [
        f"| Page ({vendor}) | 1x p50 / p95 ms | queries | 10x p50 / p95 ms | queries | 10x/1x | % of floor (10x) |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    over, cold = [], []
    names = list(small) + [name for name in large if name not in small]
    for name in names:
        a, b = small.get(name), large.get(name)
        ratio = f"{b['p50_ms'] / a['p50_ms']:.1f}" if a and b and a["p50_ms"] else "–"
        floor = (b or a).get("floor_pct")
        budgeted = not name.startswith(
            (
                "Library export",
                "Upload",
                "Action sheet PDF",
                "Force report PDF",
                "Impact plan",
                "Exercise export",
            )
        )
        first_asking = ", cold" in name or "(cold" in name or "no cache)" in name
        if budgeted and floor is not None and floor < BUDGET_PCT:
            (cold if first_asking else over).append(name)
        extra = f" (peak {b['peak_mb'] if b else a['peak_mb']} MB)" if (b or a).get("peak_mb") else ""
        lines.append(
            f"| {name}{extra} | {a['p50_ms']} / {a['p95_ms']} | {a['queries']} | "
            + (f"{b['p50_ms']} / {b['p95_ms']} | {b['queries']} | " if b else "– | – | ")
            + f"{ratio} | {floor if floor is not None else '–'}{'' if budgeted else ' (document)'} |"
            if a
            else f"| {name}{extra} | – | – | {b['p50_ms']} / {b['p95_ms']} | {b['queries']} | – | {floor} |"
        )
    lines.append("")
    lines.append(
        f"Pages under {BUDGET_PCT}% of the floor's throughput, as people get them: "
        + (", ".join(over) if over else "none")
        + "."
    )
    lines.append("")
    lines.append(
        "First askings with nothing kept (after a change to their data; measured for the record): "
        + (", ".join(cold) if cold else "none")
        + " under the budget."
    )
    return lines


def main() -> None:
    lines = []
    for vendor in ("sqlite", "postgresql"):
        lines += table(vendor) + [""]
    text = "\n".join(lines)
    (RESULTS / "report.md").write_text(text)
    print(text)


if __name__ == "__main__":
    main()
