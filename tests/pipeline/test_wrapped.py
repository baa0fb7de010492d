"""Plain text broken at a fixed width (pipeline/wrapped.py and the joins of normalise.build_text that use it)."""
import textwrap

import pytest

from congvan.pipeline.normalise import build_text
from congvan.pipeline.text_input import lines_from_text
from congvan.pipeline.wrapped import fills_line, name_runs_on, wrap_width

# a paragraph of the kind agencies write, long enough that its wrapped lines tell the width
FILLER = ("Để kịp thời tổng hợp, báo cáo kết quả thực hiện nhiệm vụ cải cách hành chính năm 2025 theo yêu cầu của "
          "Bộ Nội vụ tại Công văn số 5521/BNV-CCHC ngày 10/10/2025, bảo đảm đầy đủ nội dung, số liệu chính xác và "
          "đúng thời gian quy định, Ủy ban nhân dân huyện hướng dẫn các cơ quan chuyên môn thuộc huyện, Ủy ban nhân "
          "dân các xã, thị trấn xây dựng báo cáo theo đề cương kèm theo công văn này, gửi về Phòng Nội vụ huyện. "
          "Báo cáo nêu rõ kết quả đạt được, những tồn tại, hạn chế và nguyên nhân, đề xuất giải pháp khắc phục "
          "trong thời gian tới; số liệu tính từ ngày 16/12/2024 đến ngày 15/12/2025.")


def _joined(width: int, *tail: str) -> str:
    """The text build_text makes of FILLER wrapped at ``width`` followed by ``tail``'s lines."""
    text = "\n".join(textwrap.wrap(FILLER, width) + list(tail))
    return build_text(lines_from_text(text))[0]


@pytest.mark.parametrize("width", [60, 72, 80])
def test_a_wrapped_text_has_its_width(width):
    lengths = [len(x) for x in textwrap.wrap(FILLER, width)]
    assert width - 8 <= wrap_width(lengths) <= width


def test_a_paragraph_a_line_has_no_width():
    lengths = [len(x) for x in (FILLER, FILLER[:140], "Kính gửi: Phòng Nội vụ huyện", FILLER[:300], "Nơi nhận:",
                                 FILLER[:90], FILLER[:210], "- Như trên;", FILLER[:170], FILLER[:60], FILLER[:250])]
    assert wrap_width(lengths) is None


@pytest.mark.parametrize("prev, nxt, full", [
    ("Ủy ban nhân dân huyện hướng dẫn các cơ quan chuyên môn thuộc huyện, Ủy", "ban nhân dân", True),
    ("Ủy ban nhân dân huyện hướng dẫn các cơ quan chuyên môn thuộc", "huyện", False),
    ("Kính gửi: Phòng Nội vụ huyện", "Căn cứ", False),
])
def test_a_line_fills_the_width_when_the_next_word_would_not_fit(prev, nxt, full):
    assert fills_line(prev, nxt, 72) is full


@pytest.mark.parametrize("prev, nxt, runs_on", [
    ("Sở Nội vụ kính trình Chủ tịch Ủy ban nhân dân tỉnh Lâm", "Đồng xem xét, quyết định.", True),
    ("theo đề nghị của Hội Nông dân tỉnh Bình", "Thuận tại Tờ trình số 15/TTr-HND", True),
    ("đề nghị Ủy ban nhân dân tỉnh", "Lâm Đồng xem xét, quyết định.", True),
    ("Thực hiện Quyết định số 145/QĐ-BNV ngày 03/3/2025 của Bộ", "Nội vụ về việc ban hành Kế hoạch", True),
    ("báo cáo kết quả về Văn phòng", "Chính phủ trước ngày 10/01/2026.", True),
    ("Ủy ban nhân dân tỉnh đề nghị Công ty Điện lực", "Lâm Đồng kiểm tra hệ thống điện", True),
    # a name that ends with its line, then a new paragraph or the date line
    ("Kính gửi: Sở Nội Vụ", "Sở Xây dựng nhận được Công văn số 1676/SNV-TCBC", False),
    ("1. Về đề nghị đổi tên Hội Cựu giáo chức tỉnh Lâm Đồng", "Hội Cựu giáo chức tỉnh được thành lập", False),
    ("Ban Thường vụ Tỉnh ủy", "Sở Nội vụ báo cáo như sau:", False),
    ("TỜ TRÌNH", "Hà Nội, ngày 12/5/2015", False),
])
def test_a_name_runs_on_across_the_break(prev, nxt, runs_on):
    assert name_runs_on(prev, nxt) is runs_on


@pytest.mark.parametrize("width", [60, 72])
@pytest.mark.parametrize("lines, joined", [
    # a line that filled the width, then a document's symbol, then the rest of the sentence
    (["- Kết quả thực hiện các nhiệm vụ, giải pháp khắc phục những chỉ số bị đánh giá thấp (tại Quyết định số",
      "362/QĐ-UBND", "ngày 05/02/2024 của Ủy ban nhân dân huyện)."],
     "(tại Quyết định số 362/QĐ-UBND ngày 05/02/2024 của Ủy ban nhân dân huyện)."),
    # a name cut by the break, the next line capitalised
    (["Sở Nội vụ kính trình Chủ tịch Ủy ban nhân dân tỉnh Lâm", "Đồng xem xét, quyết định./."],
     "Chủ tịch Ủy ban nhân dân tỉnh Lâm Đồng xem xét, quyết định./."),
    # an addressee cut after a word that needs the next ("trực thuộc" / "Trung ương")
    (["Kính gửi: Sở Nông nghiệp và Môi trường các tỉnh, thành phố trực thuộc", "Trung ương."],
     "Kính gửi: Sở Nông nghiệp và Môi trường các tỉnh, thành phố trực thuộc Trung ương."),
    # inline items cut by the break
    (["- Kết quả thực hiện trên các lĩnh vực: (1) Cải cách thể chế; (2) Cải cách thủ tục hành chính;",
      "(3) Cải cách chế độ công vụ."], "(2) Cải cách thủ tục hành chính; (3) Cải cách chế độ công vụ."),
])
def test_a_wrapped_paragraph_joins(width, lines, joined):
    wrapped = [x for line in lines for x in textwrap.wrap(line, width)]
    assert joined in _joined(width, *wrapped)


@pytest.mark.parametrize("width", [60, 72])
@pytest.mark.parametrize("lines", [
    # a numbered heading ends its line, whatever its length
    ["4.7. Kết quả thực hiện các quy định về chuyển đổi vị trí công tác đối với công chức theo quy định",
     "Tình hình thực hiện chuyển đổi vị trí công tác trong năm."],
    # list items with other marks
    ["• Phòng Nội vụ huyện;", "• Phòng Tư pháp huyện."],
    ["+ Phòng Nội vụ huyện;", "+ Phòng Tư pháp huyện."],
])
def test_a_wrapped_paragraph_ends_where_a_new_item_starts(width, lines):
    wrapped = [x for line in lines for x in textwrap.wrap(line, width)]
    text = _joined(width, *wrapped)
    assert "\n" + lines[-1] in text


@pytest.mark.parametrize("page_top", ["", "2\n", "- 2 -\n"])
def test_a_page_break_inside_a_sentence(page_top):
    """A form feed (pdftotext's page break) inside a sentence: the sentence goes on on the next page."""
    text = "\n".join(textwrap.wrap(FILLER, 72)) + ("\nNgoài ra, Ủy ban nhân dân huyện đề nghị\n\f"
                                                    f"{page_top}Phòng Nội vụ huyện tổng hợp báo cáo.")
    assert "huyện đề nghị Phòng Nội vụ huyện tổng hợp" in build_text(lines_from_text(text))[0]


@pytest.mark.parametrize("addressee", ["Ban Thường vụ các huyện, thị, thành đoàn và đoàn trực thuộc",
                                       "Các đơn vị trực thuộc", "Các phòng, ban thuộc"])
def test_a_whole_kinh_gui_line_ending_with_a_connector_stays_whole(addressee):
    """A letter set one paragraph a line (no width to break at): a Kính gửi line that ends with 'trực thuộc' is whole,
    and the body under it starts its own paragraph."""
    text = (f"Kính gửi: {addressee}\n"
            "Nhằm kịp thời tổng hợp, Ban Thường vụ Tỉnh đoàn đề nghị các đơn vị báo cáo kết quả trước ngày 05/4/2024.\n"
            "Trân trọng./.")
    assert f"Kính gửi: {addressee}\n" in build_text(lines_from_text(text))[0]
