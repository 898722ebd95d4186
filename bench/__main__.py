"""Benchmarks: ``make bench`` (or ``python -m bench NAME``). Not run by ``make test``.

Each benchmark runs against the database in DATABASE_URL (or the embedded one), in a
database of its own that it creates from scratch, and prints its measurements.
"""

import argparse
import importlib

BENCHMARKS = ["reassess", "api_list"]
# Run only when named (make loadtest): it starts gunicorn and takes over a minute.
ON_REQUEST = ["loadtest"]


def main():
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("name", nargs="?", choices=BENCHMARKS + ON_REQUEST, default=None)
    parser.add_argument("--claims", type=int, default=100_000)
    args = parser.parse_args()
    for name in [args.name] if args.name else BENCHMARKS:
        importlib.import_module(f"bench.{name}").run(claims=args.claims)


if __name__ == "__main__":
    main()
