"""Generate ``samples/bad/``: drafts that each show one family of defects, as a budget
officer might really submit them, in both the text export and Word.

Run: ``python samples/make_bad_samples.py``. Built on the seed's layout helpers in
``make_samples.py`` so that the tables look like the real document's.
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

SAMPLES = Path(__file__).resolve().parent


def _make_samples() -> ModuleType:
    name = "perfgoal_make_samples"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, SAMPLES / "make_samples.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


ms = _make_samples()
UNIT = "306001沧州临港经济技术开发区循环经济促进中心本级"
HEADER = ("一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "指标值确定依据")
CHECKPOINTS = ("3月底", "6月底", "10月底", "12月底")


def project(
    seq: int,
    name: str,
    *,
    code: str,
    money: Sequence[tuple[str, str]],
    plan: Sequence[str],
    goals: Sequence[str],
    indicators: Sequence[tuple[str, ...]],
    unit: str = UNIT,
) -> list[object]:
    """Title, project table and indicator table of one project, in the seed's layout."""
    table_a = ms.project_table_a(
        unit=unit,
        unit_label="单位：万元",
        code=code,
        name=name,
        money=money,
        purpose=f"用于{name}",
        plan_label="资金支出计划（万元）",
        checkpoints=CHECKPOINTS,
        plan=plan,
        goal_label="绩效目标",
        goals=goals,
    )
    rows = ms.merge_repeats([HEADER, *indicators], [0])
    return [ms.P(f"{seq}.{name}绩效目标表"), table_a, ms.P(" "), ms.table(rows)]


GOOD_INDICATORS = [
    ("产出指标", "数量指标", "开展活动次数", "开展科普活动次数", "≥2次", "计划标准"),
    ("产出指标", "质量指标", "活动完成率", "活动按计划完成的比例", "100%", "计划标准"),
    ("产出指标", "时效指标", "活动完成时间", "年内完成", "≤12个月", "计划标准"),
    ("产出指标", "成本指标", "活动经费", "控制在预算内", "≤4万元", "计划标准"),
    ("效益指标", "社会效益指标", "参与群众人次", "活动覆盖人次", "≥500人次", "历史标准"),
    ("满意度指标", "服务对象满意度指标", "参与群众满意度", "问卷调查", "≥90%", "行业标准"),
]

TOTAL = ("预算数", "4.00")


def budget_arithmetic() -> list[object]:
    """PG201 parts ≠ total; PG202 plan goes down; PG203 ends below budget; PG204 above it
    (and down again); PG205 an amount written in words."""
    return [
        *project(
            1,
            "2025科技创新环境建设",
            code="13091625P00024010001J",
            money=[TOTAL, ("其中：财政资金", "3.00"), ("其他资金", "0.50")],
            plan=["1.00", "3.00", "2.00", "3.50"],
            goals=["1.促进开发区创新体系建设进一步完善。"],
            indicators=GOOD_INDICATORS,
        ),
        *project(
            2,
            "2025科学技术普及",
            code="13091625P00024210001X",
            money=[TOTAL, ("其中：财政资金", "4.00"), ("其他资金", "四万")],
            plan=["1.00", "2.00", "5.00", "4.00"],
            goals=["1.提升重点人群科学素质。"],
            indicators=GOOD_INDICATORS,
        ),
    ]


def missing_tiers() -> list[object]:
    """PG102 no 满意度指标; PG103 产出 without 时效; PG104 经济效益 under 产出; PG105 an
    unknown 二级; PG106 an empty 指标值; PG107 the same indicator twice."""
    rows = [
        ("产出指标", "数量指标", "开展活动次数", "开展科普活动次数", "≥2次", "计划标准"),
        ("产出指标", "数量指标", "开展活动次数", "开展科普活动次数", "≥2次", "计划标准"),
        ("产出指标", "质量指标", "活动完成率", "活动按计划完成的比例", "", "计划标准"),
        ("产出指标", "经济效益指标", "带动企业产值", "带动产值", "≥100万元", "计划标准"),
        ("产出指标", "成本指标", "活动经费", "控制在预算内", "≤4万元", "计划标准"),
        ("效益指标", "管理效益指标", "制度完善程度", "制度建设", "明显提升", "其他标准"),
    ]
    return project(
        1,
        "2025科技创新环境建设",
        code="13091625P00024010001J",
        money=[TOTAL, ("其中：财政资金", "4.00"), ("其他资金", " ")],
        plan=["1.00", "2.00", "3.00", "4.00"],
        goals=["1.促进开发区创新体系建设进一步完善。"],
        indicators=rows,
    )


def malformed_values() -> list[object]:
    """PG301 `≥次`; PG302 120%; PG305 满意度 60%; PG307 no unit; PG308 `*`; PG309 `1` for a
    率; PG310 a 成本 with ≥; PG311 a deadline after the budget year."""
    rows = [
        ("产出指标", "数量指标", "开展活动次数", "开展科普活动次数", "≥次", "计划标准"),
        ("产出指标", "数量指标", "参与企业数量", "参与企业数量", "10", "计划标准"),
        ("产出指标", "质量指标", "活动完成率", "活动按计划完成的比例", "1", "计划标准"),
        ("产出指标", "质量指标", "资料归档率", "资料归档比例", "120%", "计划标准"),
        ("产出指标", "时效指标", "完成时间", "完成时间", "2026年6月", "计划标准"),
        ("产出指标", "成本指标", "活动经费", "活动经费", "≥4万元", "计划标准"),
        ("效益指标", "社会效益指标", "参与群众人次", "活动覆盖人次", "*", "历史标准"),
        ("满意度指标", "服务对象满意度指标", "参与群众满意度", "问卷调查", "≥60%", "行业标准"),
    ]
    return project(
        1,
        "2025科学技术普及",
        code="13091625P00024210001X",
        money=[TOTAL, ("其中：财政资金", "4.00"), ("其他资金", " ")],
        plan=["1.00", "2.00", "3.00", "4.00"],
        goals=["1.提升重点人群科学素质。"],
        indicators=rows,
    )


def codes() -> list[object]:
    """PG401 a malformed 项目编码; PG403 a code used twice; PG404 another unit."""
    money = [TOTAL, ("其中：财政资金", "4.00"), ("其他资金", " ")]
    plan = ["1.00", "2.00", "3.00", "4.00"]
    return [
        *project(
            1,
            "2025科技创新环境建设",
            code="1309162P0002401",
            money=money,
            plan=plan,
            goals=["1.促进开发区创新体系建设进一步完善。"],
            indicators=GOOD_INDICATORS,
        ),
        *project(
            2,
            "2025科学技术普及",
            code="13091625P00024210001X",
            money=money,
            plan=plan,
            goals=["1.提升重点人群科学素质。"],
            indicators=GOOD_INDICATORS,
        ),
        *project(
            3,
            "2025科技宣传周",
            code="13091625P00024210001X",
            money=money,
            plan=plan,
            goals=["1.办好科技活动周。"],
            indicators=GOOD_INDICATORS,
            unit="306002沧州临港经济技术开发区科技局本级",
        ),
    ]


BAD = {
    "budget-arithmetic": budget_arithmetic,
    "missing-tiers": missing_tiers,
    "malformed-values": malformed_values,
    "codes": codes,
}


def build_bad(out_dir: Path) -> list[Path]:
    written = []
    for stem, blocks in BAD.items():
        document = ms.build_docx(blocks(), title=f"{stem} 示例")
        for suffix, data in (
            (".docx", ms.docx_bytes(document)),
            (".txt", ms.docx_to_txt_export(document).encode("utf-8")),
        ):
            path = out_dir / "bad" / f"{stem}{suffix}"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            written.append(path)
    return written


if __name__ == "__main__":
    for written_path in build_bad(Path(sys.argv[1]) if len(sys.argv) > 1 else SAMPLES):
        print(written_path)
