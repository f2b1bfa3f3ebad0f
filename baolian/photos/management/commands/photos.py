"""`baolian photos inspect FILE… [--json]`: what the system reads from photos, and whether
they were used before ("has this been used before?" for a photo someone forwarded)."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandParser

from baolian.lib.dates import format_cn
from baolian.photos.hashing import distance, tone_distance
from baolian.photos.services import (
    NEAR_DISTANCE,
    TONE_MAX,
    PhotoFacts,
    PhotoRejected,
    photo_near_duplicates,
    photo_read,
)

FIELDS = ("sha256", "phash", "taken_at", "lat", "lon", "make", "model")
FIELDS += ("orientation", "width", "height")


def _iso(value: datetime | None) -> str | None:
    # Aware (the camera wrote OffsetTimeOriginal): with its offset; else the camera's clock.
    return value.isoformat() if value is not None else None


def _stored_match(photo, dist: int) -> dict:
    visit = photo.visit
    return {
        "photo_id": photo.pk,
        "visit_id": visit.pk if visit else None,
        "visit_code": visit.number if visit else None,  # 编号, as the export writes it
        "unit": visit.unit.name if visit else None,
        "community": visit.community.name if visit else None,
        "date": visit.visited_on.isoformat() if visit else None,
        "problem_id": photo.problem_id,
        "support_measure_id": photo.support_measure_id,
        "file_name": photo.original_name,
        "distance": dist,
    }


def _same_picture(a: PhotoFacts, b: PhotoFacts) -> int | None:
    """The pHash distance if `a` and `b` are the same picture (the rule of
    photo_near_duplicates), else None."""
    d = distance(a.phash, b.phash)
    if d > NEAR_DISTANCE:
        return None
    tones = tone_distance(a.tone, b.tone)
    if tones is not None and tones > TONE_MAX:
        return None
    return d


def inspect_files(paths: list[str]) -> list[dict]:
    """One report per file, in the order given (see the module docstring)."""
    reports: list[dict] = []
    facts_of: dict[int, PhotoFacts] = {}
    for i, name in enumerate(paths):
        report: dict = {"file": name, **dict.fromkeys(FIELDS), "error": None, "matches": []}
        try:
            data = Path(name).read_bytes()
        except OSError as exc:
            report["error"] = f"无法读取文件 / cannot read the file: {exc.strerror or exc}"
            reports.append(report)
            continue
        try:
            facts = photo_read(data, name=Path(name).name)
        except PhotoRejected as exc:
            report["error"] = exc.message
            reports.append(report)
            continue
        facts_of[i] = facts
        report.update(
            sha256=facts.sha256,
            phash=facts.phash_hex,
            taken_at=_iso(facts.taken_at),
            lat=float(facts.latitude) if facts.latitude is not None else None,
            lon=float(facts.longitude) if facts.longitude is not None else None,
            make=facts.make,
            model=facts.model,
            orientation=facts.orientation,
            width=facts.width,
            height=facts.height,
        )
        report["matches"] = [_stored_match(p, d) for p, d in photo_near_duplicates(facts)]
        reports.append(report)
    for i, facts in facts_of.items():
        for j, other in facts_of.items():
            if i != j and (d := _same_picture(facts, other)) is not None:
                reports[i]["matches"].append({"file": paths[j], "distance": d})
        reports[i]["matches"].sort(key=lambda m: m["distance"])
    return reports


def _describe(match: dict) -> str:
    if "file" in match:
        where = f"文件 {match['file']}"
    elif match["visit_id"]:
        day = format_cn(date.fromisoformat(match["date"]))
        where = (
            f"走访 #{match['visit_id']}（编号 {match['visit_code']}）"
            f" {match['unit']} {match['community']} {day}"
        )
    elif match["problem_id"]:
        where = f"问题 #{match['problem_id']}"
    elif match["support_measure_id"]:
        where = f"帮扶措施 #{match['support_measure_id']}"
    else:
        where = f"照片 #{match['photo_id']}"
    return f"{where}（相差 {match['distance']} 位）"


def render_table(reports: list[dict]) -> str:
    """A readable Chinese table: one row per file, then what each matches or why it failed."""
    head = ("文件", "拍摄时间", "纬度", "经度", "相机", "方向", "尺寸", "感知哈希")
    rows = []
    for r in reports:
        camera = " ".join(x for x in (r["make"], r["model"]) if x) or "—"
        size = f"{r['width']}×{r['height']}" if r["width"] else "—"
        rows.append(
            (
                r["file"],
                r["taken_at"] or ("—" if not r["error"] else ""),
                "" if r["lat"] is None else f"{r['lat']:.6f}",
                "" if r["lon"] is None else f"{r['lon']:.6f}",
                camera if not r["error"] else "",
                "" if r["orientation"] is None else str(r["orientation"]),
                size if not r["error"] else "",
                r["phash"] or "",
            )
        )
    widths = [max(_width(x) for x in col) for col in zip(head, *rows, strict=False)]
    lines = ["  ".join(_pad(x, w) for x, w in zip(head, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    for row in rows:
        lines.append("  ".join(_pad(x, w) for x, w in zip(row, widths, strict=True)).rstrip())
    lines.append("")
    for r in reports:
        if r["error"]:
            lines.append(f"{r['file']}：错误：{r['error']}")
        elif r["matches"]:
            lines.append(f"{r['file']}：相似照片：")
            lines.extend(f"  - {_describe(m)}" for m in r["matches"])
        else:
            lines.append(f"{r['file']}：未发现相似照片")
    return "\n".join(lines) + "\n"


def _width(text: str) -> int:
    # Chinese characters take two columns in a terminal.
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


class Command(BaseCommand):
    help = "照片工具 / photo tools: inspect FILE… [--json]"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="inspect")
        inspect = sub.add_parser(
            "inspect",
            help="读取照片信息并查找是否用过 / what a photo says and whether it was used before",
            # Errors in the subcommand exit with status 2 like the command's own.
            called_from_command_line=getattr(parser, "called_from_command_line", None),
        )
        inspect.add_argument("files", nargs="+", metavar="FILE")
        inspect.add_argument("--json", action="store_true", help="输出 JSON / print JSON")

    def handle(self, *args: object, action: str, files: list[str], **options) -> None:
        reports = inspect_files(files)
        if options["json"]:
            self.stdout.write(json.dumps(reports, ensure_ascii=False, indent=2))
        else:
            self.stdout.write(render_table(reports), ending="")
