"""The arkivstruktur writer streams: twenty times the journalposter, about the same
peak memory of the process (a tree built in memory would grow by tens of MB)."""

import subprocess
import sys

CHILD = """
import resource, sys, tempfile, pathlib
from somevakt.archive.noark5.synthetic import SyntheticSource
from somevakt.archive.noark5.writers import write_arkivstruktur
folder = pathlib.Path(tempfile.mkdtemp())
write_arkivstruktur(folder / "a.xml", SyntheticSource(journalposter_total=int(sys.argv[1])))
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def peak_rss_kib(count: int) -> int:
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(count)], capture_output=True, text=True, check=True
    )
    return int(done.stdout.strip())


def test_peak_memory_does_not_grow_with_the_number_of_journalposter():
    small, large = peak_rss_kib(1_000), peak_rss_kib(20_000)
    assert large - small < 8 * 1024, (small, large)  # under 8 MiB more for 19,000 more
