#!/usr/bin/env python3
"""Builds the data tables CarbonScope embeds, from the reference files in ../shared/data/reference.

Usage (from the repository root):

    python3 data/build_tables.py [--reference DIR] [--output-dir DIR]

Tables built:

- src/CarbonScope/Measurement/Models/Data/cpu-tdp.csv: CPU thermal design power per package, by model name,
  from CodeCarbon's cpu_power.csv.

Python 3 standard library only. The output is deterministic: the same input gives the same bytes.
See data/README.md for the provenance of every table.
"""

import argparse
import csv
import io
import math
import os
import sys

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_REFERENCE = os.path.join(REPO_ROOT, "..", "shared", "data", "reference")

CPU_SOURCE = os.path.join("codecarbon", "hardware_cpu_power.csv")
CPU_OUTPUT = os.path.join("src", "CarbonScope", "Measurement", "Models", "Data", "cpu-tdp.csv")

CODECARBON_COPYRIGHT = [
    "Copyright (c) 2019 Mila, BCG Gamma, CometML, Haverford College",
    "Copyright (c) 2023 Code Carbon NGO",
]

MIT_PERMISSION_NOTICE = [
    "Permission is hereby granted, free of charge, to any person obtaining a copy",
    "of this software and associated documentation files (the \"Software\"), to deal",
    "in the Software without restriction, including without limitation the rights",
    "to use, copy, modify, merge, publish, distribute, sublicense, and/or sell",
    "copies of the Software, and to permit persons to whom the Software is",
    "furnished to do so, subject to the following conditions:",
    "The above copyright notice and this permission notice shall be included in all",
    "copies or substantial portions of the Software.",
    "THE SOFTWARE IS PROVIDED \"AS IS\", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR",
    "IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,",
    "FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE",
    "AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER",
    "LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,",
    "OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE",
    "SOFTWARE.",
]

# Plausible range for the TDP of one CPU package, in watts. Outside it a row is treated as invalid.
MIN_TDP_WATTS = 0.1
MAX_TDP_WATTS = 1000.0


def collapse_whitespace(text):
    """Trims and collapses every run of whitespace (including non-breaking spaces) into one space."""
    return " ".join(text.split())


def format_watts(value):
    """Shortest decimal text for a TDP: 150.0 -> '150', 33.4 -> '33.4', 4.5 -> '4.5'."""
    text = "%.3f" % value
    text = text.rstrip("0").rstrip(".")
    return text


def build_cpu_tdp(reference_dir, output_path):
    source_path = os.path.join(reference_dir, CPU_SOURCE)
    with open(source_path, encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        header = next(reader, None)
        if header is None or [h.strip() for h in header[:2]] != ["Name", "TDP"]:
            raise SystemExit(f"{source_path}: expected the header 'Name,TDP', found {header!r}")
        rows = list(reader)

    invalid = []          # (line number, row, why)
    by_key = {}           # case-insensitive name -> [display name, max tdp, tdps seen]
    for index, row in enumerate(rows, start=2):
        if len(row) != 2:
            invalid.append((index, row, f"{len(row)} fields instead of 2"))
            continue
        name = collapse_whitespace(row[0])
        tdp_text = row[1].strip()
        if not name:
            invalid.append((index, row, "empty name"))
            continue
        try:
            tdp = float(tdp_text)
        except ValueError:
            invalid.append((index, row, f"TDP {tdp_text!r} is not a number"))
            continue
        if not math.isfinite(tdp) or not (MIN_TDP_WATTS <= tdp <= MAX_TDP_WATTS):
            invalid.append((index, row, f"TDP {tdp_text!r} is outside [{MIN_TDP_WATTS}, {MAX_TDP_WATTS}] W"))
            continue
        key = name.casefold()
        entry = by_key.get(key)
        if entry is None:
            by_key[key] = [name, tdp, [tdp]]
        else:
            entry[2].append(tdp)
            # Keep the maximum TDP; on equal TDPs keep the ordinally smaller spelling (deterministic).
            if tdp > entry[1] or (tdp == entry[1] and name < entry[0]):
                entry[0], entry[1] = name, tdp

    duplicates = {k: v for k, v in by_key.items() if len(v[2]) > 1}
    conflicts = {k: v for k, v in duplicates.items() if len(set(v[2])) > 1}

    ordered = sorted(by_key.values(), key=lambda e: (e[0].casefold(), e[0]))

    out = io.StringIO()
    lines = [
        "CarbonScope CPU TDP table: thermal design power of one CPU package (socket), in watts, by model name.",
        "Source: CodeCarbon, https://github.com/mlco2/codecarbon, path codecarbon/data/hardware/cpu_power.csv,",
        "  file commit 811df7ff (2026-04-13).",
        "Upstream: Intel ARK and AMD product specification pages, scraped by CodeCarbon.",
        "Year: 2026.",
        "Licence: MIT (the CodeCarbon licence; notice below).",
        "Attribution: CPU TDP figures from CodeCarbon (mlco2/codecarbon).",
        "Built by data/build_tables.py (see data/README.md): names trimmed and whitespace collapsed;",
        "  same name (case-insensitive) kept once with the maximum TDP; invalid rows dropped; sorted case-insensitively.",
        f"Rows: {len(ordered)} (source rows {len(rows)}, invalid dropped {len(invalid)}, "
        f"duplicate rows merged {sum(len(v[2]) - 1 for v in duplicates.values())}, "
        f"names with conflicting TDPs {len(conflicts)}).",
        "",
    ] + CODECARBON_COPYRIGHT + [""] + MIT_PERMISSION_NOTICE
    for line in lines:
        out.write(("# " + line).rstrip() + "\n")

    writer = csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(["model", "tdp_watts"])
    for name, tdp, _ in ordered:
        writer.writerow([name, format_watts(tdp)])

    os.makedirs(os.path.dirname(output_path), exist_ok=True)
    data = out.getvalue().encode("utf-8")
    previous = None
    if os.path.exists(output_path):
        with open(output_path, "rb") as f:
            previous = f.read()
    with open(output_path, "wb") as f:
        f.write(data)

    print(f"cpu-tdp: read {len(rows)} rows from {os.path.relpath(source_path, REPO_ROOT)}")
    print(f"cpu-tdp: dropped {len(invalid)} invalid rows")
    for line, row, why in invalid:
        print(f"  line {line}: {row!r}: {why}")
    print(f"cpu-tdp: merged {sum(len(v[2]) - 1 for v in duplicates.values())} duplicate rows "
          f"({len(duplicates)} names), {len(conflicts)} with conflicting TDPs (maximum kept)")
    for key in sorted(conflicts):
        name, tdp, seen = conflicts[key]
        print(f"  {name!r}: {', '.join(format_watts(t) for t in seen)} W -> {format_watts(tdp)} W")
    status = "unchanged" if previous == data else ("updated" if previous is not None else "created")
    print(f"cpu-tdp: wrote {len(ordered)} rows to {os.path.relpath(output_path, REPO_ROOT)} ({status})")


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reference", default=DEFAULT_REFERENCE,
                        help="the reference data folder (default: ../shared/data/reference from the repository root)")
    parser.add_argument("--output-dir", default=REPO_ROOT,
                        help="where the repository's tables are written (default: the repository root)")
    args = parser.parse_args(argv)
    reference = os.path.normpath(args.reference)
    if not os.path.isdir(reference):
        raise SystemExit(f"reference folder not found: {reference}")
    build_cpu_tdp(reference, os.path.join(args.output_dir, CPU_OUTPUT))


if __name__ == "__main__":
    main(sys.argv[1:])
