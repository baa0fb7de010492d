"""The Excel feed for clerks: one row per obligation (the same rows as the CSV), laid out so that a
clerk can filter and sort it at once: Vietnamese headers, dates as real date cells (dd/mm/yyyy),
the header row frozen and filtered, column widths from their content, the confidence as a
percentage, and a link per row to the letter (its file, at the page of the evidence) and, where a
review app address is given, to the obligation there."""
from __future__ import annotations

import datetime as dt
import io
from typing import Iterable

from .export import neutralise

# the CSV's column names (kept for trackers) -> what a clerk reads
HEADERS = {
    "document": "Số, ký hiệu văn bản", "document_date": "Ngày văn bản", "issuer": "Cơ quan ban hành",
    "subject": "Trích yếu", "obligation_id": "Mã nhiệm vụ", "responsible": "Đơn vị chủ trì",
    "cooperating": "Đơn vị phối hợp", "action": "Việc phải làm", "task": "Nội dung nhiệm vụ",
    "deadline": "Hạn", "deadline_relation": "Loại hạn", "deadline_rule": "Quy tắc tính hạn",
    "window_start": "Số liệu từ ngày", "window_end": "Số liệu đến ngày", "period": "Kỳ báo cáo",
    "recurrence": "Lặp lại (RRULE)", "submit_to": "Nơi gửi", "confidence": "Độ tin cậy", "page": "Trang",
    "source": "Văn bản gốc", "sha256": "SHA-256", "review_url": "Xem trong ứng dụng rà soát",
}
DATE_FIELDS = {"document_date", "deadline", "window_start", "window_end"}
RELATIONS = {"before": "Trước ngày", "no_later_than": "Chậm nhất ngày", "on": "Vào ngày", "from": "Từ ngày",
             "within": "Trong thời hạn"}
MAX_WIDTH = {"subject": 50, "task": 60, "responsible": 40, "cooperating": 40, "issuer": 40, "submit_to": 40}


def _cell_value(field: str, value):
    if field in DATE_FIELDS and value:
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return value
    if field == "deadline_relation":
        return RELATIONS.get(value, value)
    return value


def workbook(rows: Iterable[dict], fields: list[str]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    ws.title = "Nhiệm vụ"
    ws.append([HEADERS.get(f, f) for f in fields])
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
    for cell in ws[1]:
        cell.font, cell.fill = bold, fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    widths = [len(HEADERS.get(f, f)) for f in fields]
    link = Font(color="0563C1", underline="single")
    for r, row in enumerate(rows, start=2):
        for c, f in enumerate(fields, start=1):
            value = _cell_value(f, row.get(f))
            cell = ws.cell(row=r, column=c, value=value)
            if isinstance(value, dt.date):
                cell.number_format = "DD/MM/YYYY"
                shown = 10
            elif f == "confidence" and value is not None:
                cell.number_format = "0%"
                shown = 5
            elif f in ("source", "review_url") and value:
                cell.hyperlink = value
                cell.value = "Mở văn bản" if f == "source" else "Mở nhiệm vụ"
                cell.font = link
                shown = 14
            else:
                neutralise(value, cell)  # a text cell that begins with "=" stays text (OWASP CSV injection)
                shown = len(str(value)) if value is not None else 0
            widths[c - 1] = max(widths[c - 1], min(shown, MAX_WIDTH.get(f, 30)))
    for c, f in enumerate(fields, start=1):
        ws.column_dimensions[get_column_letter(c)].width = widths[c - 1] + 2
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = ws.dimensions
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
