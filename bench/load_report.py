"""Turns bin/loadtest's locust CSV files into bench/results/load.json and load.md.

python bench/load_report.py bench/results/load
"""

import csv
import json
import re
import statistics
import sys
from pathlib import Path

UPLOADS = {"Evidence: upload"}


def read(stats: Path) -> dict:
    rows = list(csv.DictReader(stats.open()))
    pages, total = [], None
    for row in rows:
        figures = {
            "name": row["Name"],
            "method": row["Type"],
            "requests": int(row["Request Count"]),
            "failures": int(row["Failure Count"]),
            "rps": round(float(row["Requests/s"]), 1),
            "p50_ms": int(float(row["50%"] or 0)),
            "p95_ms": int(float(row["95%"] or 0)),
            "p99_ms": int(float(row["99%"] or 0)),
        }
        if row["Name"] == "Aggregated":
            total = figures
        else:
            pages.append(figures)
    run = stats.name.removesuffix("_stats.csv")
    load = stats.with_name(run + ".load")
    return {
        "run": run,
        "total": total,
        "worst_page_p99_ms": max((p["p99_ms"] for p in pages if p["name"] not in UPLOADS), default=0),
        "upload_p99_ms": max((p["p99_ms"] for p in pages if p["name"] in UPLOADS), default=0),
        "load_average": load.read_text().split()[:3] if load.exists() else None,
        "pages": sorted(pages, key=lambda p: -p["requests"]),
    }


def main(folder: str) -> None:
    base = Path(folder)

    def order(path: Path):
        numbers = [int(n) for n in re.findall(r"\d+", path.name)]
        return (path.name.startswith("capacity"), path.name.startswith("deadline"), numbers)

    runs = [read(path) for path in sorted(base.glob("*_stats.csv"), key=order)]
    checks = base.parent / "../../var/cluster/deadline-check.json"
    deadline = json.loads(checks.read_text()) if checks.exists() else None
    (base.parent / "load.json").write_text(json.dumps({"runs": runs, "deadline_check": deadline}, indent=1))
    lines = [
        "| Run | Requests/s | p50 | p95 | p99 (all) | Worst page p99 | Upload p99 | Errors | Load average (1, 5, 15 min) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for run in runs:
        t = run["total"]
        lines.append(
            f"| {run['run']} | {t['rps']} | {t['p50_ms']} ms | {t['p95_ms']} ms | {t['p99_ms']} ms | "
            f"{run['worst_page_p99_ms']} ms | {run['upload_p99_ms'] or '–'} ms | {t['failures']} of {t['requests']} | "
            f"{' '.join(run['load_average'] or [])} |"
        )
    for run in runs:
        lines += [
            "",
            f"**{run['run']}**",
            "",
            "| Page | Requests | Requests/s | p50 | p95 | p99 | Errors |",
            "|---|---:|---:|---:|---:|---:|---:|",
        ]
        for p in run["pages"]:
            lines.append(
                f"| {p['method']} {p['name']} | {p['requests']} | {p['rps']} | {p['p50_ms']} | {p['p95_ms']} | {p['p99_ms']} | {p['failures']} |"
            )
    capacity: dict[str, list[float]] = {}
    for run in runs:
        if run["run"].startswith("capacity-"):
            code = run["run"].removeprefix("capacity-").split("-100users")[0]
            capacity.setdefault(code, []).append(float(run["total"]["rps"]))
    if capacity:
        medians = {code: statistics.median(rates) for code, rates in capacity.items()}
        lines += [
            "",
            "Capacity (median requests/s of each code's runs): "
            + ", ".join(f"{c} {m:.1f}" for c, m in medians.items()),
        ]
        if "this-code" in medians and len(medians) == 2:
            other = next(m for c, m in medians.items() if c != "this-code")
            lines.append(
                f"This code serves {medians['this-code'] / other:.2f} times the earlier code's requests/s."
            )
    if deadline:
        lines += ["", "Deadline check: " + json.dumps(deadline)]
    (base.parent / "load.md").write_text("\n".join(lines) + "\n")
    print(
        "\n".join(
            lines[: len(runs) + 2] + [line for line in lines if line.startswith(("Capacity", "This code"))]
        )
    )


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "bench/results/load")
