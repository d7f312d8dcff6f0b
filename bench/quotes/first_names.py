"""Write ``src/newsprism/data/first_names.txt``: given names whose gender is all but certain, from
nomquamgender's name data (Van Buskirk, Clauset and Larremore, "An open-source cultural consensus
approach to name-based gender classification", ICWSM 2023; MIT licence; installed with the bench
extra). A name is kept when it is plain letters (hyphen or apostrophe allowed), was seen at least
MIN_COUNT times, and its probability of being a woman's name is at most MALE or at least FEMALE.
The quote stage reads the list to match "he" and "she" with the people an article names.

    .venv/bin/python bench/quotes/first_names.py
"""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from datalist import write_list

MIN_COUNT = 300
MALE, FEMALE = 0.08, 0.92
PLAIN = re.compile(r"[a-z][a-z'-]*[a-z]")


def main() -> None:
    spec = importlib.util.find_spec("nomquamgender")  # the data file, without the module's pandas
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("install the bench extra: pip install -e '.[bench]'")
    data = json.loads(
        (Path(spec.submodule_search_locations[0]) / "name_data.json").read_text(encoding="utf-8")
    )
    rows = []
    for name, (_sources, count, p_female, *_rest) in sorted(data.items()):
        if not PLAIN.fullmatch(name) or count < MIN_COUNT:
            continue
        if p_female <= MALE:
            rows.append(f"{name}\tm")
        elif p_female >= FEMALE:
            rows.append(f"{name}\tf")
    write_list(
        "first_names.txt",
        "Given names and the gender they all but certainly mark (m / f), tab-separated, one a "
        "line.\nWritten by bench/quotes/first_names.py from nomquamgender's name data (MIT "
        "licence;\nVan Buskirk, Clauset and Larremore, ICWSM 2023). Read by newsprism.lexicon.",
        rows,
    )


if __name__ == "__main__":
    main()
