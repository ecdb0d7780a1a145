"""Domestic bank account numbers and UK sort codes (BANK_ACCOUNT), after their label.

An IBAN carries its own check digits and a detector of its own (``IBAN_CODE``). The domestic
account numbers that people still write, in the US above all (no IBAN there), have no common
format and, for most banks, no check digit a scanner could test: a US account holds 4 to 17
digits (the ABA routing number beside it names the bank), a UK account 8 digits under a
six-digit sort code (``60-16-13``), a German "Kontonummer" up to ten. A number is therefore
reported only where the text says what it is: in the same sentence, a few words after

- "account number", "account no.", "acct", "a/c", "bank account", "checking account",
  "savings account", "account" after a routing number ("routing 121000358 account …"), or the
  word in German ("Kontonummer", "Konto-Nr.", "Kto.-Nr."), French ("numéro de compte",
  "compte bancaire"), Spanish ("número de cuenta", "cuenta bancaria"), Italian ("numero di
  conto", "conto corrente") or Dutch ("rekeningnummer"): six to seventeen digits, in groups
  joined by single spaces or dashes or none;
- "sort code" (UK): six digits, as ``NN-NN-NN``, ``NN NN NN`` or ``NNNNNN``.

Not a date, one digit repeated, a phone number written internationally, an IBAN (its own
detector wins the span), or what stands on the next line or in the next sentence. Reported as
``BANK_ACCOUNT`` (Presidio's ``US_BANK_NUMBER`` is the US case of it), levelled as the IBAN is.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from annexa.detect.builtin.driver_licenses import number_counts
from annexa.detect.builtin.passports import BETWEEN_WORD_AND_NUMBER
from annexa.detect.interface import Detector, Finding, ScanContext
from annexa.detect.pattern import Pattern, PatternDetector
from annexa.detect.secrets_common import occurrences as offsets_of
from annexa.settings import ScanSettings

# The keyword pass looks for these (lower case): one of them is in every label.
# "account" alone is everywhere in business prompts: only in a label's words.
_KEYWORDS = (
    "account number", "account no", "account num", "account #", "account#", "bank account",
    "checking account", "cheque account", "chequing account", "savings account",
    "current account", "deposit account", "routing", "aba ", "rtn", "acct", "a/c",
    "kontonummer", "konto-nr", "konto nr", "kto", "bankkonto", "de compte", "compte bancaire",
    "de cuenta", "cuenta bancaria", "di conto", "conto corrente", "rekeningnummer",
    "bankrekening", "sort code", "sortcode",
)  # fmt: skip
_ACCOUNT = (
    r"(?i:(?:bank|checking|cheque|chequing|savings|current|deposit)[ \t]+account"
    r"(?:[ \t]+(?:number|no\.?|num\.?|#))?"
    r"|(?:routing|aba|rtn)(?:[ \t]+(?:number|no\.?|#))?[ \t]*:?[ \t]*\d{9}[ \t]*[,;]?[ \t]*"
    r"(?:and[ \t]+)?account"
    r"|account[ \t]*(?:number|no\.?|num\.?|#)|acct\.?(?:[ \t]*(?:number|no\.?|#))?|a/c"
    r"(?:[ \t]*(?:number|no\.?|#))?"
    r"|kontonummer|konto[ \t]*-?[ \t]*nr\.?|kto\.?[ \t]*-?[ \t]*nr\.?|bankkonto"
    r"|num[ée]ro[ \t]+de[ \t]+compte|n[°º][ \t]*de[ \t]+compte|compte[ \t]+bancaire"
    r"|n[úu]mero[ \t]+de[ \t]+cuenta|n[º°][ \t]*de[ \t]+cuenta|cuenta[ \t]+bancaria"
    r"|numero[ \t]+di[ \t]+conto|conto[ \t]+corrente|rekeningnummer|bankrekening)"
    r"(?:[ \t]+(?i:n[.°º]|nr\.|no\.))?"
)
# Digits (group 1): six to seventeen, in groups joined by one space or dash; the whole run,
# not the tail of a longer one or of a phone number written with its country code
_DIGITS = (
    r"(?<![\w\-/.+])(?<!\d[ -])(?<!\+\d )(?<!\+\d\d )(?<!\+\d\d\d )(\d+(?:[ -]\d+){0,4})"
    r"(?![\w\-/]|\.\d)"
)
_AFTER_ACCOUNT = re.compile(
    rf"(?<![^\W\d_])(?:{_ACCOUNT})(?![^\W\d_]){BETWEEN_WORD_AND_NUMBER}{_DIGITS}"
)
# A UK sort code (group 1) a few words after its label
_AFTER_SORT_CODE = re.compile(
    rf"(?<![^\W\d_])(?i:sort[ \t]*code)(?![^\W\d_]){BETWEEN_WORD_AND_NUMBER}"
    r"(?<![\w\-/.+])(\d\d-\d\d-\d\d|\d\d \d\d \d\d|\d{6})(?![\w\-/]|\.\d)"
)
SCORE = 0.6  # the label right before it says what the number is
# A UK account number (group 1: eight digits) after a plain "account" near a sort code
_UK_ACCOUNT = re.compile(
    r"(?<![^\W\d_])(?i:account|acc\.?|acct\.?)(?![^\W\d_])[ \t]*(?i:no\.?|number|#)?[ \t]*:?"
    r"[ \t]*(?<![\w\-/.+])(\d{8})(?![\w\-/]|\.\d)"
)
_UK_REACH = 80  # characters around a sort code where its account number is read
# Characters around a label word that its label and number can take: the label's words before
# it ("checking account", "routing 121000358 account") and the number after it (the words
# between them are at most 40, BETWEEN_WORD_AND_NUMBER)
_REACH = 100
_BEFORE = 40
_SIX_DIGITS = re.compile(r"\d(?:[ -]?\d){5}")


def is_account_number(value: str) -> bool:
    """Six to seventeen digits, not a date and not one digit repeated."""
    counts = number_counts(value)
    if counts is None:
        return False
    size, digits = counts
    return size == digits and 6 <= digits <= 17


class BankAccountDetector(PatternDetector):
    """A domestic bank account number or a UK sort code, right after its label."""

    name = "bank_account"
    entities = ("BANK_ACCOUNT",)
    origin = "domestic account numbers (ABA/US, UK sort code and account, DE Kontonummer), labelled"
    patterns = (
        Pattern(
            "account_label",
            _AFTER_ACCOUNT.pattern,
            SCORE,
            keywords=_KEYWORDS,
            group=1,
            entity="BANK_ACCOUNT",
            positives=(
                "my bank acct is ⟦31926819⟧ sort code 60-16-13",
                "routing 121000358, checking account ⟦000123456789⟧",
                "Kontonummer: ⟦0532013000⟧, BLZ 37040044",
                "numéro de compte ⟦12345 67890⟧",
                "Account No. ⟦4401-5566-77⟧ at First Bank",
                "Bank routing 121000358 account ⟦000123456789⟧.",
            ),
            negatives=(
                "account 12 was disabled",
                "the account number is on the card",
                "account number\n20240302",
                "acct 20240302",
                "bank account +44 20 7946 0958",
            ),
            origin="US account numbers (4-17 digits, ABA routing beside them); UK 8 digits",
        ),
        Pattern(
            "sort_code",
            _AFTER_SORT_CODE.pattern,
            SCORE,
            keywords=("sort code", "sortcode"),
            group=1,
            entity="BANK_ACCOUNT",
            positives=("sort code ⟦60-16-13⟧", "Sort code: ⟦401276⟧, account 31926819"),
            negatives=("sort code pending", "sort code 60-16", "the sort code: see above"),
            origin="UK sort codes (six digits, Pay.UK's Extended Industry Sort Code Directory)",
        ),
    )

    def detect(self, ctx: ScanContext) -> Iterator[Finding]:
        """The expressions are tried only where a label word stands with six digits after it
        (most "account"s are prose), anchored at the word or at one of the three words before
        it ("checking account", "routing 121000358 account", "numéro de compte"): over a
        whole text ``re`` would try every label at every position."""
        text = ctx.text
        present = [k for k in _KEYWORDS if k in ctx.keywords]
        seen: set[tuple[int, int]] = set()
        spots = sorted(
            (at, at + len(word)) for word in present for at in offsets_of(ctx.lower, word)
        )
        for at, end in spots:
            if _SIX_DIGITS.search(text, end, end + _REACH) is None:
                continue
            expression = _AFTER_SORT_CODE if ctx.lower.startswith("sort", at) else _AFTER_ACCOUNT
            for start in _word_starts(text, at):
                m = expression.match(text, start)
                if m is None:
                    continue
                span = m.span(1)
                if span not in seen and (
                    expression is _AFTER_SORT_CODE or is_account_number(text[slice(*span)])
                ):
                    seen.add(span)
                    yield Finding("BANK_ACCOUNT", *span, SCORE, self.name)
                if expression is _AFTER_SORT_CODE:
                    yield from self._uk_account(text, span, seen)
                break

    def _uk_account(
        self, text: str, sort_code: tuple[int, int], seen: set[tuple[int, int]]
    ) -> Iterator[Finding]:
        """A UK account number beside its sort code: eight digits after a plain "account"
        ("sort code 20-00-00, account 55779911"), which alone is too common a word to be a
        label."""
        lo, hi = max(0, sort_code[0] - _UK_REACH), sort_code[1] + _UK_REACH
        for m in _UK_ACCOUNT.finditer(text, lo, hi):
            if m.span(1) not in seen:
                seen.add(m.span(1))
                yield Finding("BANK_ACCOUNT", *m.span(1), SCORE, self.name)


def _word_starts(text: str, at: int) -> list[int]:
    """``at`` and the starts of the (up to) three words before it on its line, nearest last."""
    lo = max(0, at - _BEFORE, text.rfind("\n", 0, at) + 1)
    before = [m.start() for m in _WORD_START.finditer(text, lo, at)][-3:]
    return [*before, at]


_WORD_START = re.compile(r"(?<!\S)\S")


def detectors(settings: ScanSettings) -> list[Detector]:
    return [BankAccountDetector()]
