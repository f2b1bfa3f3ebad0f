"""The filtered visit list as rows; `baolian.lib.xlsx` writes them (text stays text)."""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import QuerySet

from baolian.visits.models import Visit, VisitKind

HEADERS = [
    "编号",
    "日期",
    "包联单位",
    "社区村",
    "所属街道镇",
    "带队市领导",
    "单位领导带队(是/否)",
    "参与人数",
    "活动类型(多个用、分隔)",
    "工作内容",
    "发现问题",
    "上报时间",
    "确认",
    "标记",
]


def visit_rows(visits: QuerySet[Visit]) -> Iterator[list[object]]:
    """The export's rows; its first columns are the import sheet 包联行动's, so an export can
    be corrected and imported back."""
    kind_labels = {
        VisitKind.SURVEY: "调研指导",
        VisitKind.INSPECTION: "督促检查",
        VisitKind.CLEANUP: "卫生整治",
        VisitKind.PUBLICITY: "宣传教育",
        VisitKind.COORDINATION: "会商协调",
        VisitKind.DONATION: "捐赠帮扶",
        VisitKind.OTHER: "其他",
    }
    for visit in visits:
        yield [
            visit.number,
            visit.visited_on,
            visit.unit.name,
            visit.community.name,
            visit.community.street.name,
            visit.leader.name if visit.leader else "",
            "是" if visit.unit_head_led else "否",
            visit.participants,
            "、".join(kind_labels[kind] for kind in visit.kind_list),
            visit.summary,
            visit.findings,
            # Unknown stays empty, so the export imported back keeps it unknown.
            visit.reported_at if visit.reported_at_known else None,
            visit.get_confirmation_display(),
            "；".join(str(flag.get_kind_display()) for flag in visit.flags.all()),
        ]
