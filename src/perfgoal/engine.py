"""Select rules from the configuration, run them, render and sort the findings.

One rule's bug never stops the others: it becomes a PG999 finding naming the rule
(``--debug`` re-raises it instead). PG999 is a registry entry like every rule
(:class:`~perfgoal.rules.input.InternalError`): its severity is configurable and
``ignore`` silences it, but a ``select`` that does not name it never hides a bug.
"""

from __future__ import annotations

import traceback
from collections.abc import Iterable
from decimal import MAX_EMAX, MIN_EMIN, Context, DivisionByZero, InvalidOperation, localcontext

from perfgoal.config import Config
from perfgoal.errors import InputError
from perfgoal.findings import RANK, Finding, ProjectRef, Severity, finding_fingerprint
from perfgoal.limits import MAX_FINDINGS
from perfgoal.messages import Message, render, text
from perfgoal.model import Document, Location, SourceLocation, trusted
from perfgoal.options import options_for
from perfgoal.rules import REGISTRY, rule_by_code, selects
from perfgoal.rules.base import Fact, Lang, Rule
from perfgoal.rules.input import Internal, InternalError

INTERNAL_CODE = InternalError.code
INTERNAL_NAME = InternalError.name


def matches(rule: type[Rule], patterns: Iterable[str]) -> bool:
    """True when a code, a name or a glob (``PG3*``) in ``patterns`` names ``rule``."""
    return any(selects(pattern, rule) for pattern in patterns)


def selected_rules(config: Config) -> list[type[Rule]]:
    rules = [r for r in REGISTRY if config.select is None or matches(r, config.select)]
    return [r for r in rules if not matches(r, config.ignore)]


def _finding(
    rule: type[Rule], fact: Fact[str], severity: Severity, lang: Lang, path: str
) -> Finding:
    location = fact.location
    if location is None and fact.project is not None:
        location = fact.project.location
    project = fact.project
    ref = None
    if project is not None:
        ref = trusted(ProjectRef, {"seq": project.seq, "code": project.code, "name": project.name})
    worded = _worded(fact)
    context, expected, actual = (_cut(_shown(value, lang), lang) for value in worded)
    if lang != "zh" and any(_worded_in_lang(value) for value in worded):
        # The fingerprint (and so a baseline) is over the Chinese wording in every language.
        keyed = tuple(_cut(_shown(value, "zh"), "zh") for value in worded)
    else:
        keyed = (context, expected, actual)
    # Every field here comes from validated models or the rule's own strings: build without
    # validating again (thousands of findings on a big document), in Finding's field order.
    return trusted(
        Finding,
        {
            "rule": rule.code,
            "name": rule.name,
            "severity": severity,
            "message": rule.render(fact, lang),
            "project": ref,
            "location": location,
            "expected": expected,
            "actual": actual,
            "context": context,
            "fingerprint": finding_fingerprint(path, rule.code, ref, keyed[0], keyed[2], keyed[1]),
        },
    )


def _shown(value: str | Message | None, lang: Lang) -> str | None:
    return None if value is None else text(value, lang)


def _worded(fact: Fact[str]) -> tuple[str | Message | None, ...]:
    """``context``, ``expected`` and ``actual``: text, or a catalog message the rule words."""
    return fact.context, fact.expected, fact.actual


CONTEXT_LIMIT = 4000  # above the parser's own cut of note texts (2,000 + a suffix)


def _worded_in_lang(value: str | Message | None) -> bool:
    """Whether the finding shows ``value`` in words of its language: a message, or a text
    long enough to be cut (its length is said in the report's language)."""
    return isinstance(value, Message) or (value is not None and len(value) > CONTEXT_LIMIT)


def _cut(text: str | None, lang: Lang) -> str | None:
    """Long cell text in a finding is cut: the location points at the whole of it."""
    if text is None or len(text) <= CONTEXT_LIMIT:
        return text
    return render("text.cut", lang, text=text[:CONTEXT_LIMIT], length=len(text))


# Rules compute with amounts read from the document: exact up to 10,000 significant digits,
# and no exponent is out of range (``9E+999999 + 9E+999999`` overflows the default context).
ARITHMETIC = Context(
    prec=10_000, Emax=MAX_EMAX, Emin=MIN_EMIN, traps=[InvalidOperation, DivisionByZero]
)


def check_document(
    document: Document,
    config: Config,
    lang: Lang = "zh",
    *,
    debug: bool = False,
    limit: int = MAX_FINDINGS,
) -> list[Finding]:
    """Run every selected rule over ``document``; findings sorted by project and place.

    At most ``limit`` findings are built; the rest are counted and reported as one more
    finding of the worst severity among them (so ``--fail-on`` still sees them)."""
    path = document.source.path
    options = config.options
    findings: list[Finding] = []
    unlisted = _Unlisted()
    with localcontext(ARITHMETIC):
        for rule in selected_rules(config):
            severity = config.severity_of(rule)
            try:
                found: list[Finding] = []
                for fact in rule().check(document, options_for(rule.options, options)):
                    if len(findings) + len(found) < limit:
                        found.append(_finding(rule, fact, severity, lang, path))
                    else:
                        unlisted.add(rule, severity)
            except Exception as exc:
                if debug:
                    raise
                if not matches(InternalError, config.ignore):
                    findings.append(_crash(rule, exc, config, lang, path))
                continue
            findings.extend(found)
    findings = sort_findings(findings)
    if unlisted.count:
        findings.append(unlisted.finding(limit, lang, path))
    return findings


class _Unlisted:
    """The findings past the limit: how many, and the rule of the first of the worst
    severity among them."""

    def __init__(self) -> None:
        self.count = 0
        self.worst: tuple[int, type[Rule], Severity] | None = None

    def add(self, rule: type[Rule], severity: Severity) -> None:
        self.count += 1
        if self.worst is None or RANK[severity] > self.worst[0]:
            self.worst = (RANK[severity], rule, severity)

    def finding(self, limit: int, lang: Lang, path: str) -> Finding:
        assert self.worst is not None
        _, rule, severity = self.worst
        message = render(
            "engine.unlisted", lang, count=self.count, limit=limit, code=rule.code, name=rule.name
        )
        finding = Finding(rule=rule.code, name=rule.name, severity=severity, message=message)
        finding.fingerprint = finding.compute_fingerprint(path + "\x1funlisted")
        return finding


def _detail(exc: Exception) -> str:
    frames = traceback.extract_tb(exc.__traceback__)
    where = f" ({frames[-1].filename.rsplit('/', 1)[-1]}:{frames[-1].lineno})" if frames else ""
    return f"{type(exc).__name__}: {exc}{where}"


def internal_error(exc: Exception, path: str, lang: Lang = "zh") -> Finding:
    """A bug in reading or parsing ``path``: reported, never a traceback."""
    fact: Fact[Internal] = Fact(params={"detail": _detail(exc)}, variant="file")
    return _internal(fact, InternalError.severity, lang, path)


def _crash(rule: type[Rule], exc: Exception, config: Config, lang: Lang, path: str) -> Finding:
    fact = Fact(params={"code": rule.code, "name": rule.name, "detail": _detail(exc)})
    return _internal(fact, config.severity_of(InternalError), lang, path + rule.code)


def _internal(fact: Fact[Internal], severity: Severity, lang: Lang, key: str) -> Finding:
    message = InternalError.render(fact, lang)
    finding = Finding(rule=INTERNAL_CODE, name=INTERNAL_NAME, severity=severity, message=message)
    finding.fingerprint = finding.compute_fingerprint(key)
    return finding


def input_findings(
    error: InputError, path: str, config: Config, lang: Lang = "zh"
) -> list[Finding]:
    """The PG001 finding for a file that cannot be read, unless the configuration ignores
    PG001 (``ignore``; a ``select`` that does not name it still reports it, as for PG999:
    choosing which rules check the drafts does not make an unreadable draft pass)."""
    if matches(rule_by_code("PG001"), config.ignore):
        return []
    return [input_error(error, path, config, lang)]


def input_error(error: InputError, path: str, config: Config, lang: Lang = "zh") -> Finding:
    """The PG001 finding for a file that cannot be read."""
    rule = rule_by_code("PG001")
    # The fingerprint is of the Chinese reason whatever the language; ``actual`` is shown in it
    fact = Fact(
        params={"reason": error.render(lang)}, location=Location(line=error.line), actual=str(error)
    )
    finding = _finding(rule, fact, config.severity_of(rule), lang, path)
    finding.actual = _cut(error.render(lang), lang)
    return finding


def _location_key(location: Location | SourceLocation | None) -> tuple[int, ...]:
    if location is None:
        return (0, 0, 0, 0)
    key = (location.table or 0, location.row or 0, location.line or 0, location.column or 0)
    if isinstance(location, Location) and location.source_location is not None:
        # a draft's findings on one line (a JSON draft written on one line): as the original
        return key + _location_key(location.source_location)
    return key


def sort_findings(findings: list[Finding]) -> list[Finding]:
    return sorted(
        findings,
        key=lambda f: (
            f.project.seq if f.project and f.project.seq is not None else -1,
            _location_key(f.location),
            f.rule,
            f.message,
        ),
    )
