"""Compare tables of two DuckDB connections as sets of rows: floats to 9 significant digits, order ignored."""
import math

import pandas as pd

DIGITS = 9


def canonical(frame: pd.DataFrame) -> list[tuple]:
    """The rows as sorted tuples of comparable values (NaN and None alike, floats rounded)."""
    def value(v):
        if v is None or (isinstance(v, float) and math.isnan(v)) or v is pd.NA or v is pd.NaT:
            return None
        if isinstance(v, float):
            return float(f"{v:.{DIGITS}g}")
        if hasattr(v, "tolist"):
            return repr(v.tolist())
        return v if isinstance(v, (int, str, bool)) else repr(v)
    rows = [tuple(value(v) for v in row) for row in frame.itertuples(index=False, name=None)]
    return sorted(rows, key=repr)


def differences(a, b, tables, b_prefix: str = "") -> dict:
    """Per table whose rows differ: (rows only in a, rows only in b), a few of each."""
    out = {}
    for table in tables:
        left = a.execute(f"select * from {table}").df()
        right = b.execute(f"select * from {b_prefix}{table}").df()[list(left.columns)]
        x, y = canonical(left), canonical(right)
        if x != y:
            only_a = [r for r in x if r not in set(y)][:3]
            only_b = [r for r in y if r not in set(x)][:3]
            out[table] = (len(x), len(y), only_a, only_b)
    return out
