"""Benchmarks: ``make bench`` (or ``python -m bench [NAME]``). Not run by ``make test``.

``paths`` (the default) measures every hot path on a database of demo data
(``factcheck_bench`` on the server DATABASE_URL names, generated at ``--claims`` unless it
already holds that many); ``reassess`` times recomputing every assessment on a scratch
database; ``similar`` times similar-claim lookups and their recall on the evaluation
set among demo claims; ``loadtest`` (``make loadtest``) drives gunicorn with production
settings; ``stack`` counts the API list's fixed cost per request; ``compare --against
REV`` answers the same pages with this checkout and another revision, side by side.
"""

import argparse
import importlib
import os

BENCHMARKS = ["paths", "reassess", "similar"]
# Run only when named (make loadtest): it starts gunicorn and takes over a minute.
ON_REQUEST = ["loadtest", "chaos", "stack", "compare"]


def main():
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("name", nargs="?", choices=BENCHMARKS + ON_REQUEST, default="paths")
    parser.add_argument("--claims", type=int, default=int(os.environ.get("BENCH_CLAIMS", 100_000)))
    parser.add_argument("--trials", type=int, default=15, help="interleaved rounds (15 or more)")
    parser.add_argument("--no-http", action="store_true", help="in-process only")
    parser.add_argument("--short", action="store_true", help="chaos: shorter faults (CI)")
    compare = parser.add_argument_group("compare")
    compare.add_argument("--against", default="HEAD", help="compare: the other revision")
    compare.add_argument(
        "--path", action="append", default=[], help="compare: a path (repeat; default: pages)"
    )
    loads = parser.add_argument_group("loadtest")
    loads.add_argument(
        "--mix",
        choices=["mixed", "anonymous"],
        default="mixed",
        help="mixed: reads and a fact-checker's writes; anonymous: public reads with wrk",
    )
    loads.add_argument("--through-varnish", action="store_true", help="anonymous mix via Varnish")
    loads.add_argument("--replica", action="store_true", help="anonymous mix with a replica")
    loads.add_argument("--seconds", type=int, default=15, help="anonymous mix: per read")
    loads.add_argument("--connections", type=int, default=32, help="anonymous mix")
    loads.add_argument(
        "--database",
        default="",
        help="anonymous mix: an existing database of demo data to read (e.g. factcheck_bench)",
    )
    args = parser.parse_args()
    if args.name == "paths":
        importlib.import_module("bench.paths").run(
            claims=args.claims, trials=args.trials, http=not args.no_http
        )
    elif args.name == "compare":
        importlib.import_module("bench.compare").run(
            against=args.against, paths=args.path, trials=args.trials
        )
    elif args.name == "stack":
        importlib.import_module("bench.stack").run(claims=args.claims, trials=args.trials)
    elif args.name == "chaos":
        importlib.import_module("bench.chaos").run(short=args.short)
    elif args.name == "similar":
        importlib.import_module("bench.similar").run(claims=args.claims, trials=args.trials)
    elif args.name == "loadtest" and args.mix == "anonymous":
        importlib.import_module("bench.readload").run(
            claims=args.claims,
            seconds=args.seconds,
            connections=args.connections,
            through_varnish=args.through_varnish,
            replica=args.replica,
            database=args.database,
        )
    else:
        importlib.import_module(f"bench.{args.name}").run(claims=args.claims)


if __name__ == "__main__":
    main()
