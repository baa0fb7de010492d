"""Document fields in the shapes agencies write them, beyond the letters the extractors were tuned on
(issue 13): each case a layout or wording class, written from the ND30 forms and the pool letters."""
from __future__ import annotations

import pytest

from congvan.extractors.signer import find_signer


@pytest.mark.parametrize("block, expected", [
    # the prefixes written out in words or with dots (older letters, party, Hội and đoàn thể letters)
    ("THAY MẶT ỦY BAN NHÂN DÂN\nKÝ THAY CHỦ TỊCH\nPHÓ CHỦ TỊCH\nNguyễn Văn An", ("Nguyễn Văn An", "Phó Chủ tịch", "TM.")),
    ("THỪA LỆNH BỘ TRƯỞNG\nCHÁNH VĂN PHÒNG\nNguyễn Văn An", ("Nguyễn Văn An", "Chánh Văn phòng", "TL.")),
    ("THỪA ỦY QUYỀN CHỦ TỊCH\nGIÁM ĐỐC SỞ NỘI VỤ\nNguyễn Văn An", ("Nguyễn Văn An", "Giám đốc Sở Nội vụ", "TUQ.")),
    ("THAY MẶT BAN THƯỜNG VỤ\nPHÓ BÍ THƯ\nNguyễn Văn An", ("Nguyễn Văn An", "Phó Bí thư", "TM.")),
    ("T.M. BAN CHẤP HÀNH\nCHỦ TỊCH\nNguyễn Văn An", ("Nguyễn Văn An", "Chủ tịch", "TM.")),
    ("K.T GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\nNguyễn Văn An", ("Nguyễn Văn An", "Phó Giám đốc", "KT.")),
    ("T/M BAN THƯỜNG VỤ\nPHÓ BÍ THƯ THƯỜNG TRỰC\nNguyễn Văn An", ("Nguyễn Văn An", "Phó Bí thư Thường trực", "TM.")),
    # a principal named by two titles, the block run onto one line by a copy
    ("KT. BỘ TRƯỞNG, CHỦ NHIỆM PHÓ CHỦ NHIỆM Nguyễn Cao Lục", ("Nguyễn Cao Lục", "Phó Chủ nhiệm", "KT.")),
    ("- Lưu: VT, CN (3). KT. BỘ TRƯỞNG, CHỦ NHIỆM PHÓ CHỦ NHIỆM Nguyễn Cao Lục", ("Nguyễn Cao Lục", "Phó Chủ nhiệm", "KT.")),
    ("KT. BỘ TRƯỞNG, CHỦ NHIỆM\nPHÓ CHỦ NHIỆM\nNguyễn Cao Lục", ("Nguyễn Cao Lục", "Phó Chủ nhiệm", "KT.")),
    ("Q. GIÁM ĐỐC\nNguyễn Văn An", ("Nguyễn Văn An", "Giám đốc", "Q.")),
])
def test_signer_prefix_forms(block, expected):
    text = "... thực hiện./.\nNơi nhận:\n- Như trên;\n- Lưu: VT.\n" + block
    s = find_signer(text).value
    assert (s["name"], s["title"], s["authority"]) == expected
