#!/usr/bin/env python3
"""Builds the data tables CarbonScope embeds, from the reference files in ../shared/data/reference and the
machine's tz database and iso-codes.

Usage (from the repository root):

    python3 data/build_tables.py [--reference DIR] [--zoneinfo DIR] [--iso-codes FILE] [--output-dir DIR]

Tables built:

- src/CarbonScope/Measurement/Models/Data/cpu-tdp.csv: CPU thermal design power per package, by model name,
  from CodeCarbon's cpu_power.csv.
- src/CarbonScope/Grid/Data/countries.csv: every ISO 3166-1 country (alpha-2, alpha-3, name, continent), from
  the tz database's iso3166.tab and zone.tab (public domain) and Debian iso-codes' iso_3166-1.json (alpha-3),
  with Our World in Data's entity names where OWID has the country.
- src/CarbonScope/Grid/Data/country-intensity.csv: the annual average carbon intensity of electricity per
  country, continent and the world, from the OWID grapher "carbon-intensity-electricity" (Ember / Our World
  in Data, CC BY 4.0). Each row is the latest year up to the data year (the latest year that at least 90% of
  the countries have; see data/README.md for why).
- src/CarbonScope/Grid/Data/zone-intensity.csv: annual averages of sub-national grid zones (Electricity Maps
  yearly zone averages via CO2.js, ODbL) and cloud regions (aws:/azure:/gcp: keys; Google region-carbon-info
  and Cloud Carbon Footprint, Apache-2.0), with year, source and licence per row.
- src/CarbonScope/Grid/Data/timezone-country.csv: IANA time zone id -> ISO 3166-1 alpha-2, from zone.tab and
  the links ("L" lines) of tzdata.zi (public domain).
- src/CarbonScope/Footprint/Data/equivalents.csv: everyday equivalents of CO2e (g CO2e per km driven by an
  average new car in the EU, EEA 2024), from carbontracker's co2eq.csv (MIT).
- src/CarbonScope/Measurement/Hardware/Data/accelerators.csv: the hardware catalog of the roofline estimate (peak
  FLOP/s per precision, memory bandwidth and size, TDP, idle power), from the reference accelerator_specs.csv and,
  for a few CPUs, CodeCarbon's TDPs with vendor figures; source, year and licence per row.
- src/CarbonScope/Footprint/Data/ml-models.csv: a catalog of well-known ML models (family, goal, parameters, FLOPs
  per inference, memory), entered by hand in this script from the paper or model card named in each row.

Python 3 standard library only. The output is deterministic: the same input gives the same bytes (the tz
tables depend on the tzdata version, which is written into them).
See data/README.md for the provenance of every table.
"""

import argparse
import csv
import io
import json
import math
import os
import re
import sys
import textwrap

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


# ---------------------------------------------------------------------------------------------------------------
# Shared output helper

def write_table(label, output_path, data):
    """Writes the bytes of a table and says whether they changed."""
    os.makedirs(os.path.dirname(output_path), exist_ok=True)
    previous = None
    if os.path.exists(output_path):
        with open(output_path, "rb") as f:
            previous = f.read()
    with open(output_path, "wb") as f:
        f.write(data)
    return "unchanged" if previous == data else ("updated" if previous is not None else "created")


HEADER_WIDTH = 112


def header_lines(lines):
    """The leading comment of a table: each line prefixed with '# '; a line longer than HEADER_WIDTH is wrapped,
    its continuation lines indented by two spaces like the hand-wrapped ones."""
    out = []
    for line in lines:
        indent = "  " if line.startswith("  ") else ""
        out.extend(textwrap.wrap(line.strip(), width=HEADER_WIDTH, initial_indent=indent, subsequent_indent="  ",
                                 break_long_words=False, break_on_hyphens=False) or [""])
    return "".join(("# " + line).rstrip() + "\n" for line in out)



def render_csv(comment_lines, columns, rows):
    """The bytes of a table: the '#' comment lines, the header row, then the rows (RFC 4180, LF line ends)."""
    out = io.StringIO()
    out.write(header_lines(comment_lines))
    writer = csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(columns)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")

def format_number(value):
    """Shortest decimal text that reads back as the same double: 40.48 -> '40.48', 106.0 -> '106'."""
    text = repr(float(value))
    if text.endswith(".0"):
        text = text[:-2]
    if "e" in text or "E" in text or "n" in text:
        raise SystemExit(f"unexpected number {value!r}")
    return text


# ---------------------------------------------------------------------------------------------------------------
# Countries: ISO 3166-1 alpha-2, alpha-3, name and continent

DEFAULT_ZONEINFO = "/usr/share/zoneinfo"
DEFAULT_ISO_CODES = "/usr/share/iso-codes/json/iso_3166-1.json"

OWID_SOURCE = os.path.join("owid", "carbon-intensity-electricity_owid_grapher.csv")
# Files whose (alpha-2, alpha-3) pairs are checked against iso-codes; disagreements are printed, never used.
ALPHA3_CHECKS = [
    (os.path.join("carbontracker", "carbon-intensities.csv"), "alpha-2", "Code"),
    (os.path.join("owid", "carbon_intensity_electricity_latest_by_country.csv"), "iso2", "iso3"),
    (os.path.join("co2js", "unfccc_ifi_marginal_intensities_2021.csv"), "iso2", "iso3"),
]

COUNTRIES_OUTPUT = os.path.join("src", "CarbonScope", "Grid", "Data", "countries.csv")
INTENSITY_OUTPUT = os.path.join("src", "CarbonScope", "Grid", "Data", "country-intensity.csv")
TIMEZONE_OUTPUT = os.path.join("src", "CarbonScope", "Grid", "Data", "timezone-country.csv")

# OWID's continent aggregates, keyed CONTINENT:<code> in the intensity table (the two-letter continent codes).
CONTINENTS = [
    ("AF", "OWID_AFR", "Africa"),
    ("AS", "OWID_ASI", "Asia"),
    ("EU", "OWID_EUR", "Europe"),
    ("NA", "OWID_NAM", "North America"),
    ("OC", "OWID_OCE", "Oceania"),
    ("SA", "OWID_SAM", "South America"),
]
WORLD_OWID_CODE = "OWID_WRL"

# Continent of a country: the region (first component) of its first zone in the tz database's zone.tab.
TZ_REGION_CONTINENT = {
    "Africa": "AF",
    "Asia": "AS",
    "Europe": "EU",
    "Arctic": "EU",        # Arctic/Longyearbyen (Svalbard)
    "Australia": "OC",
    "Pacific": "OC",
    "America": "NA",       # except SOUTH_AMERICA below
}
# "America/..." zones cover both Americas: these countries are South America (UN M49 "South America").
SOUTH_AMERICA = {"AR", "BO", "BR", "BV", "CL", "CO", "EC", "FK", "GF", "GS", "GY", "PE", "PY", "SR", "UY", "VE"}
# Countries whose first zone lies in an ocean region (Atlantic/..., Indian/...) or that have no zone: assigned by
# hand, following the UN M49 regions. Antarctica (AQ) belongs to no continent with an OWID average.
CONTINENT_BY_HAND = {
    "BM": "NA", "CV": "AF", "FK": "SA", "FO": "EU", "GS": "SA", "IS": "EU", "SH": "AF",
    "CC": "OC", "CX": "OC", "IO": "AF", "KM": "AF", "MG": "AF", "MU": "AF", "MV": "AS", "RE": "AF", "SC": "AF",
    "TF": "AF", "YT": "AF",
    "BV": "SA", "HM": "OC",
}
# Not in ISO 3166-1 but in the intensity data: Kosovo, with the user-assigned codes the EU and the IMF use.
EXTRA_COUNTRIES = [
    # alpha-2, alpha-3, name, continent, OWID code
    ("XK", "XKX", "Kosovo", "EU", "OWID_KOS"),
]


def read_tab(path):
    """Rows of a tz .tab file: tab-separated fields, '#' lines skipped."""
    rows = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            rows.append(line.split("\t"))
    return rows


def read_tz(zoneinfo_dir):
    """The tz database as installed: version, alpha-2 -> name, zone.tab zones, links."""
    names = {}
    for row in read_tab(os.path.join(zoneinfo_dir, "iso3166.tab")):
        names[row[0]] = row[1]
    zones = []   # (zone, alpha-2) in file order
    for row in read_tab(os.path.join(zoneinfo_dir, "zone.tab")):
        zones.append((row[2], row[0]))
    version = None
    links = {}   # link name -> target
    real_zones = set()
    with open(os.path.join(zoneinfo_dir, "tzdata.zi"), encoding="utf-8") as f:
        for line in f:
            if line.startswith("# version "):
                version = line[len("# version "):].strip()
            elif line.startswith("L "):
                _, target, name = line.split()
                links[name] = target
            elif line.startswith("Z "):
                real_zones.add(line.split()[1])
    if version is None:
        raise SystemExit(f"{zoneinfo_dir}/tzdata.zi: no '# version' line")
    return {"version": version, "names": names, "zones": zones, "links": links, "real_zones": real_zones}


def read_owid(reference_dir):
    """The OWID grapher file: code -> (entity, {year: value}); entities without a code are listed apart."""
    path = os.path.join(reference_dir, OWID_SOURCE)
    by_code = {}
    uncoded = set()
    rows = 0
    with open(path, encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        header = next(reader, None)
        expected = ["Entity", "Code", "Year", "Carbon intensity of electricity per kWh"]
        if header != expected:
            raise SystemExit(f"{path}: expected the header {','.join(expected)!r}, found {header!r}")
        for row in reader:
            rows += 1
            entity, code, year, value = row
            if not code:
                uncoded.add(entity)
                continue
            value = float(value)
            if not math.isfinite(value) or value < 0 or value > 2000:
                raise SystemExit(f"{path}: implausible value {row!r}")
            entry = by_code.setdefault(code, (entity, {}))
            if entry[0] != entity:
                raise SystemExit(f"{path}: code {code} names both {entry[0]!r} and {entity!r}")
            if int(year) in entry[1]:
                raise SystemExit(f"{path}: {code} {year} appears twice")
            entry[1][int(year)] = value
    return path, rows, by_code, sorted(uncoded)


def build_countries(reference_dir, tz, iso_codes_path, owid):
    """alpha-2 -> (alpha-3, name, continent), for every ISO 3166-1 country plus EXTRA_COUNTRIES."""
    with open(iso_codes_path, encoding="utf-8") as f:
        iso = {entry["alpha_2"]: entry for entry in json.load(f)["3166-1"]}
    if set(iso) != set(tz["names"]):
        raise SystemExit("iso3166.tab and iso_3166-1.json list different alpha-2 codes: "
                         f"{sorted(set(iso) ^ set(tz['names']))}")

    first_zone = {}
    for zone, alpha2 in tz["zones"]:
        first_zone.setdefault(alpha2, zone)

    _, _, owid_codes, _ = owid
    countries = {}
    for alpha2 in sorted(iso):
        alpha3 = iso[alpha2]["alpha_3"]
        name = owid_codes[alpha3][0] if alpha3 in owid_codes else tz["names"][alpha2]
        if alpha2 in CONTINENT_BY_HAND:
            continent = CONTINENT_BY_HAND[alpha2]
        elif alpha2 in first_zone:
            region = first_zone[alpha2].split("/")[0]
            continent = TZ_REGION_CONTINENT.get(region, "")
            if region == "America" and alpha2 in SOUTH_AMERICA:
                continent = "SA"
        else:
            continent = ""
        countries[alpha2] = (alpha3, name, continent)
    for alpha2, alpha3, name, continent, _ in EXTRA_COUNTRIES:
        countries[alpha2] = (alpha3, name, continent)

    # Cross-check alpha-3 against the pairs other files use.
    mismatches = []
    for relative, a2_column, a3_column in ALPHA3_CHECKS:
        path = os.path.join(reference_dir, relative)
        with open(path, encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                alpha2, alpha3 = row[a2_column].strip(), row[a3_column].strip()
                if alpha2 and alpha3 and (alpha2 not in countries or countries[alpha2][0] != alpha3):
                    mismatches.append(f"{relative}: {alpha2}/{alpha3} (kept {alpha2}/"
                                      f"{countries[alpha2][0] if alpha2 in countries else '-'})")
    return countries, mismatches


def write_countries(countries, tz, output_path):
    no_continent = sorted(a2 for a2, c in countries.items() if not c[2])
    lines = [
        "CarbonScope country table: ISO 3166-1 alpha-2 and alpha-3 codes, name and continent of every country.",
        f"Sources: alpha-2 codes: the tz database (tzdata {tz['version']}), iso3166.tab, public domain;",
        "  alpha-3 codes: Debian iso-codes, iso_3166-1.json (the codes are ISO 3166-1 facts; the file is LGPL-2.1+);",
        "  names: Our World in Data's entity names where OWID has the country, else the tz database's names;",
        "  continent: the region of the country's first zone in the tz database's zone.tab (Europe/..., Asia/...),",
        "  America/... split into North and South America, ocean regions (Atlantic/..., Indian/...) and countries",
        "  without a zone assigned by hand following the UN M49 regions; empty for " + ", ".join(no_continent) + ".",
        "  Continent codes: AF Africa, AS Asia, EU Europe, NA North America (with Central America and the",
        "  Caribbean), OC Oceania, SA South America. Transcontinental countries take the side of their first zone",
        "  (Russia EU, Turkey EU, Kazakhstan AS, Egypt AF).",
        "Added: XK/XKX Kosovo (not in ISO 3166-1; the user-assigned codes used by the EU and the IMF).",
        "Licence: the codes and names are facts; this table is distributed with CarbonScope under its licence.",
        "Built by data/build_tables.py (see data/README.md).",
        f"Rows: {len(countries)}.",
    ]
    table = render_csv(lines, ["alpha2", "alpha3", "name", "continent"], ([alpha2, *countries[alpha2]] for alpha2 in sorted(countries)))
    return write_table("countries", output_path, table)


# ---------------------------------------------------------------------------------------------------------------
# Annual average carbon intensity per country (Ember / OWID)

OWID_DATASET = "Ember / Our World in Data"
OWID_LICENCE = "CC BY 4.0"
# The data year is the latest year for which at least this share of the countries in the file have a figure.
DATA_YEAR_COVERAGE = 0.9


def build_country_intensity(countries, owid, output_path):
    path, source_rows, by_code, uncoded = owid
    alpha2_by_alpha3 = {c[0]: a2 for a2, c in countries.items()}
    for alpha2, alpha3, _, _, owid_code in EXTRA_COUNTRIES:
        alpha2_by_alpha3[owid_code] = alpha2

    country_codes = [code for code in by_code if code in alpha2_by_alpha3]
    coverage = {}
    for code in country_codes:
        for year in by_code[code][1]:
            coverage[year] = coverage.get(year, 0) + 1
    data_year = max(y for y, n in coverage.items() if n >= DATA_YEAR_COVERAGE * len(country_codes))
    latest_year = max(coverage)

    def pick(code):
        years = [y for y in by_code[code][1] if y <= data_year]
        year = max(years)
        return year, by_code[code][1][year]

    rows = []   # zone, alpha3, name, kind, year, value
    year, value = pick(WORLD_OWID_CODE)
    rows.append(("WORLD", "", "World", "world", year, value))
    for code, owid_code, name in CONTINENTS:
        year, value = pick(owid_code)
        rows.append((f"CONTINENT:{code}", "", name, "continent", year, value))
    country_rows = []
    for code in country_codes:
        alpha2 = alpha2_by_alpha3[code]
        year, value = pick(code)
        country_rows.append((alpha2, countries[alpha2][0], countries[alpha2][1], "country", year, value))
    country_rows.sort()
    rows.extend(country_rows)

    older = sorted((r for r in country_rows if r[4] < data_year), key=lambda r: (r[4], r[0]))
    skipped = sorted(code for code in by_code
                     if code not in alpha2_by_alpha3 and code != WORLD_OWID_CODE
                     and code not in {c[1] for c in CONTINENTS})
    lines = [
        "CarbonScope country carbon intensity table: the annual average carbon intensity of electricity",
        "  generation, in g CO2e/kWh (life-cycle emission factors per fuel, production-based: imports and exports",
        "  are not traced), per country (ISO 3166-1 alpha-2), continent (CONTINENT:<code>) and the world (WORLD).",
        "Source: Our World in Data, grapher \"carbon-intensity-electricity\",",
        "  https://ourworldindata.org/grapher/carbon-intensity-electricity, based on Ember's yearly electricity data",
        "  and the Energy Institute Statistical Review of World Energy; read from an unmodified export of that chart",
        "  (repository sayanarman/CAP6938-Final-Project, data/carbon-intensity-electricity.csv, commit 2f9bd5a5).",
        f"Licence: {OWID_LICENCE} (https://creativecommons.org/licenses/by/4.0/).",
        "Attribution: Ember and Energy Institute - Statistical Review of World Energy, with processing by",
        "  Our World in Data; carbon intensity of electricity, CC BY 4.0.",
        f"Data year: {data_year}, the latest year that at least {int(DATA_YEAR_COVERAGE * 100)}% of the countries in the "
        f"source have ({coverage[data_year]} of {len(country_codes)}); {latest_year} has figures for "
        f"{coverage.get(latest_year, 0)} countries only, those Ember follows monthly, and is treated as preliminary.",
        f"  Each row is the country's latest year up to {data_year} and says which year; {len(older)} countries end "
        "earlier: " + ", ".join(f"{r[0]} {r[4]}" for r in older) + ".",
        "Changed from the source: countries keyed by alpha-2 (joined on alpha-3; OWID_KOS is XK Kosovo);",
        "  OWID's continent aggregates keyed CONTINENT:AF/AS/EU/NA/OC/SA; OWID_WRL is WORLD; Ember's regions,",
        "  OWID's income groups and the EU-27 left out. Values as published (rounded to 0.01 g/kWh or finer).",
        "Built by data/build_tables.py (see data/README.md).",
        f"Rows: {len(rows)} (1 world, {len(CONTINENTS)} continents, {len(country_rows)} countries).",
    ]
    table = render_csv(
        lines,
        ["zone", "alpha3", "name", "kind", "year", "grams_per_kwh", "source", "licence"],
        ([zone, alpha3, name, kind, year, format_number(value), OWID_DATASET, OWID_LICENCE] for zone, alpha3, name, kind, year, value in rows),
    )
    status = write_table("country-intensity", output_path, table)

    print(f"country-intensity: read {source_rows} rows, {len(by_code)} coded entities from {os.path.relpath(path, REPO_ROOT)}")
    print(f"country-intensity: countries with a figure per year: "
          + ", ".join(f"{y}: {coverage[y]}" for y in sorted(coverage)[-4:]))
    print(f"country-intensity: data year {data_year}; {len(older)} countries end earlier: "
          + ", ".join(f"{r[0]} {r[4]}" for r in older))
    print(f"country-intensity: left out {len(uncoded)} entities without a code: {', '.join(uncoded)}")
    print(f"country-intensity: left out {len(skipped)} aggregate codes: {', '.join(skipped)}")
    missing = sorted(a2 for a2 in countries if a2 not in {r[0] for r in country_rows})
    print(f"country-intensity: {len(missing)} countries without a figure (the world average applies): {' '.join(missing)}")
    print(f"country-intensity: wrote {len(rows)} rows to {os.path.relpath(output_path, REPO_ROOT)} ({status})")
    return data_year


# ---------------------------------------------------------------------------------------------------------------
# Time zone -> country (tz database)

# Legacy System V / POSIX-style names: they name no country (EST is a link to America/Panama in recent tzdata).
TZ_NOT_A_COUNTRY = {"CET", "CST6CDT", "EET", "EST", "EST5EDT", "Factory", "HST", "MET", "MST", "MST7MDT",
                    "PST8PDT", "WET"}
# Links that tz merged into a zone of another country (same clocks since 1970): their own country, by hand.
# In the tz source's `backward` file these links carry a note naming a zone of the right country.
TZ_LINK_COUNTRY = {
    "Africa/Asmera": "ER",             # -> Africa/Nairobi (KE); Asmara is in Eritrea
    "Africa/Timbuktu": "ML",           # -> Africa/Abidjan (CI)
    "America/Coral_Harbour": "CA",     # -> America/Panama (PA); Atikokan, Ontario
    "America/Virgin": "VI",            # -> America/Puerto_Rico (PR)
    "Antarctica/South_Pole": "AQ",     # -> Pacific/Auckland (NZ)
    "Atlantic/Jan_Mayen": "SJ",        # -> Europe/Berlin (DE)
    "Iceland": "IS",                   # -> Africa/Abidjan (CI)
    "Pacific/Johnston": "UM",          # -> Pacific/Honolulu (US)
    "Pacific/Ponape": "FM",            # -> Pacific/Guadalcanal (SB)
    "Pacific/Truk": "FM",              # -> Pacific/Port_Moresby (PG)
    "Pacific/Yap": "FM",               # -> Pacific/Port_Moresby (PG)
}


def build_timezones(tz, countries, output_path):
    by_zone = {}
    for zone, alpha2 in tz["zones"]:
        if zone in by_zone:
            raise SystemExit(f"zone.tab lists {zone} twice")
        by_zone[zone] = (alpha2, "zone")

    def resolve(name):
        seen = set()
        while name in tz["links"] and name not in seen:
            seen.add(name)
            name = tz["links"][name]
        return name

    added, fixed, not_country, legacy = 0, [], [], []
    for name in sorted(tz["links"]):
        if name in by_zone:
            continue
        if name in TZ_NOT_A_COUNTRY:
            legacy.append(name)
            continue
        target = resolve(name)
        if name in TZ_LINK_COUNTRY:
            by_zone[name] = (TZ_LINK_COUNTRY[name], "link-corrected")
            fixed.append(f"{name} -> {target} ({by_zone.get(target, ('-',))[0]}): {TZ_LINK_COUNTRY[name]}")
        elif target in by_zone:
            by_zone[name] = (by_zone[target][0], "link")
            added += 1
        else:
            not_country.append(f"{name} -> {target}")
    stale = sorted(k for k in TZ_LINK_COUNTRY if k not in tz["links"])
    unknown = sorted({a2 for a2, _ in by_zone.values() if a2 not in countries})
    if unknown:
        raise SystemExit(f"time zones name unknown countries: {unknown}")

    lines = [
        "CarbonScope time zone table: IANA time zone id -> the ISO 3166-1 alpha-2 code of its country.",
        f"Source: the tz database (tzdata {tz['version']} as installed in /usr/share/zoneinfo), public domain:",
        "  zone.tab (one country per zone, every country; kind 'zone') and the links ('L' lines) of tzdata.zi",
        "  (aliases such as US/Eastern, Asia/Calcutta, Europe/Belfast; kind 'link': the country of the zone the",
        "  link points to).",
        f"Corrected by hand ({len(fixed)}, kind 'link-corrected'): links that tz merged into a zone of another country",
        "  (e.g. Iceland -> Africa/Abidjan) take their own country.",
        "Left out: Etc/*, UTC, GMT and their aliases (no country), and the legacy names "
        + ", ".join(sorted(TZ_NOT_A_COUNTRY)) + ".",
        "A time zone is not a grid zone: this only guesses the country of a machine from its clock setting.",
        "Built by data/build_tables.py (see data/README.md).",
        f"Rows: {len(by_zone)} ({len(tz['zones'])} zones, {added} links, {len(fixed)} corrected links).",
    ]
    table = render_csv(lines, ["time_zone", "country", "kind"], ([zone, *by_zone[zone][:2]] for zone in sorted(by_zone)))
    status = write_table("timezone-country", output_path, table)

    print(f"timezone-country: tzdata {tz['version']}: {len(tz['zones'])} zones in zone.tab, {len(tz['links'])} links")
    print(f"timezone-country: {added} links follow their target's country; {len(fixed)} corrected by hand:")
    for line in fixed:
        print(f"  {line}")
    if stale:
        print(f"timezone-country: corrections for links this tzdata does not have: {', '.join(stale)}")
    print(f"timezone-country: left out {len(not_country)} links to no country's zone: "
          + ", ".join(not_country))
    print(f"timezone-country: left out legacy names: {', '.join(legacy) or 'none (not links in this tzdata)'}")
    print(f"timezone-country: wrote {len(by_zone)} rows to {os.path.relpath(output_path, REPO_ROOT)} ({status})")


# ---------------------------------------------------------------------------------------------------------------
# Everyday equivalents (carbontracker / EEA)

EQUIVALENTS_SOURCE = os.path.join("carbontracker", "co2eq_conversion.csv")
EQUIVALENTS_OUTPUT = os.path.join("src", "CarbonScope", "Footprint", "Data", "equivalents.csv")
# (source row name, key, unit, description, year, source text)
EQUIVALENTS = [
    ("eu_new_car_2024", "eu-new-car-km", "km", "driven by an average new car in the EU", 2024,
     "EEA 2024, via carbontracker"),
]
EQUIVALENTS_LICENCE = "MIT (carbontracker table); figure by the European Environment Agency, source acknowledged"


def build_equivalents(reference_dir, output_path):
    path = os.path.join(reference_dir, EQUIVALENTS_SOURCE)
    with open(path, encoding="utf-8", newline="") as f:
        source_rows = {row["name"]: row for row in csv.DictReader(f)}
    rows = []
    for name, key, unit, description, year, source in EQUIVALENTS:
        row = source_rows.get(name)
        if row is None:
            raise SystemExit(f"{path}: no row {name!r}")
        if row["unit"] != "km travelled by car":
            raise SystemExit(f"{path}: {name}: unexpected unit {row['unit']!r}")
        grams = float(row["gCO2eq_per_unit"])
        if not (0 < grams < 1000):
            raise SystemExit(f"{path}: {name}: implausible factor {grams}")
        rows.append((key, format_number(grams), unit, description, year, source, EQUIVALENTS_LICENCE,
                     row["source"].strip()))

    lines = [
        "CarbonScope equivalents table: everyday equivalents of an amount of CO2e, in g CO2e per unit.",
        "Source: carbontracker (saintslab/carbontracker, carbontracker/emissions/conversion/co2eq.csv, file commit",
        "  f77291b0, 2025-11-12; MIT), row eu_new_car_2024: the average CO2 emissions of new passenger cars",
        "  registered in the EU in 2024, as reported by the European Environment Agency (the url column).",
        "Licence: the carbontracker repository is MIT; the figure is the EEA's, cited with its source.",
        "Only factors with a source in the reference data are included (one, for now).",
        "Built by data/build_tables.py (see data/README.md).",
        f"Rows: {len(rows)}.",
    ]
    table = render_csv(lines, ["key", "grams_per_unit", "unit", "description", "year", "source", "licence", "url"], rows)
    status = write_table("equivalents", output_path, table)
    print(f"equivalents: read {len(source_rows)} rows from {os.path.relpath(path, REPO_ROOT)}, kept {len(rows)}")
    print(f"equivalents: wrote {len(rows)} rows to {os.path.relpath(output_path, REPO_ROOT)} ({status})")



# ---------------------------------------------------------------------------------------------------------------
# Sub-national grid zones and cloud regions

ZONE_INTENSITY_OUTPUT = os.path.join("src", "CarbonScope", "Grid", "Data", "zone-intensity.csv")
EM_SOURCE = os.path.join("co2js", "electricitymaps_yearly_zone_averages_2021_2025.csv")
EM_YEAR = 2024   # the country table's data year; co2.js's 2025 file was published early in 2026
EM_DATASET = "Electricity Maps yearly zone averages, via CO2.js"
EM_LICENCE = "ODbL 1.0"
GOOGLE_SOURCE = os.path.join("cloud", "gcp_region_carbon_info", "2024.csv")
GOOGLE_YEAR = 2024
GOOGLE_DATASET = "Google Cloud region-carbon-info"
CCF_SOURCE = os.path.join("cloud", "ccf_cloud_region_emission_factors.csv")
CCF_DATASET = "Cloud Carbon Footprint"
APACHE = "Apache-2.0"
CLOUD_PROVIDERS = ("aws", "azure", "gcp")


def build_zone_intensity(reference_dir, countries, output_path):
    rows = []   # zone, name, kind, year, value, source_id, source, licence, grid_zone

    em_path = os.path.join(reference_dir, EM_SOURCE)
    with open(em_path, newline="", encoding="utf-8") as f:
        em = [r for r in csv.DictReader(f)]
    country_level = 0
    for r in em:
        if int(r["year"]) != EM_YEAR:
            continue
        key = r["zone_key"].strip()
        if len(key) == 2 and key.isalpha():
            country_level += 1   # countries come from the Ember / OWID table
            continue
        rows.append((key, r["zone_name"].strip(), "grid-zone", EM_YEAR, float(r["ci_gco2eq_per_kwh"]),
                     "electricitymaps", EM_DATASET, EM_LICENCE, ""))
    em_count = len(rows)

    # The Electricity Maps zone each cloud region lies in, from CCF's mapping (for live providers).
    ccf_path = os.path.join(reference_dir, CCF_SOURCE)
    with open(ccf_path, newline="", encoding="utf-8") as f:
        ccf = [r for r in csv.DictReader(f)]
    em_zone_of = {f"{r['provider'].strip()}:{r['region'].strip()}": r["electricitymaps_zone"].strip() for r in ccf if r["variant"] == "grid"}

    google_path = os.path.join(reference_dir, GOOGLE_SOURCE)
    with open(google_path, newline="", encoding="utf-8-sig") as f:
        google = {r["Google Cloud Region"].strip(): r for r in csv.DictReader(f)}
    for region, r in sorted(google.items()):
        rows.append((f"gcp:{region}", r["Location"].strip(), "cloud-region", GOOGLE_YEAR,
                     float(r["Grid carbon intensity (gCO2eq / kWh)"]), "google-region-carbon", GOOGLE_DATASET, APACHE,
                     em_zone_of.get(f"gcp:{region}", "")))

    ccf_count = 0
    for r in ccf:
        provider, region = r["provider"].strip(), r["region"].strip()
        if (provider not in CLOUD_PROVIDERS or r["variant"] != "grid" or region.lower() == "unknown"
                or r["location"].startswith("multi-region")):   # CCF sums region factors for multi-regions
            continue
        if provider == "gcp" and region in google:
            continue   # Google's own, newer figure
        years = [int(y) for y in re.findall(r"\b(?:19|20)\d\d\b", r["source_year"])]
        rows.append((f"{provider}:{region}", r["location"].strip(), "cloud-region", max(years),
                     float(r["gCO2e_per_kWh"]), "ccf", f"{CCF_DATASET} ({r['source'].strip()})", APACHE,
                     r["electricitymaps_zone"].strip()))
        ccf_count += 1

    keys = [r[0].upper() for r in rows]
    duplicates = sorted({k for k in keys if keys.count(k) > 1})
    if duplicates:
        raise SystemExit(f"zone-intensity: duplicate zones {duplicates}")
    clash = sorted(k for k in keys if k in {a2 for a2 in countries} or k in {c[0] for c in countries.values()})
    if clash:
        raise SystemExit(f"zone-intensity: zones that are country codes: {clash}")
    rows.sort(key=lambda r: (r[2] != "grid-zone", r[0].upper()))

    lines = [
        "CarbonScope grid zone and cloud region carbon intensity table: annual average carbon intensity of",
        "  electricity, in g CO2e/kWh, for sub-national grid zones (Electricity Maps zone keys such as US-CAL-CISO,",
        "  DK-DK1, SE-SE3) and cloud regions (aws:eu-west-3, azure:westeurope, gcp:europe-west1). Each row gives its",
        "  year, source and licence. Countries are in country-intensity.csv.",
        f"Grid zones ({em_count} rows, kind grid-zone): Electricity Maps yearly zone averages for {EM_YEAR}",
        "  (consumption-based, flow-traced, life-cycle), as republished by CO2.js (thegreenwebfoundation/co2.js,",
        "  data/output/electricity-maps/yearly_2024.json, commit 27cbe832); country-level zones left out.",
        "  Licence: Open Database License (ODbL) 1.0, https://opendatacommons.org/licenses/odbl/1-0/.",
        "  Attribution: \"Electricity Maps (electricitymaps.com), yearly zone averages, via CO2.js, ODbL\".",
        "  This table is a derived database of that data and is therefore itself made available under the ODbL 1.0.",
        f"Google Cloud regions ({len(google)} rows): GoogleCloudPlatform/region-carbon-info, data/yearly/{GOOGLE_YEAR}.csv",
        "  (commit 49f3f26b), \"Grid carbon intensity (gCO2eq / kWh)\" (average, operational), Apache-2.0.",
        f"Other cloud regions ({ccf_count} rows, AWS, Azure and Google regions missing from Google's {GOOGLE_YEAR} file):",
        "  Cloud Carbon Footprint (cloud-carbon-footprint/cloud-carbon-footprint, commit b7a049c7), the grid",
        "  emission factors of packages/{aws,azure,gcp}/src/domain/*FootprintEstimationConstants.ts, Apache-2.0;",
        "  each row's source names CCF's upstream (EPA eGRID2020 NERC regions, EEA, carbonfootprint.com, Google);",
        "  year: the last year of CCF's source years. Rows named 'Unknown', Google multi-regions (CCF sums their",
        "  regions' factors: not an intensity) and Google CFE-adjusted variants left out.",
        "grid_zone: for a cloud region, the Electricity Maps zone it lies in (CCF's mapping, Apache-2.0), which is",
        "  asked of live providers; empty for grid zones and regions CCF does not map.",
        "Built by data/build_tables.py (see data/README.md).",
        f"Rows: {len(rows)}.",
    ]
    table = render_csv(
        lines,
        ["zone", "name", "kind", "year", "grams_per_kwh", "source_id", "source", "licence", "grid_zone"],
        ([zone, name, kind, year, format_number(value), source_id, source, licence, grid_zone]
         for zone, name, kind, year, value, source_id, source, licence, grid_zone in rows),
    )
    status = write_table("zone-intensity", output_path, table)
    print(f"zone-intensity: {em_count} Electricity Maps zones for {EM_YEAR} from {EM_SOURCE} "
          f"({country_level} country-level zones left out)")
    print(f"zone-intensity: {len(google)} Google Cloud regions from {GOOGLE_SOURCE}; {ccf_count} regions from {CCF_SOURCE}")
    print(f"zone-intensity: wrote {len(rows)} rows to {os.path.relpath(output_path, REPO_ROOT)} ({status})")


# ---------------------------------------------------------------------------------------------------------------
# Hardware catalog (roofline figures): accelerators from ../shared's accelerator_specs.csv, CPUs derived by hand

HARDWARE_SOURCE = os.path.join("hardware", "accelerator_specs.csv")
HARDWARE_OUTPUT = os.path.join("src", "CarbonScope", "Measurement", "Hardware", "Data", "accelerators.csv")
HARDWARE_LICENCE = "facts from the vendor's published specification, cited per row"
KIND_BY_FORM = {"chip": "tpu", "SoC": "soc"}
# Idle power where no source gives one: a fraction of the TDP. The fraction is the floor of CodeCarbon's cpu_load
# model, P = TDP x (0.1 + 0.9 x load^3) (docs/reference.md 1.4): at load 0 the package draws 10% of its TDP.
IDLE_FRACTION_OF_TDP = 0.1
IDLE_RULE = "rule: 10% of TDP (floor of CodeCarbon's cpu_load model P = TDP x (0.1 + 0.9 x load^3))"
# Rows of the source without an official TDP that another cited figure stands in for (the basis says which).
TDP_STAND_INS = {
    "TPU v4": (192, "max measured chip power, Jouppi et al., ISCA 2023 (Google publishes no TDP)"),
}
# A few server and desktop CPUs. Their TDP comes from the CPU TDP table (CodeCarbon, MIT); cores, base clock and
# memory channels from the vendor's product page; peak FP32 = cores x base clock x FP32 FLOP per cycle per core
# (vector width x 2 for FMA x FMA units), memory bandwidth = channels x MT/s x 8 bytes. A CPU's memory is the host's
# RAM, not a property of the part: memory_gb stays empty.
# (name, TDP table name, year, architecture, cores, base GHz, FP32 FLOP/cycle/core, FLOP/cycle basis, channels, MT/s, DDR, url)
CPUS = [
    ("Intel Xeon Platinum 8380", "Intel Xeon Platinum 8380", 2021, "Ice Lake", 40, 2.3, 64, "AVX-512, 2 FMA units", 8, 3200, "DDR4",
     "https://www.intel.com/content/www/us/en/products/sku/212287/intel-xeon-platinum-8380-processor-60m-cache-2-30-ghz/specifications.html"),
    ("Intel Xeon Platinum 8480+", "Intel Xeon Platinum 8480+", 2023, "Sapphire Rapids", 56, 2.0, 64, "AVX-512, 2 FMA units", 8, 4800, "DDR5",
     "https://www.intel.com/content/www/us/en/products/sku/231746/intel-xeon-platinum-8480-processor-105m-cache-2-00-ghz/specifications.html"),
    ("AMD EPYC 7763", "AMD EPYC 7763", 2021, "Zen 3 (Milan)", 64, 2.45, 32, "AVX2, 2 x 256-bit FMA", 8, 3200, "DDR4",
     "https://www.amd.com/en/products/processors/server/epyc/7003-series/amd-epyc-7763.html"),
    ("AMD EPYC 9654", "AMD EPYC 9654", 2022, "Zen 4 (Genoa)", 96, 2.4, 32, "Zen 4, 2 x 256-bit FMA (AVX-512 in two halves)", 12, 4800,
     "DDR5", "https://www.amd.com/en/products/processors/server/epyc/4th-generation-9004-and-8004-series/amd-epyc-9654.html"),
    ("AMD Ryzen 9 7950X", "AMD Ryzen 9 7950X", 2022, "Zen 4 (Raphael)", 16, 4.5, 32, "Zen 4, 2 x 256-bit FMA (AVX-512 in two halves)", 2,
     5200, "DDR5", "https://www.amd.com/en/products/processors/desktops/ryzen/7000-series/amd-ryzen-9-7950x.html"),
]
HARDWARE_COLUMNS = [
    "name", "vendor", "kind", "form_factor", "architecture", "year", "memory_gb", "memory_type", "memory_bandwidth_gbps",
    "tdp_watts", "tdp_basis", "idle_watts", "idle_basis", "fp32_tflops", "tf32_tflops", "fp16_tflops", "bf16_tflops",
    "fp8_tflops", "int8_tops", "source", "source_url", "licence", "notes",
]


def optional_number(text, path, row_name, column):
    text = text.strip()
    if not text:
        return ""
    try:
        value = float(text)
    except ValueError:
        raise SystemExit(f"{path}: {row_name}: {column} {text!r} is not a number")
    if not (math.isfinite(value) and value > 0):
        raise SystemExit(f"{path}: {row_name}: {column} {text!r} is not positive")
    return format_number(value)


def build_hardware(reference_dir, output_path):
    path = os.path.join(reference_dir, HARDWARE_SOURCE)
    with open(path, encoding="utf-8", newline="") as f:
        source_rows = list(csv.DictReader(f))
    rows = []
    for r in source_rows:
        vendor, model = r["vendor"].strip(), r["model"].strip()
        name = f"{vendor} {model}"
        form = r["form_factor"].strip()
        kind = KIND_BY_FORM.get(form, "gpu")
        if vendor == "Intel" and model.startswith("Gaudi"):
            kind = "npu"
        tdp = optional_number(r["tdp_w"], path, name, "tdp_w")
        tdp_basis = "vendor TDP / board power (datasheet)" if tdp else ""
        if not tdp and model in TDP_STAND_INS:
            watts, basis = TDP_STAND_INS[model]
            tdp, tdp_basis = format_number(watts), basis
        idle = format_number(round(float(tdp) * IDLE_FRACTION_OF_TDP, 3)) if tdp else ""
        number = {c: optional_number(r[c], path, name, c) for c in
                  ("memory_gb", "mem_bw_gbps", "fp32_tflops", "tf32_tflops_dense", "fp16_tflops_dense",
                   "bf16_tflops_dense", "fp8_tflops_dense", "int8_tops_dense")}
        if not number["mem_bw_gbps"]:
            raise SystemExit(f"{path}: {name}: no memory bandwidth")
        rows.append([
            name, vendor, kind, form, r["architecture"].strip(), int(r["release_year"]), number["memory_gb"],
            r["memory_type"].strip(), number["mem_bw_gbps"], tdp, tdp_basis, idle, IDLE_RULE if idle else "",
            number["fp32_tflops"], number["tf32_tflops_dense"], number["fp16_tflops_dense"],
            number["bf16_tflops_dense"], number["fp8_tflops_dense"], number["int8_tops_dense"],
            f"{vendor} specification (via CarbonScope reference accelerator_specs.csv)", r["source_url"].strip(),
            HARDWARE_LICENCE, r["notes"].strip(),
        ])
    accelerator_count = len(rows)

    tdp_path = os.path.join(reference_dir, CPU_SOURCE)
    with open(tdp_path, encoding="utf-8", newline="") as f:
        tdp_by_name = {}
        for row in csv.reader(f):
            if len(row) == 2:
                tdp_by_name.setdefault(collapse_whitespace(row[0]).casefold(), row[1].strip())
    for name, tdp_name, year, architecture, cores, ghz, flop_per_cycle, flop_basis, channels, mts, ddr, url in CPUS:
        tdp_text = tdp_by_name.get(tdp_name.casefold())
        if tdp_text is None:
            raise SystemExit(f"{tdp_path}: no TDP for {tdp_name!r}")
        tdp = float(tdp_text)
        fp32 = cores * ghz * flop_per_cycle / 1000.0          # TFLOP/s
        bandwidth = channels * mts * 8 / 1000.0               # GB/s
        vendor = name.split()[0]
        rows.append([
            name, vendor, "cpu", "socket", architecture, year, "", ddr, format_number(round(bandwidth, 3)),
            format_watts(tdp), "CodeCarbon CPU TDP table (Intel ARK / AMD specifications), MIT",
            format_number(round(tdp * IDLE_FRACTION_OF_TDP, 3)), IDLE_RULE,
            format_number(round(fp32, 4)), "", "", "", "", "",
            f"{vendor} product page; derived: fp32 = {cores} cores x {ghz} GHz base x {flop_per_cycle} FLOP/cycle "
            f"({flop_basis}); bandwidth = {channels} channels x {ddr}-{mts} x 8 bytes", url,
            "facts from the vendor's product page (derived as stated); TDP from CodeCarbon (MIT)",
            "memory is the host's RAM (not a property of the CPU); no fp16/int8 peak given (AMX/VNNI not modelled)",
        ])

    names = [r[0].casefold() for r in rows]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise SystemExit(f"hardware: duplicate names {duplicates}")
    rows.sort(key=lambda r: (r[2] == "cpu", r[0].casefold()))

    lines = [
        "CarbonScope hardware catalog: the figures a roofline estimate needs, per accelerator or CPU: peak dense",
        "  FLOP/s per precision (TFLOP/s; int8 in TOP/s), memory bandwidth (GB/s, 1 GB = 10^9 bytes), memory size (GB),",
        "  TDP and idle power (W). Each row gives its source, year (of release) and licence.",
        f"Accelerators ({accelerator_count} rows): CarbonScope's reference table hardware/accelerator_specs.csv, compiled",
        "  by hand from vendor datasheets, whitepapers and docs (the URL is in source_url). Tensor/matrix figures are",
        "  dense (vendor sparse figures / 2); fp32 is the non-tensor vector rate. Name = vendor + model.",
        "  Figures were written from the documents and spot-checked, not re-downloaded: check a row before relying on it.",
        f"CPUs ({len(CPUS)} rows): TDP from CodeCarbon's CPU TDP table (MIT); fp32 peak and memory bandwidth derived from",
        "  the vendor's cores, base clock and memory channels (the source column gives the arithmetic); memory_gb empty",
        "  (the host's RAM).",
        f"idle_watts: no source gives idle power for these parts, so every row uses the {IDLE_RULE}.",
        "  tdp_basis says where a TDP is not the vendor's own figure (TPU v4: a measured maximum).",
        "Empty cells: not published (Apple and most TPUs have no TDP; Apple M3/M4 and Jetson Orin Nano no FLOP/s).",
        "Built by data/build_tables.py (see data/README.md and docs/catalogs.md).",
        f"Rows: {len(rows)}.",
    ]
    table = render_csv(lines, HARDWARE_COLUMNS, rows)
    status = write_table("hardware", output_path, table)
    print(f"hardware: {accelerator_count} accelerators from {HARDWARE_SOURCE}, {len(CPUS)} CPUs (TDP from {CPU_SOURCE})")
    print(f"hardware: wrote {len(rows)} rows to {os.path.relpath(output_path, REPO_ROOT)} ({status})")


# ---------------------------------------------------------------------------------------------------------------
# ML model catalog (for the SustainML ML Model provider and the roofline estimate)

MODELS_OUTPUT = os.path.join("src", "CarbonScope", "Footprint", "Data", "ml-models.csv")
MODELS_LICENCE = "facts from the cited source (figures, not model weights)"
TORCHVISION_URL = "https://pytorch.org/vision/stable/models.html"
ULTRALYTICS_URL = "https://docs.ultralytics.com/models/yolov8/"
ENCODER_TOKENS = 128            # text classification: one sequence of 128 tokens
DECODER_CONTEXT = 1024          # text generation: one generated token with 1,024 tokens of context
TRANSLATION_TOKENS = (128, 128)  # translation: 128 source tokens in, 128 target tokens out
WHISPER_FRAMES, WHISPER_TOKENS = 1500, 100   # speech: 30 s of audio (1,500 encoder positions), 100 output tokens

# Entered by hand from the sources named per row (../shared has no model table). Parameters are the exact counts of
# the published checkpoints where the source gives them, else the source's rounded figure. The FLOPs of a row follow
# its rule (see flops_per_inference below and docs/catalogs.md).
# (name, family, architecture, goal, parameters, rule, rule figure, layers, d_model, source, url, year)
MODELS = [
    # Image classification: torchvision's reference figures at 224 x 224 (GFLOPS there counts multiply-adds).
    ("ResNet-18", "CNNs", "ResNet", "image-classification", 11_689_512, "macs", 1.81, 0, 0,
     "He et al., Deep Residual Learning, CVPR 2016; torchvision resnet18", TORCHVISION_URL, 2016),
    ("ResNet-50", "CNNs", "ResNet", "image-classification", 25_557_032, "macs", 4.09, 0, 0,
     "He et al., Deep Residual Learning, CVPR 2016; torchvision resnet50", TORCHVISION_URL, 2016),
    ("ResNet-101", "CNNs", "ResNet", "image-classification", 44_549_160, "macs", 7.80, 0, 0,
     "He et al., Deep Residual Learning, CVPR 2016; torchvision resnet101", TORCHVISION_URL, 2016),
    ("VGG-16", "CNNs", "VGG", "image-classification", 138_357_544, "macs", 15.47, 0, 0,
     "Simonyan and Zisserman, ICLR 2015; torchvision vgg16", TORCHVISION_URL, 2015),
    ("DenseNet-121", "CNNs", "DenseNet", "image-classification", 7_978_856, "macs", 2.83, 0, 0,
     "Huang et al., CVPR 2017; torchvision densenet121", TORCHVISION_URL, 2017),
    ("MobileNetV2", "CNNs", "MobileNet", "image-classification", 3_504_872, "macs", 0.30, 0, 0,
     "Sandler et al., CVPR 2018; torchvision mobilenet_v2", TORCHVISION_URL, 2018),
    ("MobileNetV3-Large", "CNNs", "MobileNet", "image-classification", 5_483_032, "macs", 0.22, 0, 0,
     "Howard et al., ICCV 2019; torchvision mobilenet_v3_large", TORCHVISION_URL, 2019),
    ("EfficientNet-B0", "CNNs", "EfficientNet", "image-classification", 5_288_548, "macs", 0.39, 0, 0,
     "Tan and Le, ICML 2019; torchvision efficientnet_b0", TORCHVISION_URL, 2019),
    ("ConvNeXt-Tiny", "CNNs", "ConvNeXt", "image-classification", 28_589_128, "macs", 4.46, 0, 0,
     "Liu et al., CVPR 2022; torchvision convnext_tiny", TORCHVISION_URL, 2022),
    ("ViT-B/16", "Transformers", "ViT", "image-classification", 86_567_656, "macs", 17.56, 0, 0,
     "Dosovitskiy et al., ICLR 2021; torchvision vit_b_16", TORCHVISION_URL, 2021),
    ("ViT-L/16", "Transformers", "ViT", "image-classification", 304_326_632, "macs", 61.55, 0, 0,
     "Dosovitskiy et al., ICLR 2021; torchvision vit_l_16", TORCHVISION_URL, 2021),
    ("Swin-T", "Transformers", "Swin", "image-classification", 28_288_354, "macs", 4.49, 0, 0,
     "Liu et al., ICCV 2021; torchvision swin_t", TORCHVISION_URL, 2021),
    # Object detection.
    ("YOLOv8n", "CNNs", "YOLO", "object-detection", 3_200_000, "flops", 8.7, 0, 0,
     "Ultralytics YOLOv8 docs (640 x 640)", ULTRALYTICS_URL, 2023),
    ("YOLOv8s", "CNNs", "YOLO", "object-detection", 11_200_000, "flops", 28.6, 0, 0,
     "Ultralytics YOLOv8 docs (640 x 640)", ULTRALYTICS_URL, 2023),
    ("YOLOv8m", "CNNs", "YOLO", "object-detection", 25_900_000, "flops", 78.9, 0, 0,
     "Ultralytics YOLOv8 docs (640 x 640)", ULTRALYTICS_URL, 2023),
    ("YOLOv8l", "CNNs", "YOLO", "object-detection", 43_700_000, "flops", 165.2, 0, 0,
     "Ultralytics YOLOv8 docs (640 x 640)", ULTRALYTICS_URL, 2023),
    ("Faster R-CNN ResNet-50 FPN", "CNNs", "Faster R-CNN", "object-detection", 41_755_286, "macs", 134.38, 0, 0,
     "Ren et al., NeurIPS 2015; torchvision fasterrcnn_resnet50_fpn (its reference input)", TORCHVISION_URL, 2015),
    ("SSDlite320 MobileNetV3-Large", "CNNs", "SSD", "object-detection", 3_440_060, "macs", 0.58, 0, 0,
     "Howard et al., ICCV 2019; torchvision ssdlite320_mobilenet_v3_large (320 x 320)", TORCHVISION_URL, 2019),
    # Text classification: encoders over one 128-token sequence.
    ("BERT-base", "Transformers", "BERT", "text-classification", 109_482_240, "encoder", 0, 12, 768,
     "Devlin et al., NAACL 2019; google-bert/bert-base-uncased", "https://huggingface.co/google-bert/bert-base-uncased", 2019),
    ("BERT-large", "Transformers", "BERT", "text-classification", 335_141_888, "encoder", 0, 24, 1024,
     "Devlin et al., NAACL 2019; google-bert/bert-large-uncased", "https://huggingface.co/google-bert/bert-large-uncased", 2019),
    ("DistilBERT-base", "Transformers", "DistilBERT", "text-classification", 66_362_880, "encoder", 0, 6, 768,
     "Sanh et al., 2019; distilbert/distilbert-base-uncased", "https://huggingface.co/distilbert/distilbert-base-uncased", 2019),
    ("RoBERTa-base", "Transformers", "RoBERTa", "text-classification", 124_645_632, "encoder", 0, 12, 768,
     "Liu et al., 2019; FacebookAI/roberta-base", "https://huggingface.co/FacebookAI/roberta-base", 2019),
    # Text generation: one generated token.
    ("GPT-2", "Transformers", "GPT-2", "text-generation", 124_439_808, "decoder", 0, 12, 768,
     "Radford et al., 2019; openai-community/gpt2", "https://huggingface.co/openai-community/gpt2", 2019),
    ("GPT-2 Medium", "Transformers", "GPT-2", "text-generation", 354_823_168, "decoder", 0, 24, 1024,
     "Radford et al., 2019; openai-community/gpt2-medium", "https://huggingface.co/openai-community/gpt2-medium", 2019),
    ("GPT-2 XL", "Transformers", "GPT-2", "text-generation", 1_557_611_200, "decoder", 0, 48, 1600,
     "Radford et al., 2019; openai-community/gpt2-xl", "https://huggingface.co/openai-community/gpt2-xl", 2019),
    ("OPT-1.3B", "Transformers", "OPT", "text-generation", 1_315_758_080, "decoder", 0, 24, 2048,
     "Zhang et al., 2022; facebook/opt-1.3b", "https://huggingface.co/facebook/opt-1.3b", 2022),
    ("TinyLlama-1.1B", "Transformers", "Llama", "text-generation", 1_100_048_384, "decoder", 0, 22, 2048,
     "Zhang et al., 2024; TinyLlama/TinyLlama-1.1B-Chat-v1.0", "https://huggingface.co/TinyLlama/TinyLlama-1.1B-Chat-v1.0", 2024),
    ("Phi-2", "Transformers", "Phi", "text-generation", 2_779_683_840, "decoder", 0, 32, 2560,
     "Microsoft, 2023; microsoft/phi-2", "https://huggingface.co/microsoft/phi-2", 2023),
    ("Llama-2-7B", "Transformers", "Llama", "text-generation", 6_738_415_616, "decoder", 0, 32, 4096,
     "Touvron et al., 2023; meta-llama/Llama-2-7b-hf", "https://huggingface.co/meta-llama/Llama-2-7b-hf", 2023),
    ("Llama-2-13B", "Transformers", "Llama", "text-generation", 13_015_864_320, "decoder", 0, 40, 5120,
     "Touvron et al., 2023; meta-llama/Llama-2-13b-hf", "https://huggingface.co/meta-llama/Llama-2-13b-hf", 2023),
    ("Mistral-7B", "Transformers", "Mistral", "text-generation", 7_241_732_096, "decoder", 0, 32, 4096,
     "Jiang et al., 2023; mistralai/Mistral-7B-v0.1", "https://huggingface.co/mistralai/Mistral-7B-v0.1", 2023),
    ("Llama-3-8B", "Transformers", "Llama", "text-generation", 8_030_261_248, "decoder", 0, 32, 4096,
     "Meta, 2024; meta-llama/Meta-Llama-3-8B", "https://huggingface.co/meta-llama/Meta-Llama-3-8B", 2024),
    # Translation: encoder-decoder, 128 tokens in and 128 out.
    ("T5-small", "Transformers", "T5", "translation", 60_506_624, "enc-dec", 0, 6, 512,
     "Raffel et al., JMLR 2020; google-t5/t5-small", "https://huggingface.co/google-t5/t5-small", 2020),
    ("T5-base", "Transformers", "T5", "translation", 222_903_552, "enc-dec", 0, 12, 768,
     "Raffel et al., JMLR 2020; google-t5/t5-base", "https://huggingface.co/google-t5/t5-base", 2020),
    ("Opus-MT en-de", "Transformers", "Marian", "translation", 74_000_000, "enc-dec", 0, 6, 512,
     "Tiedemann and Thottingal, EAMT 2020; Helsinki-NLP/opus-mt-en-de (about 74M)", "https://huggingface.co/Helsinki-NLP/opus-mt-en-de", 2020),
    ("NLLB-200-distilled-600M", "Transformers", "NLLB", "translation", 600_000_000, "enc-dec", 0, 12, 1024,
     "NLLB Team, 2022; facebook/nllb-200-distilled-600M (600M as named)", "https://huggingface.co/facebook/nllb-200-distilled-600M", 2022),
    # Speech recognition: Whisper on one 30 s window.
    ("Whisper tiny", "Transformers", "Whisper", "automatic-speech-recognition", 39_000_000, "whisper", 0, 4, 384,
     "Radford et al., ICML 2023, Table 1; openai/whisper-tiny", "https://huggingface.co/openai/whisper-tiny", 2023),
    ("Whisper base", "Transformers", "Whisper", "automatic-speech-recognition", 74_000_000, "whisper", 0, 6, 512,
     "Radford et al., ICML 2023, Table 1; openai/whisper-base", "https://huggingface.co/openai/whisper-base", 2023),
    ("Whisper small", "Transformers", "Whisper", "automatic-speech-recognition", 244_000_000, "whisper", 0, 12, 768,
     "Radford et al., ICML 2023, Table 1; openai/whisper-small", "https://huggingface.co/openai/whisper-small", 2023),
    ("Whisper medium", "Transformers", "Whisper", "automatic-speech-recognition", 769_000_000, "whisper", 0, 24, 1024,
     "Radford et al., ICML 2023, Table 1; openai/whisper-medium", "https://huggingface.co/openai/whisper-medium", 2023),
    ("Whisper large-v2", "Transformers", "Whisper", "automatic-speech-recognition", 1_550_000_000, "whisper", 0, 32, 1280,
     "Radford et al., ICML 2023, Table 1; openai/whisper-large-v2", "https://huggingface.co/openai/whisper-large-v2", 2023),
]
MODEL_COLUMNS = [
    "name", "family", "architecture", "goal", "parameters", "flops_per_inference", "input", "flops_basis",
    "memory_fp32_mb", "memory_fp16_mb", "source", "source_url", "year", "licence",
]


def model_flops(rule, figure, parameters, layers, d_model):
    """FLOPs of one inference and (input, basis) texts for a row's rule."""
    if rule == "macs":
        return 2 * figure * 1e9, "one 224 x 224 image", \
            f"2 x {format_number(figure)} G multiply-adds (torchvision's GFLOPS figure counts multiply-adds)"
    if rule == "flops":
        return figure * 1e9, "one 640 x 640 image", f"{format_number(figure)} GFLOPs as published"
    if rule == "encoder":
        n = ENCODER_TOKENS
        per_token = 2 * parameters + 2 * layers * n * d_model
        return per_token * n, f"one sequence of {n} tokens", \
            f"(2N + 2 n_layer n_ctx d_model) x {n} tokens, Kaplan et al. 2020 (N = all parameters, n_layer {layers}, d_model {d_model})"
    if rule == "decoder":
        c = DECODER_CONTEXT
        return 2 * parameters + 2 * layers * c * d_model, f"one generated token after {c} tokens of context", \
            f"2N + 2 n_layer n_ctx d_model, Kaplan et al. 2020 (N = all parameters, n_layer {layers}, d_model {d_model}, n_ctx {c})"
    if rule == "enc-dec":
        s, t = TRANSLATION_TOKENS
        return parameters * (s + t), f"{s} source tokens in, {t} target tokens out", \
            f"2 x (N/2) x ({s} + {t}): half the parameters in the encoder over the source, half in the decoder per target token; attention terms left out"
    if rule == "whisper":
        return parameters * (WHISPER_FRAMES + WHISPER_TOKENS), \
            f"one 30 s audio window ({WHISPER_FRAMES} encoder positions), {WHISPER_TOKENS} output tokens", \
            f"2 x (N/2) x ({WHISPER_FRAMES} + {WHISPER_TOKENS}): encoder and decoder of equal size; attention and the convolution stem left out"
    raise SystemExit(f"unknown FLOPs rule {rule!r}")


# Inputs that differ from the rule's usual one.
MODEL_INPUTS = {
    "Faster R-CNN ResNet-50 FPN": "one image at the input size torchvision measured it at (not stated in its table)",
    "SSDlite320 MobileNetV3-Large": "one 320 x 320 image",
}


def build_models(output_path):
    rows = []
    for name, family, architecture, goal, parameters, rule, figure, layers, d_model, source, url, year in MODELS:
        flops, input_text, basis = model_flops(rule, figure, parameters, layers, d_model)
        input_text = MODEL_INPUTS.get(name, input_text)
        rows.append([
            name, family, architecture, goal, parameters, format_number(round(flops)), input_text, basis,
            format_number(round(parameters * 4 / 1e6, 1)), format_number(round(parameters * 2 / 1e6, 1)),
            source, url, year, MODELS_LICENCE,
        ])
    names = [r[0].casefold() for r in rows]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise SystemExit(f"ml-models: duplicate names {duplicates}")
    lines = [
        "CarbonScope ML model catalog: well-known models with their family (SustainML's model_family values, CNNs or",
        "  Transformers), goal (Hugging Face pipeline task names), parameters, FLOPs of one inference (the input it",
        "  assumes and the rule are in input and flops_basis; 1 multiply-add = 2 FLOPs) and the memory of the weights",
        "  (MB = 10^6 bytes: parameters x 4 bytes at fp32, x 2 at fp16).",
        "Source: no table of this kind is in CarbonScope's reference data, so the parameters and published FLOPs were",
        "  entered by hand in data/build_tables.py from the paper or model card named in each row (torchvision's",
        "  model table for the torchvision vision models, Ultralytics' docs for YOLOv8, the Hugging Face model cards",
        "  and papers for the transformers). FLOPs of transformers are derived with Kaplan et al. 2020 (Scaling Laws",
        "  for Neural Language Models, Table 1) as flops_basis says. Year: of the paper or model release.",
        "Licence: the figures are facts, cited per row; the models' own licences differ and are not given here.",
        "Built by data/build_tables.py (see data/README.md and docs/catalogs.md).",
        f"Rows: {len(rows)}.",
    ]
    table = render_csv(lines, MODEL_COLUMNS, rows)
    status = write_table("ml-models", output_path, table)
    print(f"ml-models: wrote {len(rows)} rows (entered by hand from the cited sources) to "
          f"{os.path.relpath(output_path, REPO_ROOT)} ({status})")


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reference", default=DEFAULT_REFERENCE,
                        help="the reference data folder (default: ../shared/data/reference from the repository root)")
    parser.add_argument("--zoneinfo", default=DEFAULT_ZONEINFO,
                        help="the tz database folder with iso3166.tab, zone.tab and tzdata.zi (default: %(default)s)")
    parser.add_argument("--iso-codes", default=DEFAULT_ISO_CODES,
                        help="Debian iso-codes' iso_3166-1.json (default: %(default)s)")
    parser.add_argument("--output-dir", default=REPO_ROOT,
                        help="where the repository's tables are written (default: the repository root)")
    args = parser.parse_args(argv)
    reference = os.path.normpath(args.reference)
    if not os.path.isdir(reference):
        raise SystemExit(f"reference folder not found: {reference}")
    build_cpu_tdp(reference, os.path.join(args.output_dir, CPU_OUTPUT))

    tz = read_tz(args.zoneinfo)
    owid = read_owid(reference)
    countries, mismatches = build_countries(reference, tz, args.iso_codes, owid)
    status = write_countries(countries, tz, os.path.join(args.output_dir, COUNTRIES_OUTPUT))
    print(f"countries: {len(tz['names'])} ISO 3166-1 countries (tzdata {tz['version']}) + {len(EXTRA_COUNTRIES)} added; "
          f"alpha-3 from {args.iso_codes}")
    print(f"countries: {len(mismatches)} alpha-2/alpha-3 pairs in the reference files disagree with iso-codes (ignored):")
    for line in mismatches:
        print(f"  {line}")
    print(f"countries: wrote {len(countries)} rows to {COUNTRIES_OUTPUT} ({status})")
    build_country_intensity(countries, owid, os.path.join(args.output_dir, INTENSITY_OUTPUT))
    build_zone_intensity(reference, countries, os.path.join(args.output_dir, ZONE_INTENSITY_OUTPUT))
    build_timezones(tz, countries, os.path.join(args.output_dir, TIMEZONE_OUTPUT))
    build_equivalents(reference, os.path.join(args.output_dir, EQUIVALENTS_OUTPUT))
    build_hardware(reference, os.path.join(args.output_dir, HARDWARE_OUTPUT))
    build_models(os.path.join(args.output_dir, MODELS_OUTPUT))

if __name__ == "__main__":
    main(sys.argv[1:])
