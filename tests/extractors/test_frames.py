"""Directive frames, enclosures, run-together text and the list splitters: case tables."""
from __future__ import annotations

import pytest

from congvan.extractors import frames
from congvan.extractors.cc import find_cc
from congvan.extractors.enclosures import find_enclosures, letter_end
from congvan.extractors.number import find_number
from congvan.extractors.references import find_references
from congvan.extractors.recipients import entries
from congvan.extractors.signer import find_signer
from congvan.pipeline import extract_text, to_result
from congvan.pipeline.syllables import unjoin


@pytest.mark.parametrize("head, stripped", [
    ("các cơ quan, đơn vị khẩn trương", "các cơ quan, đơn vị"),
    ("Sở Nội vụ, căn cứ chức năng, nhiệm vụ được giao,", "Sở Nội vụ"),
    ("UBND các xã định kỳ hằng tháng", "UBND các xã"),
    ("Sở Y tế tập trung", "Sở Y tế"),
    ("Phòng Nội vụ", "Phòng Nội vụ"),
])
def test_what_stands_between_unit_and_verb(head, stripped):
    assert frames.strip_between(head) == stripped


@pytest.mark.parametrize("head, end", [
    ("Văn phòng UBND tỉnh thẩm định", "Văn phòng UBND tỉnh"),       # a verb the list lacks
    ("các cơ quan, đơn vị khân trương", "các cơ quan, đơn vị"),     # an OCR garble of an adverb
    ("Bộ Giao thông vận tải", None),                                # lower case inside the name
    ("Ban Chấp hành lâm thời của Liên đoàn Võ thuật cổ truyền tỉnh Lâm Đồng", None),
])
def test_where_a_unit_phrase_ends(head, end):
    cut = frames.name_end(head)
    assert (head[:cut].rstrip(" ,") if cut else None) == end


@pytest.mark.parametrize("sentence, cue, cited", [
    ("Xét đề nghị của Bộ Công Thương tại văn bản số 12", "đề nghị", True),
    ("Công an tỉnh đã gửi Công văn số 177 về việc đề nghị các cơ quan cử nhân sự", "đề nghị", True),
    ("Các Đoàn Luật sư có đơn, trong đó các Đoàn Luật sư kính trình UBND tỉnh xem xét", "kính trình", True),
    ("Để kịp thời tổng hợp, Bộ Nội vụ đề nghị UBND các tỉnh báo cáo", "đề nghị", False),
])
def test_a_cue_that_is_a_noun_or_another_letters_request(sentence, cue, cited):
    assert frames.cited_cue(sentence, sentence.index(cue)) is cited


@pytest.mark.parametrize("sentence, closing", [
    ("Văn phòng Chính phủ xin thông báo để Bộ Kế hoạch và Đầu tư biết, thực hiện./.", True),
    ("Tổng cục Thống kê trân trọng cảm ơn sự phối hợp của Quý Cơ quan./.", True),
    ("Các thành viên Tổ Công tác chịu trách nhiệm thi hành Quyết định này./.", True),
    ("Đề nghị Sở Nội vụ báo cáo trước ngày 20/11/2025.", False),
])
def test_closing_formulas(sentence, closing):
    assert frames.closing_formula(sentence) is closing


def test_aliases_the_letter_defines():
    text = ("Trên cơ sở hồ sơ do Đoàn Luật sư tỉnh A, Đoàn Luật sư tỉnh B trình (sau đây gọi tắt là các Đoàn "
            "Luật sư), Sở Tư pháp đã có ý kiến. Cục Quản lý Khám, chữa bệnh (KCB) đã hướng dẫn.")
    found = {m.value[0]: m.value[1] for m in frames.find_aliases(text)}
    assert "Đoàn Luật sư tỉnh A" in found["các Đoàn Luật sư"]
    assert found["KCB"] == "Cục Quản lý Khám, chữa bệnh"


LETTER = ("ỦY BAN NHÂN DÂN\nTỈNH LÂM ĐỒNG\nSố: 12/UBND-VP\nV/v lấy ý kiến\nLâm Đồng, ngày 05 tháng 8 năm 2025\n"
          "Kính gửi: Sở Tư pháp.\nĐề nghị Sở Tư pháp cho ý kiến về dự thảo trước ngày 15/8/2025.\n"
          "Nơi nhận:\n- Như trên;\n- Lưu: VT.\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\nNguyễn Văn An\n")


def test_enclosures_are_not_the_letter():
    draft = ("\nỦY BAN NHÂN DÂN\nTỈNH LÂM ĐỒNG\nDự thảo\nSố: /QĐ-UBND\nQUYẾT ĐỊNH\nVề việc ban hành quy chế\n"
             "Điều 1. Giao Sở Nội vụ chủ trì tổ chức thực hiện trước ngày 30/9/2025.\nNơi nhận:\n- Lưu: VT.\n"
             "CHỦ TỊCH\n\nTrần Văn Bình\n")
    r = to_result(extract_text(LETTER + draft))
    assert r["document"]["number"] == "12" and r["document"]["signer"]["name"] == "Nguyễn Văn An"
    assert [u["name"] for o in r["obligations"] for u in o["responsible"]] == ["Sở Tư pháp"]
    assert [e["kind"] for e in r["enclosures"]] == ["du_thao"]
    assert any(w["code"] == "enclosures" for w in r["warnings"])


def test_an_appendix_of_the_letter_keeps_its_duties():
    text = LETTER + "\nPHỤ LỤC\nĐỀ CƯƠNG BÁO CÁO\n1. Phòng Nội vụ: Báo cáo tình hình biên chế.\n"
    body = extract_text(text).body
    end = letter_end(body, body.index("Đề nghị"))
    assert [m.value["kind"] for m in find_enclosures(body, end)] == ["phu_luc", "de_cuong"]


@pytest.mark.parametrize("raw, joined", [
    ("đềnghị các Sở báocáo về Bộ", "đề nghị các Sở báo cáo về Bộ"),
    ("củaBộ Giao thông", "của Bộ Giao thông"),
    ("năm 2010,Phó Thủ tướng", "năm 2010, Phó Thủ tướng"),
    ("thựchiện ngay", "thực hiện ngay"),
    ("Mobifone website email TP.HCM GD&ĐT", "Mobifone website email TP.HCM GD&ĐT"),
])
def test_run_together_words_of_web_copies(raw, joined):
    assert unjoin(raw) == joined


def test_a_flattened_header_reads_like_a_laid_out_one():
    flat = ("BỘ NỘI VỤ ------- CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc --------------- "
            "Số: 123/BNV-VP V/v báo cáo kết quả Hà Nội, ngày 05 tháng 3 năm 2024 Kính gửi: Ủy ban nhân dân các tỉnh.\n\n"
            "Bộ Nội vụ đề nghị Ủy ban nhân dân các tỉnh báo cáo trước ngày 20/3/2024.\n")
    d = to_result(extract_text(flat))["document"]
    assert (d["number"], d["symbol"], d["place"], d["issued_date"]["iso"], d["subject"], d["issuer"]["name"]) == \
        ("123", "BNV-VP", "Hà Nội", "2024-03-05", "báo cáo kết quả", "Bộ Nội vụ")
    assert [r["name"] for r in d["recipients"]] == ["Ủy ban nhân dân các tỉnh"]


@pytest.mark.parametrize("line, names", [
    ("Thủ tướng, các PTTg CP", ["Thủ tướng", "Các Phó Thủ tướng Chính phủ"]),
    ("Hội đồng Dân tộc và các Ủy ban của Quốc hội", ["Hội đồng Dân tộc", "Các Ủy ban của Quốc hội"]),
    ("UBND các tỉnh: Đồng Tháp, Hà Tĩnh", ["Ủy ban nhân dân tỉnh Đồng Tháp", "Ủy ban nhân dân tỉnh Hà Tĩnh"]),
    ("Các Vụ: GDMN, GDTH", ["Vụ Giáo dục Mầm non", "Vụ Giáo dục Tiểu học"]),
    ("Chủ tịch, các Phó Chủ tịch UBND tỉnh", ["Chủ tịch, các Phó Chủ tịch Ủy ban nhân dân tỉnh"]),
    ("Sở Văn hóa, Thể thao và Du lịch", ["Sở Văn hóa, Thể thao và Du lịch"]),
    ("Ban Chấp hành Hội công chứng viên tỉnh Lâm Đồng, Bình Thuận, Đắk Nông (cũ)",
     ["Ban Chấp hành Hội công chứng viên tỉnh Lâm Đồng, Bình Thuận, Đắk Nông (cũ)"]),
])
def test_one_list_line_naming_several_units(line, names):
    assert [n for _, _, n in entries(0, line)] == names


def test_the_senders_own_distribution_is_not_a_copy():
    text = "Nơi nhận:\n- Như trên;\n- Thủ tướng, các PTTg;\n- VPCP: BTCN, các PCN, Cổng TTĐT;\n- Lưu: VT, KGVX.\n"
    assert [m.value["name"] for m in find_cc(text, issuer="Văn phòng Chính phủ")] == ["Thủ tướng", "Các Phó Thủ tướng"]


@pytest.mark.parametrize("tail, name, title, authority", [
    ("KT BỘ TRƯỞNG, CHỦ NHIỆM VPCP\nPHÓ CHỦ NHIỆM\nTrần Quốc Toản", "Trần Quốc Toản", "Phó Chủ nhiệm", "KT."),
    ("K/T TRƯỞNG BAN\nPHÓ TRƯỞNG BAN THƯỜNG TRỰC\nChâu Ngọc Lương", "Châu Ngọc Lương", "Phó Trưởng ban Thường trực", "KT."),
    ("TM.BCH HIỆP HỘI DOANH NGHIỆP\nNhiệm kỳ 2019 -2025\nPHÓ CHỦ TỊCH THƯỜNG TRỰC\nLê Văn Lợi", "Lê Văn Lợi",
     "Phó Chủ tịch Thường trực", "TM."),
    ("TL. BỘ TRƯỞNG\nKT. CỤC TRƯỞNG\nPHÓ CỤC TRƯỞNG\n(Phó trưởng ban thường trực BCĐ\nphục vụ đổi mới)\nĐã kí\n"
     "Phạm Ngọc Phương", "Phạm Ngọc Phương", "Phó Cục trưởng", "TL."),
    ("KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\nĐại tá Huỳnh Ngọc Liêm", "Huỳnh Ngọc Liêm", "Phó Giám đốc", "KT."),
    ("GIÁM ĐỐC\nThiếu tướng Trương Minh Đương", "Trương Minh Đương", "Giám đốc", None),
])
def test_signature_blocks(tail, name, title, authority):
    v = find_signer("Nơi nhận:\n- Lưu: VT.\n" + tail + "\n").value
    assert (v["name"], v["title"].lower(), v["authority"]) == (name, title.lower(), authority)


@pytest.mark.parametrize("text, symbol", [
    ("theo Công văn số 223/STP- BTTP về việc", "STP-BTTP"),
    ("văn bản số 103/BKH-KTĐP &LT ngày 7", "BKH-KTĐP&LT"),
    ("Quyết định số 78/2002/QĐ /BNN-KL ngày", "2002/QĐ/BNN-KL"),
    ("Tờ trình số 197/TTr-CAT(PA05) ngày 19/9/2025", "TTr-CAT(PA05)"),
    ("Công văn số 12/UBND-VP - Sở Nội vụ", "UBND-VP"),
])
def test_symbols_broken_by_a_line_end_or_a_space(text, symbol):
    assert [m.value["symbol"] for m in find_references(text)] == [symbol]


@pytest.mark.parametrize("line, symbol", [("Số: 855/CAT- PA05", "CAT-PA05"), ("Số: 511/TTr-CAT(PC04)", "TTr-CAT(PC04)"),
                                          ("Số:     /UBND-NV", "UBND-NV"), ("Số: 12/KH-UBND.", "KH-UBND")])
def test_number_line_symbols(line, symbol):
    assert find_number(line + "\n").value["symbol"] == symbol
