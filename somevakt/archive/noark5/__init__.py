"""Noark 5 without Django: records, the arkivuttrekk writers, the KS Fiks Arkiv
arkivmelding and its transports. The archive app maps its models onto `records`.

- records.py: the dataclasses and the metadata catalogue's code values
- writers.py, addml.py, export.py: the deposit (export_arkivuttrekk), streaming
- arkivmelding.py, transports.py: delivery to the archive system, and its receipts
- validation.py: the official XSDs (vendored in schemas/), loaded offline
- fakearchive.py, synthetic.py: a local archive system and generated records
"""
