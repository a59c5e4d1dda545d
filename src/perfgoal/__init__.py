"""perfgoal: parse and check Chinese budget performance-goal documents (绩效目标表)."""

__version__ = "0.1.0"
