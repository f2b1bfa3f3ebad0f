"""The bulletin as Markdown and as HTML: the same words as the .docx, block for block."""

from __future__ import annotations

from django.utils.html import escape

from baolian.oversight.documents import BulletinDocument


def _md_cell(text: str) -> str:
    return text.replace("|", "\\|")


def render_md(doc: BulletinDocument) -> str:
    lines = [f"# {doc.title}", "", doc.issue, ""]
    for block in doc.blocks:
        if block.kind == "heading":
            lines += [f"## {block.text}", ""]
        elif block.kind == "subheading":
            lines += [f"### {block.text}", ""]
        elif block.kind == "lead":
            lines += [f"**{block.lead}**{block.text}", ""]
        else:
            lines += [block.text, ""]
    lines += [doc.issuer, "", doc.issued_text, ""]
    if doc.annex_rows:
        lines += ["附件", "", f"## {doc.annex_title}", ""]
        lines.append("| " + " | ".join(_md_cell(h) for h in doc.annex_headers) + " |")
        lines.append("|" + "---|" * len(doc.annex_headers))
        for row in doc.annex_rows:
            lines.append("| " + " | ".join(_md_cell(c) for c in row) + " |")
        lines.append("")
    return "\n".join(lines)


def render_html_fragment(doc: BulletinDocument) -> str:
    """The article alone (the web preview wraps it in the site's page and stylesheet)."""
    parts = [
        '<article class="bulletin">',
        f'<h1 class="bulletin-title">{escape(doc.title)}</h1>',
        f'<p class="bulletin-issue">{escape(doc.issue)}</p>',
    ]
    for block in doc.blocks:
        if block.kind == "heading":
            parts.append(f"<h2>{escape(block.text)}</h2>")
        elif block.kind == "subheading":
            parts.append(f"<h3>{escape(block.text)}</h3>")
        elif block.kind == "lead":
            parts.append(
                f'<p><span class="bulletin-lead">{escape(block.lead)}</span>'
                f"{escape(block.text)}</p>"
            )
        else:
            parts.append(f"<p>{escape(block.text)}</p>")
    parts.append(
        f'<p class="bulletin-issuer">{escape(doc.issuer)}</p>'
        f'<p class="bulletin-date">{escape(doc.issued_text)}</p>'
    )
    if doc.annex_rows:
        parts.append('<section class="bulletin-annex"><p class="bulletin-annex-label">附件</p>')
        parts.append(f'<h2 class="bulletin-annex-title">{escape(doc.annex_title)}</h2>')
        parts.append('<div class="table-wrap"><table><thead><tr>')
        parts.extend(f"<th>{escape(h)}</th>" for h in doc.annex_headers)
        parts.append("</tr></thead><tbody>")
        for row in doc.annex_rows:
            parts.append("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>")
        parts.append("</tbody></table></div></section>")
    parts.append("</article>")
    return "\n".join(parts)


# A downloaded file stands alone (opened from a chat app or a USB stick): its style travels
# inside it. The web preview uses the static stylesheet instead (no inline style there).
STANDALONE_CSS = """
body { margin: 0; background: #f3f3f3; }
.bulletin { box-sizing: border-box; max-width: 210mm; margin: 0 auto; background: #fff;
  padding: 37mm 26mm 35mm 28mm; font: 16pt/28pt "仿宋_GB2312", "FangSong", "STFangsong",
  "Noto Serif CJK SC", serif; color: #000; }
.bulletin p { margin: 0; text-indent: 2em; }
.bulletin-title { font: 22pt/35pt "方正小标宋简体", "FZXiaoBiaoSong-B05S", "SimSun",
  "Noto Serif CJK SC", serif; text-align: center; margin: 0; }
.bulletin .bulletin-issue { text-align: center; text-indent: 0; margin-bottom: 28pt;
  font-family: "楷体_GB2312", "KaiTi", "STKaiti", serif; }
.bulletin h2 { font: 16pt/28pt "黑体", "SimHei", "Noto Sans CJK SC", sans-serif; margin: 0;
  text-indent: 2em; }
.bulletin h3, .bulletin-lead { font: 16pt/28pt "楷体_GB2312", "KaiTi", "STKaiti", serif;
  margin: 0; text-indent: 2em; }
.bulletin h3 { font-weight: normal; }
.bulletin .bulletin-issuer { text-align: right; text-indent: 0; margin: 56pt 4em 0 0; }
.bulletin .bulletin-date { text-align: right; text-indent: 0; margin-right: 4em; }
.bulletin-annex { margin-top: 56pt; }
.bulletin .bulletin-annex-label { text-indent: 0; font-family: "黑体", "SimHei", sans-serif; }
.bulletin .bulletin-annex-title { text-align: center; text-indent: 0; font-size: 18pt; }
.bulletin table { border-collapse: collapse; width: 100%; font-size: 10.5pt; line-height: 1.4; }
.bulletin th, .bulletin td { border: 1px solid #000; padding: 2pt 4pt; text-align: center; }
"""


def render_html(doc: BulletinDocument) -> str:
    return (
        '<!doctype html>\n<html lang="zh-Hans"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(doc.title)}{escape(doc.issue)}</title>"
        f"<style>{STANDALONE_CSS}</style></head><body>\n"
        f"{render_html_fragment(doc)}\n</body></html>\n"
    )
