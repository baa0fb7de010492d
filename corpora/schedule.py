"""Letter texts for the review app's tests and benchmark: a reporting schedule with many
obligations (one sentence per unit and period, each with its own deadline) and a long letter of
many pages. Rendered to PDF by ``congvan.corpora.render`` like any other letter text."""
from __future__ import annotations

UNITS = ["Phòng Nội vụ", "Phòng Tư pháp", "Phòng Tài chính - Kế hoạch", "Phòng Kinh tế", "Phòng Văn hóa - Xã hội",
         "Phòng Tài nguyên và Môi trường", "Phòng Y tế", "Phòng Giáo dục và Đào tạo", "Thanh tra huyện",
         "Văn phòng HĐND và UBND huyện", "Phòng Dân tộc", "Phòng Lao động - Thương binh và Xã hội",
         "Phòng Quản lý đô thị", "Phòng Nông nghiệp"]
PERIODS = [("quý I", "15/3/2025"), ("6 tháng đầu năm", "15/6/2025"), ("quý III", "15/9/2025"),
           ("9 tháng", "25/9/2025"), ("năm", "15/12/2025")]

HEAD = """ỦY BAN NHÂN DÂN
HUYỆN MẪU SƠN
Số: {number}/UBND-{symbol}
V/v {subject}

CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Mẫu Sơn, ngày 05 tháng 01 năm 2025

Kính gửi: Các phòng, ban chuyên môn thuộc UBND huyện.

"""
FOOT = """
Nơi nhận:
- Như trên;
- Lưu: VT, NV.
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
Nguyễn Văn Mẫu
"""


def schedule_letter(obligations: int = 70, *, number: int = 301, symbol: str = "LICH") -> str:
    """A letter imposing ``obligations`` report duties: unit by unit, period by period."""
    lines = [HEAD.format(number=number, symbol=symbol, subject="chế độ báo cáo định kỳ năm 2025"),
             "Để tổng hợp tình hình thực hiện nhiệm vụ năm 2025, UBND huyện yêu cầu các cơ quan, đơn vị báo cáo "
             "theo lịch sau:\n"]
    n = 0
    for unit in UNITS:
        for period, due in PERIODS:
            if n == obligations:
                break
            n += 1
            lines.append(f"{n}. {unit} báo cáo kết quả thực hiện nhiệm vụ {period} năm 2025 gửi về UBND huyện "
                         f"(qua Phòng Nội vụ) trước ngày {due}.\n")
    return "\n".join(lines) + FOOT


def long_letter(paragraphs: int = 410, *, number: int = 302, symbol: str = "DAI") -> str:
    """A long letter (about 35 A4 pages at the default) with one duty at its start."""
    body = ["Phòng Nội vụ báo cáo kết quả rà soát thủ tục hành chính gửi về UBND huyện trước ngày 20/3/2025.\n"]
    for i in range(1, paragraphs + 1):
        body.append(f"{i}. Tiếp tục rà soát, đánh giá việc thực hiện các nhiệm vụ cải cách hành chính tại cơ quan, "
                    f"đơn vị; tổng hợp khó khăn, vướng mắc và đề xuất giải pháp tháo gỡ trong quá trình triển khai "
                    f"thực hiện nhiệm vụ thứ {i} của kế hoạch.\n")
    return HEAD.format(number=number, symbol=symbol, subject="hướng dẫn rà soát thủ tục hành chính") + "\n".join(body) + FOOT
