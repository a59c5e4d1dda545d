"""A draft's findings point at the draft (metamorphic, through the CLI in a subprocess):
every sample made a YAML draft (``to-yaml``, as ``parse -f yaml`` writes it) and a JSON
draft (``parse -f json``) validates to the original's findings, each carrying the original's
location as ``source_location``, and each finding's line is the line of the draft where the
object at fault is written, read back from the draft's text. A YAML stream's and a JSON
array's drafts point into their own part of the file; a draft written by hand, with no
location at all, gets its lines too."""

from __future__ import annotations

import io
import json
import textwrap
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from linter_repo import SAMPLES, run

SAMPLE_FILES = sorted(
    path for path in SAMPLES.rglob("*") if path.is_file() and path.suffix not in {".md", ".py"}
)


def stated(location: dict[str, Any] | None) -> dict[str, Any] | None:
    """A location's fields that are set (``None`` for none at all)."""
    if location is None:
        return None
    kept = {k: v for k, v in location.items() if v is not None and k != "source_location"}
    return kept or None


def seen(finding: dict[str, Any]) -> tuple[Any, ...]:
    """What a user reads of a finding, and where it stood in the original."""
    location = finding["location"]
    where = stated(location.get("source_location")) if location else None
    return (finding["rule"], finding["message"], finding["project"], finding["context"], where)


def seen_original(finding: dict[str, Any]) -> tuple[Any, ...]:
    assert finding["location"] is None or "source_location" not in finding["location"]
    return (
        finding["rule"],
        finding["message"],
        finding["project"],
        finding["context"],
        stated(finding["location"]),
    )


class Drafts:
    """The samples, their drafts and one ``validate -f json`` of them all."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        names = [str(path) for path in SAMPLE_FILES]
        for fmt in ("yaml", "json"):
            done = run("parse", "-f", fmt, *names, cwd=folder)
            assert done.returncode == 0, done.stderr
            (folder / f"all.{fmt}").write_text(done.stdout, "utf-8")
        # the stream's documents one per file: what to-yaml writes for each sample
        self.stream = (folder / "all.yaml").read_text("utf-8")
        parts = self.stream.split("\n---\n")
        assert len(parts) == len(names)
        self.yaml_files = []
        for number, text in enumerate(parts, 1):
            path = folder / f"{number:02d}.yaml"
            path.write_text(text if text.endswith("\n") else text + "\n", "utf-8")
            self.yaml_files.append(path.name)
        done = run(
            "validate", "-f", "json", *names, *self.yaml_files, "all.yaml", "all.json", cwd=folder
        )
        assert done.returncode in (0, 1), done.stderr
        self.findings = {
            file["path"]: file["findings"] for file in json.loads(done.stdout)["files"]
        }
        assert len(self.findings) == 4 * len(names)  # (samples, drafts, stream, array)
        self.originals = [self.findings[name] for name in names]


@pytest.fixture(scope="module")
def drafts(tmp_path_factory: pytest.TempPathFactory) -> Drafts:
    return Drafts(tmp_path_factory.mktemp("yamlpos"))


def written_at(lines: list[str], line: int) -> Any:
    """The object whose text begins at ``line`` (1-based) of a YAML text: ``key:`` and the
    lines indented under it, or ``- field: …`` and the rest of that item, read as YAML."""
    first = lines[line - 1]
    indent = len(first) - len(first.lstrip(" "))
    item = first.lstrip(" ").startswith("- ")
    end = line
    while end < len(lines):
        text = lines[end]
        depth = len(text) - len(text.lstrip(" "))
        if text.strip() and not (
            depth > indent or (not item and depth == indent and text.lstrip(" ").startswith("- "))
        ):
            break
        end += 1
    data = YAML(typ="safe").load(io.StringIO(textwrap.dedent("\n".join(lines[line - 1 : end]))))
    if item:
        (obj,) = data
        return obj
    ((_, obj),) = data.items()
    return obj


def assert_written_where_found(text: str, findings: list[dict[str, Any]], lines: range) -> None:
    """Each located finding stands on a line of ``lines`` where the object it concerns is
    written: the object read from there states the finding's source location."""
    all_lines = text.split("\n")
    located = [f for f in findings if f["location"] is not None]
    for finding in located:
        line = finding["location"]["line"]
        assert line in lines, (finding["rule"], line, lines)
        obj = written_at(all_lines, line)
        assert isinstance(obj, dict), (line, all_lines[line - 1])
        where = (obj.get("location") or {}).get("source_location")
        assert stated(where) == stated(finding["location"].get("source_location")), (
            finding["rule"],
            line,
            all_lines[line - 1],
        )


@pytest.mark.parametrize("index", range(len(SAMPLE_FILES)), ids=[p.name for p in SAMPLE_FILES])
def test_a_yaml_draft_has_the_originals_findings_on_its_own_lines(
    drafts: Drafts, index: int
) -> None:
    original = drafts.originals[index]
    name = drafts.yaml_files[index]
    found = drafts.findings[name]
    assert [seen(f) for f in found] == [seen_original(f) for f in original]
    text = (drafts.folder / name).read_text("utf-8")
    assert_written_where_found(text, found, range(1, text.count("\n") + 1))
    # (the reference document's drafts have findings on many different lines)
    if SAMPLE_FILES[index].name.startswith("cangzhou-2025.") and found:
        assert len({f["location"]["line"] for f in found if f["location"]}) > 10


def test_a_yaml_streams_drafts_point_into_their_own_documents(drafts: Drafts) -> None:
    lines = drafts.stream.split("\n")
    starts = [1] + [number + 1 for number, text in enumerate(lines, 1) if text == "---"]
    ends = [start - 1 for start in starts[1:]] + [len(lines)]
    for number, original in enumerate(drafts.originals, 1):
        found = drafts.findings[f"all.yaml#{number}"]
        assert [seen(f) for f in found] == [seen_original(f) for f in original]
        assert_written_where_found(
            drafts.stream, found, range(starts[number - 1], ends[number - 1] + 1)
        )


def test_a_json_draft_has_the_originals_findings_on_the_lines_of_its_objects(
    drafts: Drafts,
) -> None:
    text = (drafts.folder / "all.json").read_text("utf-8")
    lines = text.split("\n")
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line) + 1)
    # each document of the array (indented by 2) from its '  {' to its '  }'
    starts = [number for number, line in enumerate(lines, 1) if line == "  {"]
    ends = [number for number, line in enumerate(lines, 1) if line in ("  },", "  }")]
    assert len(starts) == len(ends) == len(drafts.originals)
    decoder = json.JSONDecoder()
    for number, original in enumerate(drafts.originals, 1):
        found = drafts.findings[f"all.json#{number}"]
        assert [seen(f) for f in found] == [seen_original(f) for f in original]
        for finding in (f for f in found if f["location"] is not None):
            line = finding["location"]["line"]
            assert starts[number - 1] < line < ends[number - 1]
            brace = lines[line - 1].rindex("{")  # the object's '{' ends its line
            obj, _ = decoder.raw_decode(text, offsets[line - 1] + brace)
            assert stated(obj["location"]) == stated(finding["location"].get("source_location"))


HAND_WRITTEN = """\
# 手写的草稿：没有任何位置
schema_version: 1
year: 2025
projects:
- seq: 1
  code: 1309162P0002401
  name: 科技宣传
  budget:
    total: '10'
    fiscal: '4'
  indicators:
  - level1: 产出指标
    level2: 数量指标
    name: 开展活动次数
  - level1: 效益指标
    level2: 社会效益指标
    name: 群众满意度
"""


def test_a_draft_written_by_hand_gets_its_own_lines(tmp_path: Path) -> None:
    (tmp_path / "hand.yaml").write_text(HAND_WRITTEN, "utf-8")
    done = run("validate", "-f", "json", "hand.yaml", cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    (file,) = json.loads(done.stdout)["files"]
    lines = HAND_WRITTEN.split("\n")
    where = {}
    for finding in file["findings"]:
        assert finding["location"].get("source_location") is None
        where.setdefault(finding["rule"], set()).add(finding["location"]["line"])
    assert where["PG401"] == {5}  # the project: its code is written under '- seq: 1'
    assert written_at(lines, 5)["code"] == "1309162P0002401"
    assert where["PG201"] == {8}  # fiscal 4 of a total 10: 'budget:'
    assert lines[7] == "  budget:" and written_at(lines, 8) == {"total": "10", "fiscal": "4"}
    assert where["PG106"] == {12, 15}  # the two indicators without a value
    assert [written_at(lines, n)["name"] for n in (12, 15)] == ["开展活动次数", "群众满意度"]
    concise = run("validate", "-f", "concise", "hand.yaml", cwd=tmp_path).stdout
    assert "hand.yaml:8:1: PG201 " in concise and "hand.yaml:15:1: PG106 " in concise


def test_sarif_of_a_draft_points_at_the_draft_and_keeps_the_source_location(
    tmp_path: Path,
) -> None:
    """SARIF of a YAML draft: each result's region is the draft's line (what the JSON report
    says) and its ``sourceLocation`` property is where the finding stood in the original
    .txt, which the original's own report says."""
    seed = SAMPLES / "cangzhou-2025.txt"
    draft = tmp_path / "cangzhou-2025.yaml"
    done = run("to-yaml", str(seed), "-o", str(draft), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    reports = {}
    for fmt in ("json", "sarif"):
        done = run("validate", "-f", fmt, "--no-cache", draft.name, cwd=tmp_path)
        assert done.returncode == 0, done.stderr  # warnings and infos only
        reports[fmt] = json.loads(done.stdout)
    (original,) = json.loads(run("validate", "-f", "json", str(seed), cwd=tmp_path).stdout)["files"]
    (file,) = reports["json"]["files"]
    results = reports["sarif"]["runs"][0]["results"]
    assert len(results) == len(file["findings"]) == len(original["findings"]) > 100
    for result, finding, before in zip(
        results, file["findings"], original["findings"], strict=True
    ):
        assert result["ruleId"] == finding["rule"] == before["rule"]
        if finding["location"] is None:
            assert "sourceLocation" not in result.get("properties", {})
            continue
        region = result["locations"][0]["physicalLocation"]["region"]
        assert region["startLine"] == finding["location"]["line"]
        assert result["properties"]["sourceLocation"] == stated(before["location"])
