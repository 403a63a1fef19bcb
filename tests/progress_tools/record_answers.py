"""Helper process for the progress-store durability tests (run as a script, never imported).

    python record_answers.py DATA_DIR [--count N] [--step] [--prefix P]
        record answers in a loop, printing "committed K" after each commit; with --step, wait
        for a line on stdin before every answer after the first; --count 0 runs until killed.
    python record_answers.py DATA_DIR --probe
        open the store, record one answer and print a JSON report (saving, notices, counts).
    python record_answers.py PARENT --together ROUNDS [--count N] [--prefix P]
        for each round r: wait for a line on stdin, then open the brand-new folder PARENT/round-r,
        record N answers and print "round r saving|waiting|memory" (how the answers were kept).
        Several of these started at once and released together open each new folder at the same
        instant.
"""

from __future__ import annotations

import argparse
import json
import sys

from acttutor.progress.store import ProgressStore


def probe(data_dir: str) -> int:
    """Report how the store behaves in this environment (used with a read-only directory)."""
    store = ProgressStore.open(data_dir)
    report: dict[str, object] = {
        "saving_at_open": store.saving,
        "answers_before": store.stats().answers,
    }
    result = store.record_answer("probe-q", "probe-lesson", "1", True, 1000)
    report.update(
        saved=result.saved,
        saving_after=store.saving,
        answers_after=store.stats().answers,
        notices=store.notices,
    )
    store.close()
    print(json.dumps(report))
    return 0


def record(data_dir: str, count: int, step: bool, prefix: str) -> int:
    """Record answers, announcing each one only after it is committed."""
    store = ProgressStore.open(data_dir)
    if not store.saving:
        print("not saving: " + " | ".join(store.notices), flush=True)
        return 1
    session = store.start_session("quiz", ["lesson-a"])
    index = 0
    while count == 0 or index < count:
        if step and index > 0 and not sys.stdin.readline():
            break
        store.record_answer(
            f"{prefix}-{index}", "lesson-a", str(index), index % 2 == 0, 1000 + index,
            session_id=session,
        )
        print(f"committed {index + 1}", flush=True)
        index += 1
    store.close()
    return 0


def together(parent: str, rounds: int, count: int, prefix: str) -> int:
    """Open a new folder per round the moment the parent says "go"; record answers there."""
    import fsrs  # noqa: F401

    import acttutor.progress.scheduler  # noqa: F401  (imported before "go": open at once)

    for round_index in range(rounds):
        if not sys.stdin.readline():
            return 1
        store = ProgressStore.open(f"{parent}/round-{round_index}")
        session = store.start_session("quiz", ["lesson-a"])
        kept = set()
        for index in range(count):
            result = store.record_answer(
                f"{prefix}-{index}", "lesson-a", str(index), True, 1000, session_id=session
            )
            waiting = getattr(result, "waiting", False)
            kept.add("saving" if result.saved else "waiting" if waiting else "memory")
        store.finish_session(session)
        store.close()
        print(f"round {round_index} {'+'.join(sorted(kept))}", flush=True)
    return 0


def main() -> int:
    """Parse the arguments and run the chosen mode."""
    parser = argparse.ArgumentParser()
    parser.add_argument("data_dir")
    parser.add_argument("--count", type=int, default=0)
    parser.add_argument("--step", action="store_true")
    parser.add_argument("--prefix", default="q")
    parser.add_argument("--probe", action="store_true")
    parser.add_argument("--together", type=int, default=0)
    args = parser.parse_args()
    if args.together:
        return together(args.data_dir, args.together, args.count or 3, args.prefix)
    if args.probe:
        return probe(args.data_dir)
    return record(args.data_dir, args.count, args.step, args.prefix)


if __name__ == "__main__":
    sys.exit(main())
