"""Rule options (README.md "Configuration"): each rule declares the model of the options it
reads; :class:`Options`, the configuration's ``options`` section, is all of them in one."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal, TypeVar, cast

from pydantic import BaseModel, ConfigDict, Field, field_validator

DEFAULT_BASES = ["计划标准", "行业标准", "历史标准", "其他标准"]
DEFAULT_CODE_PATTERN = r"^\d{6}\d{2}P\d{11}[0-9A-Z]$"
# 项目性质/项目属性 values of the forms seen: the four, and 新增/延续/持续性项目
# (项目属性 on Hunan/Hubei/Shaanxi forms).
DEFAULT_PROJECT_NATURES = [
    "经常性项目",
    "一次性项目",
    "阶段性项目",
    "延续性项目",
    "新增项目",
    "延续项目",
    "持续性项目",
]


class RuleOptions(BaseModel):
    """The options one rule reads (its ``Rule.options``); the engine hands each rule an
    instance of its own model, so a rule cannot read an option it does not declare."""

    # defer_build: a run hands rules their options through model_construct, which needs no
    # validator; a group's schema is built when something validates it (start-up: ~5 ms)
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class NoOptions(RuleOptions):
    """A rule that reads no option."""


class FrameworkOptions(RuleOptions):
    framework: Literal["auto", "legacy", "2021"] = Field(
        default="auto",
        description="指标体系: legacy (成本指标 under 产出指标), 2021 (“财预〔2021〕101号”)",
    )


class SatisfactionOptions(RuleOptions):
    satisfaction_min: Decimal = Field(default=Decimal(80), description="满意度 minimum, in %")


class BasesOptions(RuleOptions):
    bases: list[str] = Field(
        default_factory=lambda: list(DEFAULT_BASES), description="accepted 指标值确定依据"
    )


class CodePatternOptions(RuleOptions):
    project_code_pattern: str = Field(
        default=DEFAULT_CODE_PATTERN, description="regular expression a 项目编码 must match"
    )

    @field_validator("project_code_pattern")
    @classmethod
    def _compiles(cls, value: str) -> str:
        import re
        import warnings

        try:
            with warnings.catch_warnings():  # (a FutureWarning on "[[" is not the user's error)
                warnings.simplefilter("ignore")
                re.compile(value)
        except re.error as exc:
            raise ValueError(f"not a valid regular expression: {exc}") from exc
        return value


class YearOptions(RuleOptions):
    year: int | None = Field(default=None, description="budget year; default: the document's")


class CodeYearOptions(YearOptions, CodePatternOptions):
    """PG502: the code's year, checked only on codes of the configured pattern."""


class WeightSumOptions(RuleOptions):
    weight_sums: list[Decimal] = Field(
        default_factory=lambda: [Decimal(100), Decimal(90)],
        description="accepted sums of 权重 per project",
    )


class RequireOptions(RuleOptions):
    require: list[str] = Field(
        default_factory=list,
        description="fields every table must have even when its form has no row for them: "
        "code/项目编码, or a form field such as “主管部门”",
    )


class NatureOptions(RuleOptions):
    project_natures: list[str] = Field(
        default_factory=lambda: list(DEFAULT_PROJECT_NATURES),
        description="accepted “项目性质”/“项目属性” values",
    )


_T = TypeVar("_T", bound=RuleOptions)


# Bases listed last-first: pydantic collects fields along the reversed MRO, so the
# configuration's fields keep this order (README.md, ``perfgoal explain``).
class Options(
    NatureOptions,
    RequireOptions,
    WeightSumOptions,
    YearOptions,
    CodePatternOptions,
    BasesOptions,
    SatisfactionOptions,
    FrameworkOptions,
):
    """The ``options`` section of the configuration: every rule's options in one flat
    model; an unknown key is a configuration error (exit 2)."""


def options_for(model: type[_T], options: Options) -> _T:
    """``options`` cut down to ``model``'s fields (already validated: not validated again)."""
    values = {name: getattr(options, name) for name in model.model_fields}
    # (cast: pydantic's mypy plugin types model_construct on a TypeVar as the bound)
    return cast(_T, model.model_construct(**values))
