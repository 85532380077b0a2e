"""Noark 5 export of 100,000 journalposter: streaming versus one lxml tree in memory.

Each measurement runs in its own child process, so its peak memory is honest: the peak
resident set size of that process (getrusage ru_maxrss), beside the RSS it had after
its imports (baseline). Modes:

- export:     export_arkivuttrekk, the whole deposit (all XML, ADDML, schemas and
              one document file per journalpost)
- stream:     the streaming arkivstruktur.xml writer alone
- tree:       lxml alone: the same arkivstruktur tree built in memory, then serialised
              (the bench checks that both files are byte for byte the same)
- validate:   xmlschema validating the streamed arkivstruktur.xml against the XSD, lazily
              one journalpost at a time (first run only: it takes minutes)
- validate-lxml: lxml's XMLSchema validating the same file, for comparison

The records are synthetic (somevakt.archive.noark5.synthetic): saksmapper of 10
journalposter, each with one dokumentbeskrivelse and one dokumentobjekt. Prints the
median of --runs runs. Usage: python bench/export.py [--count N] [--runs N]
"""

import argparse
import hashlib
import json
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def rss_kib() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def build_tree(source):  # type: ignore[no-untyped-def]
    """The arkivstruktur as one lxml tree, element for element what the writer streams."""
    from lxml import etree

    from somevakt.archive.noark5.writers import _arkivskaper, _skjerming, journalpost_element
    from somevakt.archive.noark5.xml import NS_ARKIVSTRUKTUR, XSI, root_attributes, sub

    ns = NS_ARKIVSTRUKTUR
    root = etree.Element(
        f"{{{ns}}}arkiv",
        root_attributes(ns, "arkivstruktur.xsd"),
        nsmap={None: ns, "xsi": XSI},
    )
    arkiv, arkivdel, system = source.arkiv, source.arkivdel, source.klassifikasjonssystem

    def leaves(parent, pairs):  # type: ignore[no-untyped-def]
        for name, value in pairs:
            if value is not None:
                sub(parent, f"{{{ns}}}{name}", value)

    leaves(
        root,
        [
            ("systemID", arkiv.system_id),
            ("tittel", arkiv.tittel),
            ("beskrivelse", arkiv.beskrivelse),
            ("opprettetDato", arkiv.opprettet_dato),
            ("opprettetAv", arkiv.opprettet_av),
            ("avsluttetDato", arkiv.avsluttet_dato),
            ("avsluttetAv", arkiv.avsluttet_av),
        ],
    )
    for skaper in arkiv.arkivskaper:
        root.append(_arkivskaper(skaper))
    del_node = etree.SubElement(root, f"{{{ns}}}arkivdel")
    leaves(
        del_node,
        [
            ("systemID", arkivdel.system_id),
            ("tittel", arkivdel.tittel),
            ("beskrivelse", arkivdel.beskrivelse),
            ("arkivdelstatus", arkivdel.arkivdelstatus),
            ("opprettetDato", arkivdel.opprettet_dato),
            ("opprettetAv", arkivdel.opprettet_av),
            ("avsluttetDato", arkivdel.avsluttet_dato),
            ("avsluttetAv", arkivdel.avsluttet_av),
            ("arkivperiodeStartDato", arkivdel.arkivperiode_start),
            ("arkivperiodeSluttDato", arkivdel.arkivperiode_slutt),
        ],
    )
    sys_node = etree.SubElement(del_node, f"{{{ns}}}klassifikasjonssystem")
    leaves(
        sys_node,
        [
            ("systemID", system.system_id),
            ("klassifikasjonstype", system.klassifikasjonstype),
            ("tittel", system.tittel),
            ("opprettetDato", system.opprettet_dato),
            ("opprettetAv", system.opprettet_av),
        ],
    )
    for klasse in source.klasser():
        k_node = etree.SubElement(sys_node, f"{{{ns}}}klasse")
        leaves(
            k_node,
            [
                ("systemID", klasse.system_id),
                ("klasseID", klasse.klasse_id),
                ("tittel", klasse.tittel),
                ("opprettetDato", klasse.opprettet_dato),
                ("opprettetAv", klasse.opprettet_av),
            ],
        )
        for mappe in source.saksmapper(klasse):
            m_node = etree.SubElement(k_node, f"{{{ns}}}mappe", {f"{{{XSI}}}type": "saksmappe"})
            leaves(
                m_node,
                [
                    ("systemID", mappe.system_id),
                    ("mappeID", mappe.mappe_id),
                    ("tittel", mappe.tittel),
                    ("offentligTittel", mappe.offentlig_tittel),
                    ("beskrivelse", mappe.beskrivelse),
                    ("opprettetDato", mappe.opprettet_dato),
                    ("opprettetAv", mappe.opprettet_av),
                    ("avsluttetDato", mappe.avsluttet_dato),
                    ("avsluttetAv", mappe.avsluttet_av),
                ],
            )
            if mappe.skjerming:
                m_node.append(_skjerming(mappe.skjerming))
            for post in source.journalposter(mappe):
                r_node = etree.SubElement(
                    m_node, f"{{{ns}}}registrering", {f"{{{XSI}}}type": "journalpost"}
                )
                r_node.extend(list(journalpost_element(post)))
            leaves(
                m_node,
                [
                    ("saksaar", mappe.saksaar),
                    ("sakssekvensnummer", mappe.sakssekvensnummer),
                    ("saksdato", mappe.saksdato),
                    ("administrativEnhet", mappe.administrativ_enhet),
                    ("saksansvarlig", mappe.saksansvarlig),
                    ("saksstatus", mappe.saksstatus),
                ],
            )
    return etree.ElementTree(root)


def child(mode: str, count: int, folder: Path) -> None:
    """One measurement; prints a JSON line."""
    from lxml import etree

    from somevakt.archive.noark5.export import export_arkivuttrekk
    from somevakt.archive.noark5.synthetic import SyntheticSource, period
    from somevakt.archive.noark5.validation import LAZY_DEPTH, errors, noark5_schema
    from somevakt.archive.noark5.writers import write_arkivstruktur

    source = SyntheticSource(journalposter_total=count, per_mappe=10)
    result: dict[str, object] = {"mode": mode}
    if mode.startswith("validate"):
        xsd = Path(__file__).resolve().parent.parent / "somevakt/archive/noark5/schemas"
        xsd = xsd / "noark5/v5_0/arkivstruktur.xsd"
        if mode == "validate":
            schema = noark5_schema("arkivstruktur.xsd")
        else:
            schema = etree.XMLSchema(etree.parse(str(xsd)))
    baseline = rss_kib()
    started = time.perf_counter()
    if mode == "export":
        start, end = period()
        done = export_arkivuttrekk(
            folder / "uttrekk",
            source,
            period_start=start,
            period_end=end,
            write_document=source.write_document,
        )
        result["files"] = done.counts.dokumentfiler
    elif mode == "stream":
        write_arkivstruktur(folder / "arkivstruktur.xml", source)
    elif mode == "tree":
        tree = build_tree(source)
        result["build_seconds"] = time.perf_counter() - started
        tree.write(str(folder / "arkivstruktur.tree.xml"), encoding="utf-8", xml_declaration=True)
    elif mode == "validate":
        problems = errors(
            folder / "arkivstruktur.xml", schema, depth=LAZY_DEPTH["arkivstruktur.xml"]
        )
        result["valid"] = not problems
        result["errors"] = problems
    elif mode == "validate-lxml":
        result["valid"] = schema.validate(etree.parse(str(folder / "arkivstruktur.xml")))
    result["seconds"] = time.perf_counter() - started
    result["baseline_rss_mib"] = baseline / 1024
    result["peak_rss_mib"] = rss_kib() / 1024
    print(json.dumps(result))


def run_child(mode: str, count: int, folder: Path) -> dict:
    done = subprocess.run(
        [sys.executable, __file__, "--child", mode, "--count", str(count), "--dir", str(folder)],
        capture_output=True,
        text=True,
    )
    if done.returncode:
        sys.exit(f"{mode} failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def sha256(path: Path) -> str:
    """Of the document after its XML declaration (lxml spells the encoding differently)."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        handle.readline()
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--child")
    parser.add_argument("--dir")
    args = parser.parse_args()
    if args.child:
        child(args.child, args.count, Path(args.dir))
        return

    modes = ["export", "stream", "tree", "validate", "validate-lxml"]
    results: dict[str, list[dict]] = {mode: [] for mode in modes}
    for run in range(args.runs):
        folder = Path(tempfile.mkdtemp(prefix="somevakt-bench-export-"))
        try:
            for mode in modes:
                if mode == "validate" and run > 0:
                    continue  # xmlschema takes minutes at this size: once is enough
                results[mode].append(run_child(mode, args.count, folder))
            same = (
                sha256(folder / "arkivstruktur.xml")
                == sha256(folder / "arkivstruktur.tree.xml")
                == sha256(folder / "uttrekk" / "arkivstruktur.xml")
            )
            if not same:
                sys.exit("The streamed and the in-memory arkivstruktur.xml differ")
            size = (folder / "arkivstruktur.xml").stat().st_size
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        print(f"run {run + 1}/{args.runs} done", file=sys.stderr)

    def median(mode: str, key: str) -> float:
        return statistics.median(float(r[key]) for r in results[mode])

    print(
        f"Noark 5 export, {args.count:,} journalposter (saksmapper of 10; one "
        f"dokumentbeskrivelse and dokumentobjekt each); median of {args.runs} runs, "
        "each mode in its own process; memory = peak RSS of that process (ru_maxrss), "
        "baseline = RSS after imports"
    )
    print(
        f"arkivstruktur.xml: {size / 1e6:.1f} MB; streamed and tree output byte-identical "
        "after the XML declaration"
    )
    rows = [
        ("whole deposit, streaming (export_arkivuttrekk)", "export"),
        ("arkivstruktur.xml, streaming writer", "stream"),
        ("arkivstruktur.xml, lxml tree in memory + write", "tree"),
        ("XSD validation of arkivstruktur.xml, xmlschema (1 run)", "validate"),
        ("XSD validation of arkivstruktur.xml, lxml XMLSchema", "validate-lxml"),
    ]
    for label, mode in rows:
        print(
            f"  {label:<52} {median(mode, 'seconds'):8.2f} s   peak RSS "
            f"{median(mode, 'peak_rss_mib'):7.1f} MiB (baseline "
            f"{median(mode, 'baseline_rss_mib'):.1f})"
        )
    print(f"  of which building the tree: {median('tree', 'build_seconds'):.2f} s")
    verdicts = {r["valid"] for r in results["validate"] + results["validate-lxml"]}
    print(f"XSD verdict on arkivstruktur.xml: {'valid' if verdicts == {True} else 'INVALID'}")
    if verdicts != {True}:
        print(results["validate"][0].get("errors"))


if __name__ == "__main__":
    main()
