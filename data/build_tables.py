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

if __name__ == "__main__":
    main(sys.argv[1:])
