"""Rule options (SPEC.md "Configuration"): one validated model shared by every rule."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

DEFAULT_BASES = ["计划标准", "行业标准", "历史标准", "其他标准"]
DEFAULT_CODE_PATTERN = r"^\d{6}\d{2}P\d{11}[0-9A-Z]$"


class Options(BaseModel):
    """Options rules read; an unknown key is a configuration error (exit 2)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    framework: Literal["auto", "legacy", "2021"] = Field(
        default="auto",
        description="指标体系: legacy (成本指标 under 产出指标), 2021 (财预〔2021〕101号)",
    )
    satisfaction_min: Decimal = Field(default=Decimal(80), description="满意度 minimum, in %")
    bases: list[str] = Field(
        default_factory=lambda: list(DEFAULT_BASES), description="accepted 指标值确定依据"
    )
    project_code_pattern: str = Field(
        default=DEFAULT_CODE_PATTERN, description="regular expression a 项目编码 must match"
    )
    year: int | None = Field(default=None, description="budget year; default: the document's")
    weight_sums: list[Decimal] = Field(
        default_factory=lambda: [Decimal(100), Decimal(90)],
        description="accepted sums of 权重 per project",
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
