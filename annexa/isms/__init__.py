"""The ISMS records for AI (ISO/IEC 27001:2022): the Annex A catalogue, the Statement of
Applicability, the AI supplier register, the AI systems inventory, the AI risk register and the
evidence the running system makes by itself.

Pure parts (no I/O): :mod:`catalogue`, :mod:`scoring`, :mod:`diffing`, :mod:`records`.
Stores (plain functions over a SQLAlchemy engine or connection, so reports read everything the
same way): :mod:`soa`, :mod:`suppliers`, :mod:`systems`, :mod:`risks`, :mod:`evidence`.
The gateway hook: :mod:`gate`. Evidence collectors: :mod:`collectors`, one per file.
"""
