"""The arkivstruktur writer streams: ten times the journalposter, about the same peak
memory (a tree built in memory would grow tenfold)."""

import tracemalloc

from somevakt.archive.noark5.synthetic import SyntheticSource
from somevakt.archive.noark5.writers import write_arkivstruktur


def peak(tmp_path, count: int) -> int:
    source = SyntheticSource(journalposter_total=count, per_mappe=50)
    tracemalloc.start()
    write_arkivstruktur(tmp_path / f"arkivstruktur-{count}.xml", source)
    _current, high = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return high


def test_peak_memory_does_not_grow_with_the_number_of_journalposter(tmp_path):
    small, large = peak(tmp_path, 500), peak(tmp_path, 5000)
    assert large < small * 1.5, (small, large)
    assert (tmp_path / "arkivstruktur-5000.xml").stat().st_size > 9 * (
        tmp_path / "arkivstruktur-500.xml"
    ).stat().st_size
