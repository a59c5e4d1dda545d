"""Structure-aware mutators for the data perfgoal reads as trees: YAML/JSON drafts of the
model, configuration files (perfgoal.yaml, pyproject.toml) and baselines.

A tree is mutated the way a person editing it by hand, or a broken exporter, would: a
value replaced by another of the *same* type gone extreme (a 5,000-digit integer, an
amount of ``9E+999999``, a string of lone surrogates), by a value of *another* type (a
list where a string was), a required key dropped, an unknown key added, a list emptied,
duplicated a thousand times or nested deep. Field names steer it: amounts get amount-like
strings, ``year``/``seq``/``month`` get odd integers, ``kind`` gets ``department``.
Then it is written back as YAML or JSON (or TOML), sometimes with the text edited too.
"""

from __future__ import annotations

import copy
import io
import json
import random
import re
from typing import Any

Path_ = tuple[Any, ...]

# By type: extreme values of the same type.
STRINGS = ["", " ", "\u3000", "x" * 5000, "≥", "9O%", "1E+999999", "NaN", "-0", "\x00",
           "\ud800", "a\udcffb", "\u202e", "\x85", "${x}", "*a", "[bold]x[/]", "{reason}",
           "１５．００", "²³", "430121²³P00024010001J", "2025-13-45", "%", "万元"]  # fmt: skip
# Integers too long for str() (Python's 4,300-digit limit) are written into the text as they
# are: a marker string in the tree, replaced after dumping.
HUGE = "\x00INT:"
INTEGERS: list[Any] = [-1, 0, 1, 2**31, 2**63, 10**30, -(10**30), int("9" * 300),
                       HUGE + "9" * 5000, HUGE + "-" + "9" * 4400,
                       HUGE + "0x" + "f" * 4000]  # fmt: skip
_MARKED = re.compile(r'"(?:\\u0000|\\0)INT:([^"]*)"')
FLOATS = [0.0, -0.0, 1e308, 1e-308, float("inf"), float("nan"), 3.5]
AMOUNTS = ["0", "-1", "9E+999999", "1E-999999", "1" * 5000, "0." + "0" * 3000 + "1", "1e3",
           "8,827,620.53", "250万", "NaN", "Infinity", "", "四万", "4.00.00"]  # fmt: skip
FIELD_VALUES: dict[str, list[Any]] = {
    "year": [0, -1, 1, 99999, 10**50, HUGE + "0x" + "f" * 4000, "2025", "二〇二五"],
    "seq": [0, -1, 10**50, "1", None],
    "month": [0, 13, -1, 10**40],
    "line": [0, -1, 10**40],
    "row": [0, -1, 10**40],
    "table": [0, -1],
    "column": [0, -1],
    "page": [0, -1, 10**40],
    "kind": ["department", "project", "other", 1],
    "format": ["docx", "txt", "pdf", "exe"],
    "operator": [">=", "<=", "≥", "", None],
    "schema_version": [0, 2, "1", None, 10**40],
    "framework": ["legacy", "2021", "auto", "other", 2021],
    "satisfaction_min": [0, -1, 100, 101, "85", 10**50, 1e308, "9E+999999"],
    "weight_sums": [[], [0], [100, 90], ["x"], [10**50]],
    "project_code_pattern": ["", "(", "^.*$", "[", "\\d{6}"],
    "select": [[], ["PG*"], ["PG999"], "PG1*", [None], ["no-such-rule"]],
    "ignore": [[], ["PG3*"], "PG306", [1]],
    "severity": [{}, {"PG303": "info"}, {"PG303": "fatal"}, {"x": "error"}, []],
    "bases": [[], ["计划标准"], "计划标准", [1]],
    "fingerprint": ["", "0" * 16, "\ud800", 1, None],
    "path": ["", "a\\b.txt", "./x.txt", "\ud800", 1, None],
}
AMOUNT_FIELDS = {"total", "fiscal", "other", "basic", "project", "amount", "number", "upper",
                 "weight"}  # fmt: skip
FOREIGN_KEYS = ["extra", "schema_version", "projects", "notes", "tool", "<<", "", "\ud800"]


def paths(tree: Any, path: Path_ = ()) -> list[Path_]:
    """Every node's path, the root's (``()``) first."""
    found = [path]
    stack = [(tree, path)]
    while stack:
        node, at = stack.pop()
        children = (
            node.items() if isinstance(node, dict) else enumerate(node)
            if isinstance(node, list) else ()
        )  # fmt: skip
        for key, child in children:
            found.append((*at, key))
            stack.append((child, (*at, key)))
    return found


def odd_value(rng: random.Random, value: Any, key: Any) -> Any:
    """A replacement for ``value`` (found under ``key``): mostly the same type gone
    extreme, sometimes a value of another type."""
    if isinstance(key, str) and key in FIELD_VALUES and rng.random() < 0.5:
        return copy.deepcopy(rng.choice(FIELD_VALUES[key]))
    if isinstance(key, str) and key in AMOUNT_FIELDS and rng.random() < 0.6:
        return rng.choice(AMOUNTS)
    if rng.random() < 0.25:  # another type altogether
        return copy.deepcopy(rng.choice([None, True, 0, 1.5, "", "x", [], {}, [None], {"a": 1}]))
    if isinstance(value, bool):
        return not value
    if isinstance(value, int):
        return rng.choice(INTEGERS)
    if isinstance(value, float):
        return rng.choice(FLOATS)
    if isinstance(value, str):
        return _odd_string(rng, value)
    if isinstance(value, list):
        return _odd_list(rng, value)
    if isinstance(value, dict):
        return _odd_mapping(rng, value)
    return rng.choice(STRINGS)


def _odd_string(rng: random.Random, value: str) -> str:
    op = rng.random()
    if op < 0.5:
        return rng.choice(STRINGS)
    if op < 0.7 and value:
        at = rng.randrange(len(value) + 1)
        return value[:at] + rng.choice(STRINGS) + value[at:]
    if op < 0.85:
        return value * rng.choice([2, 100, 2000])
    return value[: rng.randrange(len(value) + 1)]


def _odd_list(rng: random.Random, value: list[Any]) -> list[Any]:
    op = rng.random()
    if op < 0.2 or not value:
        return []
    if op < 0.4:
        return value * rng.choice([2, 10, 300])  # many duplicates
    if op < 0.6:
        item = copy.deepcopy(rng.choice(value))
        return [*value, item, item]
    if op < 0.8:
        nested: Any = rng.choice(value)
        for _ in range(rng.choice([10, 70, 500])):
            nested = [nested]
        return [nested]
    return list(reversed(value))


def _odd_mapping(rng: random.Random, value: dict[Any, Any]) -> dict[Any, Any]:
    out = dict(value)
    if out and rng.random() < 0.5:
        del out[rng.choice(list(out))]  # a required key gone
    else:
        out[rng.choice(FOREIGN_KEYS)] = copy.deepcopy(rng.choice(STRINGS + INTEGERS[:3]))
    return out


def mutate_tree(rng: random.Random, tree: Any, rounds: int) -> Any:
    """``tree`` with ``rounds`` nodes changed (replaced, deleted or duplicated)."""
    for _ in range(rounds):
        found = paths(tree)[1:]
        if not found:
            return odd_value(rng, tree, None)
        path = rng.choice(found)
        parent = tree
        for part in path[:-1]:
            parent = parent[part]
        last = path[-1]
        op = rng.random()
        if op < 0.75:
            parent[last] = odd_value(rng, parent[last], last)
        elif op < 0.9:
            del parent[last]
        elif isinstance(parent, list):
            parent.insert(last, copy.deepcopy(parent[last]))
        else:
            parent[rng.choice(FOREIGN_KEYS)] = odd_value(rng, parent[last], last)
    return tree


# -- writing trees back -----------------------------------------------------------------------


def dump_json(rng: random.Random, tree: Any) -> bytes:
    text = _unmark(json.dumps(tree, ensure_ascii=rng.random() < 0.3, allow_nan=True))
    return text.encode("utf-8", "surrogatepass" if rng.random() < 0.1 else "backslashreplace")


def _unmark(text: str) -> str:
    return _MARKED.sub(lambda m: m.group(1), text)


def dump_yaml(tree: Any) -> bytes:
    from ruamel.yaml import YAML

    stream = io.StringIO()
    yaml = YAML(typ="safe", pure=True)
    yaml.allow_unicode = True
    yaml.default_flow_style = False
    yaml.dump(tree, stream)
    return _unmark(stream.getvalue()).encode("utf-8", "backslashreplace")


def dump_toml(tree: Any, table: str | None = None) -> bytes:
    """A minimal TOML writer (inline values), enough for configuration trees."""
    if not isinstance(tree, dict):
        tree = {"value": tree}
    lines = [f"[{table}]"] if table else []
    lines += [f"{_toml_key(k)} = {_toml(v)}" for k, v in tree.items()]
    return _unmark("\n".join(lines) + "\n").encode("utf-8", "backslashreplace")


def _toml_key(key: Any) -> str:
    return json.dumps(str(key))


def _toml(value: Any) -> str:
    if value is None:
        return '""'
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value) if value == value and abs(value) != float("inf") else "nan"
    if isinstance(value, list):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_toml_key(k)} = {_toml(v)}" for k, v in value.items()) + "}"
    return json.dumps(str(value))


def edit_text(rng: random.Random, data: bytes) -> bytes:
    """Line-level edits of YAML/JSON/TOML text: lines deleted, duplicated, re-indented, or
    given a tail that changes their meaning (anchors, aliases, tags, open brackets)."""
    text = data.decode("utf-8", "replace")
    if rng.random() < 0.2:
        numbers = list(re.finditer(r"(?<=[:\[,=] )-?\d+(?:\.\d+)?(?=[,\n\]}])", text))
        if numbers:
            hit = rng.choice(numbers)
            value = rng.choice(
                ["9" * 5000, "0x" + "f" * 4000, "1e999999999", "[" * 3000 + "1" + "]" * 3000]
            )
            text = text[: hit.start()] + value + text[hit.end() :]
    lines = text.split("\n")
    tails = [": x", " - ", "&a", "*a", "!!python/object:os.system", "{", "]", "'", '"', "#",
             "9" * 5000, " !!binary", " <<: *a", "\\ud800"]  # fmt: skip
    for _ in range(rng.choice([0, 1, 2, 3])):
        if not lines:
            break
        at = rng.randrange(len(lines))
        op = rng.randrange(4)
        if op == 0:
            del lines[at]
        elif op == 1:
            lines.insert(at, lines[at])
        elif op == 2:
            lines[at] = "  " + lines[at] if rng.random() < 0.5 else lines[at].lstrip()
        else:
            lines[at] = lines[at] + rng.choice(tails)
    return "\n".join(lines).encode("utf-8", "backslashreplace")


def load_tree(data: bytes, suffix: str) -> Any:
    if suffix == ".json":
        return json.loads(data)
    if suffix == ".toml":
        import tomllib

        return tomllib.loads(data.decode())
    from ruamel.yaml import YAML

    return YAML(typ="safe", pure=True).load(data)


def mutate_serialized(rng: random.Random, data: bytes, suffix: str) -> tuple[bytes, str]:
    """A draft, configuration or baseline mutated in its structure (or, a third of the
    time, in its text); written back in the format of ``suffix``."""
    if rng.random() < 0.67:
        tree = mutate_tree(rng, load_tree(data, suffix), rng.choice([1, 1, 2, 4]))
        if suffix == ".json":
            return dump_json(rng, tree), "tree"
        if suffix == ".toml":
            return dump_toml(tree, "tool.perfgoal" if rng.random() < 0.8 else None), "tree"
        return dump_yaml(tree), "tree"
    return edit_text(rng, data), "text"
