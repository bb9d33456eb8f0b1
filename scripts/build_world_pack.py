"""Build the world pack's generated data files from maintained libraries and PLOVER.

Writes ``src/flashpoint/packs/world/countries.yaml`` (every UN member and observer state
with names, short names, demonyms and capitals) and ``src/flashpoint/packs/world/sectors.yaml``
(generic actor phrases -> sector codes). Run from the repository root:

    python scripts/build_world_pack.py [--shared ../shared]

Sources: country_converter (short and official names, UN membership), pycountry (ISO names),
countryinfo (capitals, demonyms; ``pip install countryinfo``), ``data/plover/countries.csv``
(nationality words) and ``data/plover/PLOVER_agents.txt`` (sector patterns) from shared/.
The small tables below fill the gaps no library covers (usage names like "Britain", seats of
government used as metonyms, demonyms the libraries lack).
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
import unicodedata
from importlib import resources
from pathlib import Path

import pandas as pd
import pycountry
import yaml

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "src" / "flashpoint" / "packs" / "world"

EXTRA_STATES = ("PSE", "VAT", "TWN", "XKX")
HISTORIC = {  # former states mapped to their continuing state
    "RUS": ["Soviet Union", "USSR", "U.S.S.R.", "Soviet"],
    "DEU": ["West Germany", "Federal Republic of Germany"],
    "MMR": ["Burma", "Burmese"],
    "LKA": ["Ceylon"],
    "BGD": ["East Pakistan"],
    "COD": ["Zaire"],
    "IRN": ["Persia"],
    "THA": ["Siam"],
    # names a state bore in the UN's first decades (the General Assembly debates go back to 1946);
    # a state that split with no continuing state (Czechoslovakia, East Germany) has none
    "KHM": ["Kampuchea", "Democratic Kampuchea", "Khmer Republic"],
    "NAM": ["South West Africa"],
    "TWN": ["Formosa"],
    "ZWE": ["Rhodesia", "Southern Rhodesia"],
    "ZMB": ["Northern Rhodesia"],  # so that "Rhodesia" inside it is not Zimbabwe
    "MWI": ["Nyasaland"],
    "BFA": ["Upper Volta"],
    "BEN": ["Dahomey"],
    "SRB": ["Yugoslavia"],
    "MDG": ["Malagasy Republic"],
    "EGY": ["United Arab Republic"],
}
SHORT_NAMES = {  # usage names the libraries do not list
    "USA": ["United States", "United States of America", "US", "U.S.", "USA", "U.S.A.", "America"],
    "GBR": ["United Kingdom", "UK", "U.K.", "Britain", "Great Britain"],
    "ARE": ["UAE", "U.A.E.", "Emirates", "United Arab Emirates"],
    "SAU": ["Saudi Arabia", "KSA", "Kingdom of Saudi Arabia"],
    "RUS": ["Russia", "Russian Federation"],
    "CHN": ["China", "People's Republic of China", "PRC"],
    "IRN": ["Iran", "Islamic Republic of Iran"],
    "TUR": ["Turkey", "Türkiye", "Turkiye"],
    "KOR": ["South Korea", "Republic of Korea"],
    "PRK": ["North Korea", "DPRK"],
    "SYR": ["Syria"],
    "NLD": ["Netherlands", "Holland"],
    "CZE": ["Czech Republic", "Czechia"],
    "CIV": ["Ivory Coast", "Côte d'Ivoire"],
    "PSE": ["Palestine", "State of Palestine"],
    "VAT": ["Vatican", "Holy See"],
    "TWN": ["Taiwan"],
    "XKX": ["Kosovo"],
    "AFG": ["Afghanistan"],
    "BGD": ["Bangladesh"],
    "LAO": ["Laos"],
    "VNM": ["Vietnam", "Viet Nam"],
    "MDA": ["Moldova"],
    "TZA": ["Tanzania"],
    "BOL": ["Bolivia"],
    "VEN": ["Venezuela"],
    "COD": ["DR Congo", "DRC", "Democratic Republic of the Congo"],
    "COG": ["Republic of the Congo"],
    "MKD": ["North Macedonia", "Macedonia"],
    "SWZ": ["Eswatini", "Swaziland"],
    "CPV": ["Cape Verde", "Cabo Verde"],
    "TLS": ["East Timor", "Timor-Leste"],
    "FSM": ["Micronesia"],
}
DEMONYMS = {  # demonyms and adjectives missing or wrong in the libraries
    "USA": ["American", "Americans"],
    "GBR": ["British", "Briton", "Britons"],
    "ARE": ["Emirati", "Emiratis"],
    "SAU": ["Saudi", "Saudis"],
    "TUR": ["Turkish", "Turk", "Turks"],
    "CHN": ["Chinese"],
    "IND": ["Indian", "Indians"],
    "PAK": ["Pakistani", "Pakistanis"],
    "AFG": ["Afghan", "Afghans"],
    "BGD": ["Bangladeshi", "Bangladeshis"],
    "LKA": ["Sri Lankan", "Sri Lankans"],
    "NPL": ["Nepalese", "Nepali"],
    "IRN": ["Iranian", "Iranians"],
    "MYS": ["Malaysian", "Malaysians"],
    "RUS": ["Russian", "Russians"],
    "ISR": ["Israeli", "Israelis"],
    "PSE": ["Palestinian", "Palestinians"],
    "NLD": ["Dutch"],
    "CHE": ["Swiss"],
    "FRA": ["French"],
    "KOR": ["South Korean", "South Koreans"],
    "PRK": ["North Korean", "North Koreans"],
    "QAT": ["Qatari", "Qataris"],
    "EGY": ["Egyptian", "Egyptians"],
}
SEATS = {  # seats of government and metonyms beside the capital
    "IND": ["Delhi", "New Delhi", "South Block"],
    "PAK": ["Islamabad"],
    "USA": [
        "Washington",
        "Washington, D.C.",
        "the White House",
        "White House",
        "State Department",
        "Pentagon",
    ],
    "GBR": ["London", "Whitehall", "Downing Street"],
    "RUS": ["Moscow", "Kremlin", "the Kremlin"],
    "CHN": ["Beijing", "Peking"],
    "ISR": ["Tel Aviv"],
    "LKA": ["Colombo"],
    "MMR": ["Naypyidaw", "Rangoon"],
    "CIV": ["Abidjan"],
    "NGA": ["Abuja"],
    "TZA": ["Dodoma", "Dar es Salaam"],
    "BOL": ["La Paz", "Sucre"],
    "ZAF": ["Pretoria"],
    "MYS": ["Kuala Lumpur", "Putrajaya"],
}
CAPITAL_EXCLUDE = {  # ambiguous words or contested cities that are not safe metonyms
    "Male",
    "Victoria",
    "Kingston",
    "Georgetown",
    "Hamilton",
    "Stanley",
    "Jerusalem",
    "Saint John's",
    "Palikir",
    "Castries",
    "Roseau",
    "Apia",
    "Sri Jayawardenepura Kotte",
    "Praia",
    "Nassau",
    "Washington D.C.",
    "City of Victoria",
    "Basseterre",
    "Funafuti",
    "Majuro",
    "Yaren",
    "Ngerulmud",
    "Melekeok",
    "Tarawa",
    "South Tarawa",
    "Honiara",
    "Port Louis",
    "Bandar Seri Begawan",
    "Lome",
    "Lomé",
    "Brussels",  # Brussels: the EU (organisations)
}
NAME_EXCLUDE = {"Georgia"}  # names that are mostly something else in English news (US state)
SECTOR_REMAP = {"SOC": "CVL", "JRN": "MED", "UAF": "REB", "PRM": "GOV", "PRE": "GOV"}
SECTOR_EXTRAS = {  # generic heads the PLOVER list lacks or codes differently for this genre
    "security forces": "MIL",
    "security force": "MIL",
    "security personnel": "MIL",
    "forces": "MIL",
    "armed forces": "MIL",
    "troops": "MIL",
    "soldiers": "MIL",
    "trooper": "MIL",
    "troopers": "MIL",
    "jawan": "MIL",
    "jawans": "MIL",
    "army": "MIL",
    "military": "MIL",
    "establishment": "MIL",
    "occupation forces": "MIL",
    "paramilitary": "MIL",
    "paramilitaries": "MIL",
    "personnel": "MIL",
    "government": "GOV",
    "administration": "GOV",
    "leadership": "GOV",
    "premier": "GOV",
    "prime minister": "GOV",
    "pm": "GOV",
    "president": "GOV",
    "foreign minister": "GOV",
    "foreign office": "GOV",
    "foreign ministry": "GOV",
    "external affairs minister": "GOV",
    "external affairs ministry": "GOV",
    "secretary of state": "GOV",
    "authorities": "GOV",
    "officials": "GOV",
    "diplomats": "GOV",
    "diplomatic cadres": "GOV",
    "state": "GOV",
    "regime": "GOV",
    "cabinet": "GOV",
    "parliament": "LEG",
    "lawmakers": "LEG",
    "people": "CVL",
    "youth": "CVL",
    "youths": "CVL",
    "citizens": "CVL",
    "society": "CVL",
    "civil society": "CVL",
    "public": "CVL",
    "nation": "CVL",
    "population": "CVL",
    "media": "MED",
    "press": "MED",
    "judiciary": "JUD",
    "supreme court": "JUD",
    "courts": "JUD",
    "police": "COP",
    "activists": "CVL",
    "protesters": "CVL",
    "leaders": "GOV",
    "leader": "GOV",
    "delegation": "GOV",
    "envoy": "GOV",
    "ambassador": "GOV",
    "spokesperson": "GOV",
    "spokesman": "GOV",
    "minister": "GOV",
    "navy": "MIL",
    "air force": "MIL",
    "army chief": "MIL",
    "chief of army staff": "MIL",
    "army chief of staff": "MIL",
    "generals": "MIL",
    "intelligence agencies": "SPY",
    "intelligence": "SPY",
    "agencies": "SPY",
    "militants": "REB",
    "insurgents": "REB",
}


def ascii_fold(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def with_folded(names: list[str]) -> list[str]:
    out: list[str] = []
    for name in names:
        for variant in (name, ascii_fold(name)):
            if variant and variant not in out:
                out.append(variant)
    return out


def converter_table() -> pd.DataFrame:
    path = resources.files("country_converter").joinpath("country_data.tsv")
    return pd.read_csv(str(path), sep="\t", keep_default_na=False, dtype=str)


def countryinfo_table() -> dict[str, dict]:
    try:
        from countryinfo import all_countries
    except ImportError:
        sys.exit("build_world_pack: countryinfo is needed at build time (pip install countryinfo)")
    table = {}
    for country in all_countries():
        info = country.info()
        iso3 = (info.get("ISO") or {}).get("alpha3")
        if iso3:
            table[iso3] = {"capital": info.get("capital") or "", "demonym": _safe(country.demonym)}
    return table


def _safe(getter) -> str:
    try:
        return getter() or ""
    except Exception:  # countryinfo raises for entries without the field
        return ""


def plover_nationalities(shared: Path) -> dict[str, list[str]]:
    """Nationality words from PLOVER's country list, kept only when they look like demonyms."""
    path = shared / "data" / "plover" / "countries.csv"
    out: dict[str, list[str]] = {}
    if not path.exists():
        return out
    with path.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            words = [w.strip() for w in row["Nationality"].split(",") if w.strip()]
            keep = [
                w
                for w in words
                if re.fullmatch(r"[A-Z][a-z]+(?:ese|ian|ians|an|ans|i|is|ish|ch)", w)
            ]
            out[row["CCA3"]] = keep
    return out


def build_countries(shared: Path) -> dict[str, dict]:
    cc = converter_table()
    info = countryinfo_table()
    nationalities = plover_nationalities(shared)
    members = cc[(cc.UNmember != "") | cc.ISO3.isin(EXTRA_STATES)]
    countries: dict[str, dict] = {}
    for row in members.itertuples():
        iso3 = row.ISO3
        record = pycountry.countries.get(alpha_3=iso3)
        names = [row.name_short, row.name_official]
        if record is not None:
            names += [
                record.name,
                getattr(record, "common_name", ""),
                getattr(record, "official_name", ""),
            ]
        names += SHORT_NAMES.get(iso3, []) + HISTORIC.get(iso3, [])
        names = [n for n in names if n and "," not in n and n not in NAME_EXCLUDE]
        ci = info.get(iso3, {})
        demonyms = list(DEMONYMS.get(iso3, []))
        demonyms += [d.strip() for d in ci.get("demonym", "").split(",") if d.strip()]
        stem = row.name_short[:4].lower()
        demonyms += [w for w in nationalities.get(iso3, []) if w.lower().startswith(stem)]
        plural = [d + "s" for d in demonyms if re.search(r"(an|i)$", d)]
        capitals = [
            c
            for c in [ci.get("capital", "")] + SEATS.get(iso3, [])
            if c and c not in CAPITAL_EXCLUDE
        ]
        countries[iso3] = {
            "name": SHORT_NAMES.get(iso3, [row.name_short])[0]
            if iso3 in SHORT_NAMES
            else row.name_short,
            "names": with_folded(list(dict.fromkeys(names))),
            "demonyms": with_folded(list(dict.fromkeys(demonyms + plural))),
            "capitals": with_folded(list(dict.fromkeys(capitals))),
        }
    return dict(sorted(_drop_shared_demonyms(countries).items()))


def _drop_shared_demonyms(countries: dict[str, dict]) -> dict[str, dict]:
    """A demonym claimed by two states ("Dominican") is kept only where our own table puts it."""
    owners: dict[str, set[str]] = {}
    for iso3, entry in countries.items():
        for d in entry["demonyms"]:
            owners.setdefault(d, set()).add(iso3)
    for iso3, entry in countries.items():
        entry["demonyms"] = [
            d
            for d in entry["demonyms"]
            if len(owners[d]) == 1 or d in DEMONYMS.get(iso3, []) or d in names_of(entry)
        ]
    return countries


def names_of(entry: dict) -> list[str]:
    return entry["names"]


def parse_plover_agents(shared: Path) -> dict[str, str]:
    """PLOVER agent patterns -> {lowercase phrase: sector}; regular plurals are generated."""
    path = shared / "data" / "plover" / "PLOVER_agents.txt"
    text = path.read_text(encoding="utf-8", errors="replace")
    subs: dict[str, list[str]] = {}
    sectors: dict[str, str] = {}
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if m := re.fullmatch(r"(![A-Z]+!)\s*=\s*(.+)", line):
            subs[m.group(1)] = [w.strip() for w in m.group(2).split(",")]
            continue
        m = re.fullmatch(r"(.+?)\s*(?:\{(.+?)\})?\s*\[~([A-Z]+)\]", line)
        if not m:
            continue
        phrase, plurals, code = m.groups()
        code = code[:3]
        code = SECTOR_REMAP.get(code, code)
        forms = [phrase] + ([plurals] if plurals else [])
        for form in forms:
            for expanded in _expand(form, subs):
                words = re.sub(r"[_\s]+", " ", expanded).strip().lower()
                if not re.fullmatch(r"[a-z][a-z' \-]*", words):
                    continue
                for variant in (words, _plural(words)):
                    sectors.setdefault(variant, code)
    return sectors


def _expand(form: str, subs: dict[str, list[str]]) -> list[str]:
    for key, values in subs.items():
        if key in form:
            return [x for v in values for x in _expand(form.replace(key, v + " ", 1), subs)]
    return [form]


def _plural(words: str) -> str:
    head, _, last = words.rpartition(" ")
    if last.endswith(("s", "x", "ch", "sh")):
        p = last + "es"
    elif last.endswith("y") and last[-2:-1] not in "aeiou":
        p = last[:-1] + "ies"
    elif last.endswith("man"):
        p = last[:-3] + "men"
    else:
        p = last + "s"
    return f"{head} {p}".strip()


def dump(path: Path, data: dict, header: str) -> None:
    body = yaml.safe_dump(
        data, allow_unicode=True, sort_keys=False, width=1000, default_flow_style=None
    )
    path.write_text(
        f"# {header}\n# Generated by scripts/build_world_pack.py; do not edit.\n{body}",
        encoding="utf-8",
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--out", type=Path, default=OUT, help="folder for the generated files")
    args = parser.parse_args(argv)
    if not (args.shared / "data" / "plover").is_dir():
        sys.exit(f"build_world_pack: {args.shared}: no data/plover folder")
    countries = build_countries(args.shared)
    sectors = parse_plover_agents(args.shared)
    sectors.update(SECTOR_EXTRAS)
    args.out.mkdir(parents=True, exist_ok=True)
    dump(
        args.out / "countries.yaml",
        countries,
        "States: ISO3 -> names, demonyms, capitals and seats.",
    )
    dump(
        args.out / "sectors.yaml",
        dict(sorted(sectors.items())),
        "Generic actor phrases -> sector code.",
    )
    print(f"{len(countries)} states, {len(sectors)} sector phrases -> {args.out}")


if __name__ == "__main__":
    main()
