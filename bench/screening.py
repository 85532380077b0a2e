"""Comments per second and latency of the screening engine on one core.

20,000 mixed demo comments (every category the simulator writes, in all its languages)
are screened one by one with `screen(text, context)`; each call is timed. The same texts
then go through better-profanity's `contains_profanity`, the common keyword approach,
for the ratio. The language model and word lists are loaded before the clock starts.
Prints the median of three runs (better-profanity, at about 20 ms a comment, runs once).
Usage: python bench/screening.py [--count N] [--runs N] [--baseline-runs N]
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def demo_comments(count: int):
    """(text, context) pairs from the demo simulator; Django only names the demo channels."""
    import django

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "somevakt.settings")
    django.setup()
    from somevakt.demo.setup import DEMO_CHANNELS
    from somevakt.demo.simulator import demo_events
    from somevakt.screening import Context

    channel_types = {channel.external_id: channel.channel_type for channel in DEMO_CHANNELS}
    texts = {}
    pairs = []
    for event in demo_events(count=count * 2, seed=7):
        if event.event != "upsert" or not event.text:
            continue
        if event.parent_external_id is None:
            parent = ""
        else:
            parent = texts.get(event.parent_external_id, "")
        texts[event.external_id] = event.text
        pairs.append(
            (
                event.text,
                Context(
                    channel_type=channel_types[event.channel],
                    is_top_level=event.kind == "post",
                    parent_text=parent,
                    place_names=("Rakkestad", "Degernes", "Os", "Kirkeng"),
                ),
            )
        )
        if len(pairs) == count:
            break
    return pairs


def timed(function, pairs) -> tuple[float, list[int]]:
    latencies = []
    clock = time.perf_counter_ns
    started = clock()
    for text, context in pairs:
        before = clock()
        function(text, context)
        latencies.append(clock() - before)
    return (clock() - started) / 1e9, latencies


def percentile(values: list[int], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] / 1000  # µs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=3)
    # better-profanity takes about 20 ms a comment: one run of it takes minutes already.
    parser.add_argument("--baseline-runs", type=int, default=1)
    options = parser.parse_args()

    from better_profanity import profanity

    from somevakt.screening import default_screener

    pairs = demo_comments(options.count)
    screener = default_screener()
    screener.detector.warm_up()
    profanity.load_censor_words()
    for text, context in pairs[:200]:  # warm caches for both
        screener.screen(text, context)
        if options.baseline_runs:
            profanity.contains_profanity(text)

    rows = {"somevakt screen()": [], "better-profanity contains_profanity()": []}
    functions = {
        "somevakt screen()": screener.screen,
        "better-profanity contains_profanity()": lambda text, _: profanity.contains_profanity(text),
    }
    runs = {"somevakt screen()": options.runs,
            "better-profanity contains_profanity()": options.baseline_runs}  # fmt: skip
    for name, function in functions.items():
        for _ in range(runs[name]):
            rows[name].append(timed(function, pairs))

    flagged = sum(screener.screen(text, context).needs_moderation for text, context in pairs)
    print(
        f"{len(pairs)} demo comments, {flagged} need moderation; median of {options.runs} "
        f"runs (better-profanity: {options.baseline_runs})"
    )
    print(f"{'engine':<40}{'comments/s':>12}{'p50 µs':>9}{'p99 µs':>9}{'max µs':>10}")
    rates = {}
    for name, runs in rows.items():
        if not runs:
            continue  # --baseline-runs 0: ours alone, while iterating
        seconds = statistics.median(run[0] for run in runs)
        latencies = min(runs, key=lambda run: abs(run[0] - seconds))[1]
        rates[name] = len(pairs) / seconds
        print(
            f"{name:<40}{rates[name]:>12,.0f}{percentile(latencies, 0.5):>9.1f}"
            f"{percentile(latencies, 0.99):>9.1f}{max(latencies) / 1000:>10.1f}"
        )
    if len(rates) == 2:
        ours, theirs = rates.values()
        print(
            f"ratio: somevakt screens {ours / theirs:.1f}× as many comments/s as better-profanity"
        )


if __name__ == "__main__":
    main()
