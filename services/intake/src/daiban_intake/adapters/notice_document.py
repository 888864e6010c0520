"""The one-time notice (一次性告知书) printed for the resident: an HTML page and a PDF.

The PDF embeds a subset of a CJK TrueType font, so its Chinese renders and can be searched and
copied. The font is found by ``font_file`` (settings), else from the font package
(``paperang-p2-fonts-cjk``: WenQuanYi Micro Hei), else from Debian's ``fonts-wqy-microhei``.
fpdf2 embeds TrueType outlines only: a CFF-based OpenType font (most Noto CJK files) would not do.
"""

from __future__ import annotations

import html
import importlib.util
from datetime import date, datetime
from pathlib import Path

from fpdf import FPDF  # type: ignore[import-untyped]  # fpdf2 ships no type hints

from daiban_intake.domain.case_history import Notice
from daiban_intake.domain.errors import NoticeFontMissing
from daiban_kernel.china import CHINA

FONT_PACKAGE = "paperang_p2_fonts_cjk"
FONT_IN_PACKAGE = Path("fonts") / "wqy-microhei.ttc"
DEBIAN_FONT = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
TIERS_ZH = {"village": "村级", "town": "乡镇（街道）", "county": "区县政务服务中心",
            "department": "审批部门"}


def find_cjk_font(configured: Path | None) -> Path | None:
    """The font file to print notices with, or None if none is installed."""
    if configured is not None:
        return configured
    spec = importlib.util.find_spec(FONT_PACKAGE)
    if spec is not None and spec.origin is not None:
        packaged = Path(spec.origin).parent / FONT_IN_PACKAGE
        if packaged.exists():
            return packaged
    return DEBIAN_FONT if DEBIAN_FONT.exists() else None


def _date(value: date | datetime) -> str:
    day = value.astimezone(CHINA).date() if isinstance(value, datetime) else value
    return f"{day.year}年{day.month}月{day.day}日"


def notice_lines(notice: Notice) -> list[tuple[str, str]]:
    """The notice as (kind, text) lines: ``title``, ``field``, ``text``, ``item``, ``reason``."""
    agent = notice.agent_name or notice.agent.staff_id
    station = (f"{notice.station_name}（{notice.village_code}）" if notice.station_name
               else f"村（社区）便民服务站 {notice.village_code}")
    if notice.after_return_by:
        opening = (f"您申请办理的“{notice.matter_name}”被{TIERS_ZH.get(notice.after_return_by, '')}"
                   "退回补正。须补正的全部事项一次性告知如下：")
    else:
        opening = (f"您申请办理的“{notice.matter_name}”，经初审，材料尚不齐全。"
                   "所缺的全部材料一次性告知如下：")
    lines = [("title", "一次性告知书"), ("field", f"告知书编号：{notice.id}"),
             ("field", f"办件编号：{notice.case_number}"),
             ("field", f"申请人：{notice.applicant_name}"),
             ("field", f"申请事项：{notice.matter_name}（{notice.matter_code}）"),
             ("field", f"代办站点：{station}"),
             ("field", f"代办员：{agent}（工号 {notice.agent.staff_id}）"),
             ("text", opening)]
    for n, item in enumerate(notice.missing, start=1):
        lines += [("item", f"{n}. {item.name}"), ("reason", item.reason)]
    lines += [("text", f"请于{_date(notice.supplement_by)}前补齐上述材料，交代办员，"
                       "补齐后即予受理。代办服务一律免费。"),
              *_terms(notice),
              ("field", f"告知日期：{_date(notice.issued_at)}"),
              ("field", "申请人签收：______________    代办员签名：______________")]
    return lines


def _terms(notice: Notice) -> list[tuple[str, str]]:
    """办理程序, 办理时限 with the expected date, 收费标准 (notices written before they were
    kept print none of them)."""
    if notice.limit_working_days is None or notice.expected_by is None:
        return []
    steps = "→".join(f"{TIERS_ZH.get(s.tier, s.tier)}（{s.working_days}个工作日）"
                     for s in notice.stages)
    allowance = notice.proxy_allowance_days or 0
    limit = f"法定办结时限{notice.limit_working_days}个工作日"
    if allowance:
        limit += f"，代办另加{allowance}个工作日，共{notice.limit_working_days + allowance}个工作日"
    fee = notice.department_fee_yuan
    return [("field", f"办理程序：{steps}→办结送达" if steps else "办理程序：受理→审批→办结送达"),
            ("field", f"办理时限：{limit}，自受理之日起计算"),
            ("field", f"预计办结：{_date(notice.supplement_by)}前补齐并受理的，预计"
                      f"{_date(notice.expected_by)}前办结（遇法定节假日顺延）"),
            ("field", "收费标准：" + ("审批部门不收费" if fee is None or fee == 0
                                  else f"审批部门收费{fee}元") + "；代办服务免费")]


class NoticeDocument:
    """Prints notices as HTML and PDF."""

    def __init__(self, font_file: Path | None) -> None:
        self._font_file = font_file

    def html(self, notice: Notice) -> str:
        """A printable HTML page of the notice."""
        body = []
        for kind, text in notice_lines(notice):
            tag = {"title": "h1", "item": "h3"}.get(kind, "p")
            body.append(f'<{tag} class="{kind}">{html.escape(text)}</{tag}>')
        return (
            '<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
            f"<title>一次性告知书 {html.escape(notice.id)}</title><style>"
            "body{font-family:'Noto Sans SC','WenQuanYi Micro Hei',sans-serif;max-width:40em;"
            "margin:2em auto}h1{text-align:center}h3{margin:.6em 0 .1em}"
            ".reason{margin:0 0 0 1.5em;color:#333}@media print{body{margin:0}}"
            "</style></head><body>\n" + "\n".join(body) + "\n</body></html>\n")

    def pdf(self, notice: Notice) -> bytes:
        """The notice as an A4 PDF with the CJK font embedded."""
        if self._font_file is None or not self._font_file.exists():
            raise NoticeFontMissing(
                "no CJK font to print the notice: install the font package or set "
                "NOTICE_FONT_FILE to a TrueType CJK font")
        pdf = FPDF(format="A4")
        pdf.set_title(f"一次性告知书 {notice.id}")
        pdf.add_font("cjk", fname=str(self._font_file))
        pdf.add_page()
        sizes = {"title": 20, "item": 13, "reason": 11}
        for kind, text in notice_lines(notice):
            pdf.set_font("cjk", size=sizes.get(kind, 12))
            indent = 8 if kind == "reason" else 0
            pdf.set_x(pdf.l_margin + indent)
            pdf.multi_cell(0, 12 if kind == "title" else 8, text, new_x="LMARGIN",
                           new_y="NEXT", align="C" if kind == "title" else "L")
        return bytes(pdf.output())
