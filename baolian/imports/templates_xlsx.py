"""The downloadable import template: every registered sheet, its headers, one example row."""

from __future__ import annotations

from baolian.imports.engine import registered_specs
from baolian.lib.xlsx import Sheet, write_xlsx

INSTRUCTIONS = [
    ["每个工作表对应一类数据，可只保留需要的工作表；工作表名和列名请勿修改。"],
    ["第2行是示例（序号列写着“示例”），导入时自动跳过；请从第3行起填写，序号可留空。"],
    ["日期可写 2021-04-05、2021/4/5、2021.4.5 或 2021年4月5日。"],
    ["同名社区村可能在不同街道镇，请填写“所属街道镇”。导入时全部检查，全部通过才写入。"],
    ["Each sheet is one kind of record; keep the sheet and column names."],
    ["Row 2 is an example (序号 says 示例) and is never imported; fill in from row 3."],
]
EXAMPLE = "示例"


def template_bytes() -> bytes:
    sheets = [Sheet("填写说明", ["说明 / Notes"], INSTRUCTIONS)]
    for spec in registered_specs():
        headers = [col.header for col in spec.columns]
        choices = {}
        for col in spec.columns:
            options = getattr(col.parse, "options", None)
            if options:
                choices[col.header] = list(options)
        example = [EXAMPLE, *(spec.example.get(h) for h in headers)]
        sheets.append(Sheet(spec.name, ["序号", *headers], [example], choices=choices))
    return write_xlsx(sheets, example_rows=1)
