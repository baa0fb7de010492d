"""Document fields whatever the header and signature look like: laid out, two columns run together on
one line, tab-separated, flattened on one line (law-portal copies, also with both levels of a two-level
header on that line), ministries, departments, a Cục under
its Tổng cục, a party committee, a district; and signature blocks with TM./KT./TL./TUQ., none, one
copied from a table beside ``Nơi nhận``, or before it, or run onto one line (with the Nơi nhận list or alone). Written for these tests, each header against each
signature."""
from __future__ import annotations

import unicodedata

import pytest

from congvan.pipeline import extract_text, to_result

BODY="Đề nghị Sở Nội vụ báo cáo kết quả gửi về trước ngày 15/12/2025.\nTrân trọng./.\n"
HEADS = {  # layout: (header text, expected fields)
 "std": ("BỘ Y TẾ\n-------\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n---------------\nSố: 123/BYT-KCB\nV/v tăng cường công tác\nphòng, chống dịch bệnh\nHà Nội, ngày 05 tháng 3 năm 2025\nKính gửi: Sở Y tế các tỉnh, thành phố trực thuộc Trung ương.\n", dict(issuer="Bộ Y tế", number="123", symbol="BYT-KCB", subject="tăng cường công tác phòng, chống dịch bệnh", date="2025-03-05", place="Hà Nội")),
 "merged": ("UBND TỈNH GIA LAI CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSỞ Y TẾ Độc lập - Tự do - Hạnh phúc\nSố: 12/SYT-NVY Gia Lai, ngày 5 tháng 3 năm 2025\nV/v tăng cường công tác phòng, chống dịch bệnh\nKính gửi:\n- Các bệnh viện tuyến tỉnh;\n- Trung tâm Y tế các huyện.\n", dict(issuer="Sở Y tế tỉnh Gia Lai", number="12", symbol="SYT-NVY", subject="tăng cường công tác phòng, chống dịch bệnh", date="2025-03-05", place="Gia Lai")),
 "tabs": ("BỘ NỘI VỤ\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n-------\tĐộc lập - Tự do - Hạnh phúc\n\t---------------\nSố: 5678/BNV-CCHC\tHà Nội, ngày 12 tháng 11 năm 2025\nV/v báo cáo công tác cải cách hành chính năm 2025\t\n\nKính gửi: Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương.\n", dict(issuer="Bộ Nội vụ", number="5678", symbol="BNV-CCHC", subject="báo cáo công tác cải cách hành chính năm 2025", date="2025-11-12", place="Hà Nội")),
 "flat": ("BỘ NỘI VỤ ------- CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc --------------- Số: 5678/BNV-CCHC V/v báo cáo công tác cải cách hành chính năm 2025 Hà Nội, ngày 12 tháng 11 năm 2025 Kính gửi: Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương.\n\n", dict(issuer="Bộ Nội vụ", number="5678", symbol="BNV-CCHC", subject="báo cáo công tác cải cách hành chính năm 2025", date="2025-11-12", place="Hà Nội")),
 "cuc": ("TỔNG CỤC THUẾ\nCỤC THUẾ TỈNH BÌNH DƯƠNG\n-------\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nSố: 9876/CTBDU-TTHT\nV/v chính sách thuế\nBình Dương, ngày 20 tháng 10 năm 2024\nKính gửi: Công ty TNHH ABC.\n", dict(issuer="Cục Thuế tỉnh Bình Dương", number="9876", symbol="CTBDU-TTHT", subject="chính sách thuế", date="2024-10-20", place="Bình Dương")),
 "party": ("TỈNH ỦY LÂM ĐỒNG\nBAN TỔ CHỨC\n*\nSố 123-CV/BTCTU\nV/v báo cáo số lượng đảng viên\nĐẢNG CỘNG SẢN VIỆT NAM\nLâm Đồng, ngày 10 tháng 11 năm 2025\nKính gửi: Các đảng bộ trực thuộc Tỉnh ủy.\n", dict(issuer="Ban Tổ chức Tỉnh ủy Lâm Đồng", number="123", symbol="CV/BTCTU", subject="báo cáo số lượng đảng viên", date="2025-11-10", place="Lâm Đồng")),
 "endash": ("UBND TỈNH BÀ RỊA - VŨNG TÀU CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSỞ GIÁO DỤC VÀ ĐÀO TẠO Độc lập – Tự do – Hạnh phúc\nSố: 327/SGDĐT-KHTC Vũng Tàu, ngày 29 tháng 4 năm 2011\nV/v đánh giá tình hình sử dụng công trình\n–––––––––––\nKính gửi: Các Phòng Giáo dục và Đào tạo.\n", dict(issuer="Sở Giáo dục và Đào tạo tỉnh Bà Rịa - Vũng Tàu", number="327", symbol="SGDĐT-KHTC", subject="đánh giá tình hình sử dụng công trình", date="2011-04-29", place="Vũng Tàu")),
 "flat2": ("UBND TỈNH LÂM ĐỒNG SỞ Y TẾ -------- CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc --------------- Số: 88/SYT-NVY V/v tăng cường công tác phòng, chống dịch bệnh Lâm Đồng, ngày 5 tháng 3 năm 2025 Kính gửi: Các bệnh viện tuyến tỉnh.\n\n", dict(issuer="Sở Y tế tỉnh Lâm Đồng", number="88", symbol="SYT-NVY", subject="tăng cường công tác phòng, chống dịch bệnh", date="2025-03-05", place="Lâm Đồng")),
 "flat-bo": ("BỘ NỘI VỤ VỤ CẢI CÁCH HÀNH CHÍNH ------- CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc --------------- Số: 77/CCHC V/v cử cán bộ Hà Nội, ngày 12 tháng 11 năm 2025 Kính gửi: Các đơn vị thuộc Bộ.\n\n", dict(issuer="Vụ Cải cách hành chính", number="77", symbol="CCHC", subject="cử cán bộ", date="2025-11-12", place="Hà Nội")),
 "flat-rows": ("ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM TỈNH SÓC TRĂNG Độc lập - Tự do - Hạnh phúc Số: 91/UBND-VX Sóc Trăng, ngày 3 tháng 2 năm 2025 V/v triển khai tiêm chủng mở rộng\n\nKính gửi: Sở Y tế.\n", dict(issuer="Ủy ban nhân dân tỉnh Sóc Trăng", number="91", symbol="UBND-VX", subject="triển khai tiêm chủng mở rộng", date="2025-02-03", place="Sóc Trăng")),
 "flat-rows2": ("UBND TỈNH KHÁNH HÒA CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM SỞ TƯ PHÁP Độc lập - Tự do - Hạnh phúc Số: 15/STP-VP Khánh Hòa, ngày 3 tháng 2 năm 2025 V/v rà soát văn bản\n\nKính gửi: Các phòng thuộc Sở.\n", dict(issuer="Sở Tư pháp tỉnh Khánh Hòa", number="15", symbol="STP-VP", subject="rà soát văn bản", date="2025-02-03", place="Khánh Hòa")),
 "flat-name-before-place": ("BỘ GIAO THÔNG VẬN TẢI ------- CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc --------------- Số: 45/BGTVT-KHĐT V/v báo cáo tiến độ Dự án đường Hồ Chí Minh Hà Nội, ngày 10 tháng 3 năm 2025 Kính gửi: Ban Quản lý dự án đường Hồ Chí Minh.\n\n", dict(issuer="Bộ Giao thông vận tải", number="45", symbol="BGTVT-KHĐT", subject="báo cáo tiến độ Dự án đường Hồ Chí Minh", date="2025-03-10", place="Hà Nội")),
 "flat-company": ("TẬP ĐOÀN ĐIỆN LỰC VIỆT NAM TỔNG CÔNG TY ĐIỆN LỰC MIỀN BẮC ------- CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc --------------- Số: 3521/EVNNPC-KD V/v rà soát khách hàng sử dụng điện Hà Nội, ngày 12 tháng 6 năm 2024 Kính gửi: Các Công ty Điện lực trực thuộc.\n\n", dict(issuer="Tổng công ty Điện lực miền Bắc", number="3521", symbol="EVNNPC-KD", subject="rà soát khách hàng sử dụng điện", date="2024-06-12", place="Hà Nội")),
 "flat-titled": ("UBND TỈNH LÂM ĐỒNG SỞ NỘI VỤ Số: 156 /TTr-SNV CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc Lâm Đồng, ngày 25 tháng 8 năm 2025 TỜ TRÌNH Về việc cho phép đổi tên Hội Cựu giáo chức tỉnh\n\nKính gửi: Chủ tịch Ủy ban nhân dân tỉnh.\n", dict(issuer="Sở Nội vụ tỉnh Lâm Đồng", number="156", symbol="TTr-SNV", subject="cho phép đổi tên Hội Cựu giáo chức tỉnh", date="2025-08-25", place="Lâm Đồng", doc_type="to_trinh")),
 "flat-report": ("UBND TỈNH LÂM ĐỒNG SỞ NỘI VỤ Số: 181 /BC-SNV CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc Lâm Đồng, ngày 05 tháng 11 năm 2025 BÁO CÁO Tổng kết thực hiện các mô hình cải cách hành chính\n\nKính gửi: Chủ tịch Ủy ban nhân dân tỉnh.\n", dict(issuer="Sở Nội vụ tỉnh Lâm Đồng", number="181", symbol="BC-SNV", subject="Tổng kết thực hiện các mô hình cải cách hành chính", date="2025-11-05", place="Lâm Đồng", doc_type="bao_cao")),
 "huyen": ("ỦY BAN NHÂN DÂN\nHUYỆN ĐỨC TRỌNG\n________\nSố: 45/UBND-VP\nV/v triển khai\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n________________\nĐức Trọng, ngày 02 tháng 01 năm 2025\nKính gửi: Các xã, thị trấn.\n", dict(issuer="Ủy ban nhân dân huyện Đức Trọng", number="45", symbol="UBND-VP", subject="triển khai", date="2025-01-02", place="Đức Trọng")),
 "digits-date": ("BỘ TÀI CHÍNH\n-------\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n---------------\nSố: 4512/BTC-NSNN\nV/v hướng dẫn lập dự toán ngân sách năm 2026\nHà Nội, ngày 14/07/2025\nKính gửi: Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương.\n", dict(issuer="Bộ Tài chính", number="4512", symbol="BTC-NSNN", subject="hướng dẫn lập dự toán ngân sách năm 2026", date="2025-07-14", place="Hà Nội")),
 "digits-date-dots": ("ỦY BAN NHÂN DÂN\nTỈNH ĐẮK LẮK\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nSố: 310/UBND-KT\nV/v rà soát hồ sơ đất đai của các hộ gia đình, cá nhân đang sử dụng đất trên địa bàn các xã, phường năm 2025\nĐắk Lắk, ngày 03.02.2025\nKính gửi: Sở Nông nghiệp và Môi trường.\n", dict(issuer="Ủy ban nhân dân tỉnh Đắk Lắk", number="310", symbol="UBND-KT", subject="rà soát hồ sơ đất đai của các hộ gia đình, cá nhân đang sử dụng đất trên địa bàn các xã, phường năm 2025", date="2025-02-03", place="Đắk Lắk")),
 "flat-dept-unit": ("SỞ Y TẾ TỈNH LÂM ĐỒNG TRUNG TÂM KIỂM SOÁT BỆNH TẬT Số: 45/TTKSBT-KHNV V/v triển khai tiêm vắc xin sởi CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc Lâm Đồng, ngày 10 tháng 3 năm 2025 Kính gửi: Các trạm y tế xã.\n\n", dict(issuer="Trung tâm Kiểm soát bệnh tật tỉnh Lâm Đồng", number="45", symbol="TTKSBT-KHNV", subject="triển khai tiêm vắc xin sởi", date="2025-03-10", place="Lâm Đồng")),
 "flat-association": ("UBND TỈNH ĐỒNG NAI HIỆP HỘI DU LỊCH Số: 12/HHDL-VP V/v tổ chức hội chợ du lịch CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc Đồng Nai, ngày 8 tháng 4 năm 2025 Kính gửi: Các hội viên.\n\n", dict(issuer="Hiệp hội Du lịch tỉnh Đồng Nai", number="12", symbol="HHDL-VP", subject="tổ chức hội chợ du lịch", date="2025-04-08", place="Đồng Nai")),
 # a PDF's decomposed text, its words glued where the page set them apart ("XÃHỘI", "Tựdo")
 "flat-glued-nfd": (unicodedata.normalize("NFD", "UBND TỈNH LÂM ĐỒNG SỞ XÂY DỰNG Số: 77/SXD-QLN V/v kiểm tra an toàn nhà chung cư. CỘNG HÒA XÃHỘI CHỦNGHĨA VIỆT NAM Độc lập –Tựdo –Hạnh phúc Lâm Đồng, ngày 16 tháng 9 năm 2025\nKính gửi: Các phường.\n\n"), dict(issuer="Sở Xây dựng tỉnh Lâm Đồng", number="77", symbol="SXD-QLN", subject="kiểm tra an toàn nhà chung cư", date="2025-09-16", place="Lâm Đồng")),
 "flat-titled-caps": ("UBND TỈNH LÂM ĐỒNG SỞ NỘI VỤ Số: 190/BC-SNV CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc Lâm Đồng, ngày 05 tháng 11 năm 2025 BÁO CÁO KẾT QUẢ CÔNG TÁC CẢI CÁCH HÀNH CHÍNH NĂM 2025\n\nKính gửi: Chủ tịch Ủy ban nhân dân tỉnh.\n", dict(issuer="Sở Nội vụ tỉnh Lâm Đồng", number="190", symbol="BC-SNV", subject="Kết quả công tác cải cách hành chính năm 2025", date="2025-11-05", place="Lâm Đồng", doc_type="bao_cao")),
 "flat-dien": ("BỘ Y TẾ ------- CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Số: 05/CĐ-BYT Độc lập - Tự do - Hạnh phúc Hà Nội, ngày 20 tháng 7 năm 2025 CÔNG ĐIỆN về việc chủ động phòng, chống sốt xuất huyết ------- BỘ Y TẾ điện:\n- Sở Y tế các tỉnh, thành phố.\n", dict(issuer="Bộ Y tế", number="05", symbol="CĐ-BYT", subject="chủ động phòng, chống sốt xuất huyết", date="2025-07-20", place="Hà Nội", doc_type="cong_dien")),
 # the agency lines in Title Case, as some copies set them (acronyms as they are)
 "title-case": ("UBND Tỉnh Lâm Đồng\nSở Giáo Dục và Đào Tạo\n-------\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nSố: 210/SGDĐT-VP\nV/v tổ chức kỳ thi học sinh giỏi cấp tỉnh\nLâm Đồng, ngày 12 tháng 11 năm 2025\nKính gửi: Các trường trung học phổ thông.\n", dict(issuer="Sở Giáo dục và Đào tạo tỉnh Lâm Đồng", number="210", symbol="SGDĐT-VP", subject="tổ chức kỳ thi học sinh giỏi cấp tỉnh", date="2025-11-12", place="Lâm Đồng")),
 "title-case-3": ("Ủy Ban Nhân Dân\nTỉnh Khánh Hòa\nVăn Phòng\n-------\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nSố: 88/VP-TH\nV/v báo cáo tình hình kinh tế - xã hội\nKhánh Hòa, ngày 3 tháng 2 năm 2025\nKính gửi: Các sở, ban, ngành.\n", dict(issuer="Văn phòng Ủy ban nhân dân tỉnh Khánh Hòa", number="88", symbol="VP-TH", subject="báo cáo tình hình kinh tế - xã hội", date="2025-02-03", place="Khánh Hòa")),
 # an agency's name the header column wrapped: after its joining word ("VÀ MÔI" / "TRƯỜNG", a head word alone),
 # and a department's name broken before its place, over the unit that writes
 "wrapped-name": ("UBND TỈNH LÂM ĐỒNG\nSỞ NÔNG NGHIỆP VÀ MÔI\nTRƯỜNG\n-------\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nSố: 318/SNNMT-VP\nV/v kiểm tra hồ sơ giao đất\nLâm Đồng, ngày 09 tháng 4 năm 2026\nKính gửi: Sở Nội vụ.\n", dict(issuer="Sở Nông nghiệp và Môi trường tỉnh Lâm Đồng", number="318", symbol="SNNMT-VP", subject="kiểm tra hồ sơ giao đất", date="2026-04-09", place="Lâm Đồng")),
 "wrapped-parent": ("SỞ VĂN HÓA, THỂ THAO VÀ DU\nLỊCH TỈNH KHÁNH HÒA\nTRUNG TÂM VĂN HÓA NGHỆ THUẬT\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nSố: 41/TTVHNT\nV/v tổ chức hội diễn\nKhánh Hòa, ngày 16 tháng 9 năm 2025\nKính gửi: Các phường.\n", dict(issuer="Trung tâm Văn hóa nghệ thuật tỉnh Khánh Hòa", number="41", symbol="TTVHNT", subject="tổ chức hội diễn", date="2025-09-16", place="Khánh Hòa")),
 "flat-spellings": ("BỘ NỘI VỤ ------- CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc --------------- Số 5679/BNV-CCHC V/V báo cáo công tác cải cách hành chính quý III Hà Nội, ngày 12 tháng 11 năm 2025 Kính gởi: Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương.\n\n", dict(issuer="Bộ Nội vụ", number="5679", symbol="BNV-CCHC", subject="báo cáo công tác cải cách hành chính quý III", date="2025-11-12", place="Hà Nội")),
}
TAILS = {  # signature block: (text, (authority, title, name))
 "tm-kt": ("Nơi nhận:\n- Như trên;\n- Lưu: VT.\nTM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\n(Đã ký)\n\nNguyễn Văn An\n", ("TM.", "Phó Chủ tịch", "Nguyễn Văn An")),
 "kt": ("Nơi nhận:\n- Như trên;\n- Lưu: VT.\nKT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\n\n\nTrần Văn Bình\n", ("KT.", "Phó Giám đốc", "Trần Văn Bình")),
 "tl": ("Nơi nhận:\n- Như trên;\n- Lưu: VT.\nTL. BỘ TRƯỞNG\nVỤ TRƯỞNG VỤ PHÁP CHẾ\n\nLê Văn Cường\n", ("TL.", "Vụ trưởng Vụ Pháp chế", "Lê Văn Cường")),
 "cols": ("Nơi nhận:\tKT. BỘ TRƯỞNG\n- Như trên;\tTHỨ TRƯỞNG\n- Lưu: VT, CCHC.\t\n\tNguyễn Văn Dũng\n", ("KT.", "Thứ trưởng", "Nguyễn Văn Dũng")),
 "plain": ("Nơi nhận:\n- Như trên;\n- Lưu: VT.\nCHỦ TỊCH\n\nNguyễn Văn Phúc\n", (None, "Chủ tịch", "Nguyễn Văn Phúc")),
 "sig-first": ("KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\nHoàng Thị Giang\nNơi nhận:\n- Như trên;\n- Lưu: VT.\n", ("KT.", "Phó Chủ tịch", "Hoàng Thị Giang")),
 "flat-tail": ("Nơi nhận: - Như trên; - Lưu: VT. TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH PHÓ CHỦ TỊCH Nguyễn Văn An\n", ("TM.", "Phó Chủ tịch", "Nguyễn Văn An")),
 "one-line-sig": ("Nơi nhận:\n- Như trên;\n- Lưu: VT.\nKT. BỘ TRƯỞNG THỨ TRƯỞNG Nguyễn Văn Dũng\n", ("KT.", "Thứ trưởng", "Nguyễn Văn Dũng")),
 "name-stop": ("Nơi nhận:\n- Như trên;\n- Lưu: VT.\nKT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\nTrần Văn Bình.\n", ("KT.", "Phó Giám đốc", "Trần Văn Bình")),
 "signed-note-beside": ("Nơi nhận:\n- Như trên;\n- Lưu: VT.\nKT. BỘ TRƯỞNG\nTHỨ TRƯỞNG\nNguyễn Văn Dũng (đã ký)\n", ("KT.", "Thứ trưởng", "Nguyễn Văn Dũng")),
 "signed-note-before": ("Nơi nhận:\n- Như trên;\n- Lưu: VT.\nKT. BỘ TRƯỞNG\nTHỨ TRƯỞNG\n(Đã ký) Nguyễn Văn Dũng\n", ("KT.", "Thứ trưởng", "Nguyễn Văn Dũng")),
 "cols-empty-first": ("Nơi nhận:\t\n- Như trên;\tKT. BỘ TRƯỞNG\n- Lưu: VT, CCHC.\tTHỨ TRƯỞNG\n\tNguyễn Văn Dũng\n", ("KT.", "Thứ trưởng", "Nguyễn Văn Dũng")),
 "tuq": ("Nơi nhận:\n- Như trên;\n- Lưu: VT.\nTUQ. CHỦ TỊCH\nCHÁNH VĂN PHÒNG\n\nĐỗ Văn Hải\n", ("TUQ.", "Chánh Văn phòng", "Đỗ Văn Hải")),
}


@pytest.mark.parametrize("head", sorted(HEADS))
@pytest.mark.parametrize("tail", sorted(TAILS))
def test_fields_do_not_depend_on_the_layout(head, tail):
    text, expected = HEADS[head]
    block, signer = TAILS[tail]
    r = to_result(extract_text(text + BODY + block))["document"]
    got = {"issuer": (r.get("issuer") or {}).get("name"), "number": r.get("number"), "symbol": r.get("symbol"),
           "subject": r.get("subject"), "date": (r.get("issued_date") or {}).get("iso"), "place": r.get("place")}
    if "doc_type" in expected:  # the kind's title run onto the header's line
        got["doc_type"] = r.get("doc_type")
    assert got == expected
    s = r.get("signer") or {}
    assert (s.get("authority"), s.get("title"), s.get("name")) == signer


# a copy that lost its header: the issuer is the body the letter names for itself
HEADLESS = [  # (letter without its header, the issuer it names for itself)
("Kính gửi: Cục Thống kê các tỉnh, thành phố trực thuộc Trung ương.\nĐể triển khai thực hiện Luật Thống kê, Tổng cục Thống kê đề nghị Cục Thống kê các tỉnh báo cáo trước ngày 15/12/2021.\nTrân trọng./.\nNơi nhận:\n- Như trên;\n- Lưu: VT.\nKT. TỔNG CỤC TRƯỞNG\nPHÓ TỔNG CỤC TRƯỞNG\nNguyễn Trung Tiến\n", "Tổng cục Thống kê"),
("Kính gửi: Ủy ban nhân dân các tỉnh.\nThực hiện chỉ đạo của Thủ tướng Chính phủ, Bộ Y tế đề nghị Ủy ban nhân dân các tỉnh chỉ đạo Sở Y tế báo cáo.\nNơi nhận:\n- Như trên;\n- Lưu: VT.\nKT. BỘ TRƯỞNG\nTHỨ TRƯỞNG\nNguyễn Văn A\n", "Bộ Y tế"),
("V/v báo cáo tình hình\nKính gửi: Sở Nội vụ.\nỦy ban nhân dân huyện Đức Trọng báo cáo tình hình như sau:\n1. Kết quả.\nNơi nhận:\n- Như trên;\n- Lưu: VT.\nTM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\nNguyễn Văn B\n", "Ủy ban nhân dân huyện Đức Trọng"),
("Số: 123/SNV-CCHC\nV/v triển khai\nKính gửi: Các sở, ban, ngành.\nSở Nội vụ tỉnh Lâm Đồng đề nghị các sở, ban, ngành triển khai.\nNơi nhận:\n- Như trên;\n- Lưu: VT.\nKT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\nTrần C\n", "Sở Nội vụ tỉnh Lâm Đồng"),
# its deadline written out ("trước ngày 28 tháng 8 năm 2025") is no date line: the letter still has no header,
# and the signature block in capitals is no agency line
("Kính gửi: Sở Giáo dục và Đào tạo các tỉnh, thành phố.\nĐể tổng hợp số liệu, Bộ Giáo dục và Đào tạo đề nghị các sở báo cáo kết quả trước ngày 28 tháng 8 năm 2025.\nNơi nhận:\n- Như trên;\n- Lưu: VT.\nTL. BỘ TRƯỞNG\nKT. CỤC TRƯỞNG CỤC CƠ SỞ VẬT CHẤT\nPHÓ CỤC TRƯỞNG\nPhạm Văn D\n", "Bộ Giáo dục và Đào tạo"),
]


@pytest.mark.parametrize("text, issuer", HEADLESS)
def test_a_headless_letter_names_its_issuer(text, issuer):
    assert (to_result(extract_text(text))["document"].get("issuer") or {}).get("name") == issuer


# the trích yếu under a kind title, wrapped over lines, in a plain-text letter
H="ỦY BAN NHÂN DÂN\nTỈNH LÂM ĐỒNG\nSố: 12/KH-UBND\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nLâm Đồng, ngày 02 tháng 01 năm 2026\n"
T="\nNơi nhận:\n- Như trên;\n- Lưu: VT.\nTM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\nNguyễn Văn A\n"
TITLED = [  # (what follows the header, the trích yếu)
("KẾ HOẠCH\nTriển khai thực hiện công tác cải cách hành chính\nnăm 2026 trên địa bàn tỉnh\nI. MỤC ĐÍCH, YÊU CẦU\n1. Mục đích\nNâng cao hiệu quả.\n", "Triển khai thực hiện công tác cải cách hành chính năm 2026 trên địa bàn tỉnh"),
("QUYẾT ĐỊNH\nVề việc thành lập Tổ công tác triển khai\nĐề án 06 của tỉnh\nCHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG\nCăn cứ Luật Tổ chức chính quyền địa phương;\nQUYẾT ĐỊNH:\nĐiều 1. Thành lập Tổ công tác.\n", "thành lập Tổ công tác triển khai Đề án 06 của tỉnh"),
("THÔNG BÁO\nKết luận của Chủ tịch Ủy ban nhân dân tỉnh tại cuộc họp\nvề công tác chuyển đổi số\nNgày 30/12/2025, Chủ tịch UBND tỉnh chủ trì cuộc họp.\n", "Kết luận của Chủ tịch Ủy ban nhân dân tỉnh tại cuộc họp về công tác chuyển đổi số"),
("BÁO CÁO\nTình hình thực hiện nhiệm vụ năm 2025\nI. KẾT QUẢ\nĐã hoàn thành.\n", "Tình hình thực hiện nhiệm vụ năm 2025"),
("TỜ TRÌNH\nVề việc đề nghị phê duyệt Đề án\nKính gửi: Chủ tịch Ủy ban nhân dân tỉnh.\nSở Nội vụ kính trình.\n", "đề nghị phê duyệt Đề án"),
]


@pytest.mark.parametrize("body, subject", TITLED)
def test_subject_under_the_title(body, subject):
    assert to_result(extract_text(H + body + T))["document"].get("subject") == subject


FLAT_TITLED = [  # a law portal's copy of a letter with no Kính gửi: the header and title block on one line, the title's
    # rule at its end, a part heading on the next line (the rule ends the trích yếu as it does on the page)
    ("UBND TỈNH LÂM ĐỒNG SỞ NỘI VỤ Số: 21/BC-SNV CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc "
     "Lâm Đồng, ngày 05 tháng 11 năm 2025 BÁO CÁO TỔNG KẾT CÔNG TÁC NĂM 2025 --------------------\n"
     "PHẦN I:\nKẾT QUẢ THỰC HIỆN\nNăm 2025, Sở Nội vụ đã hoàn thành các nhiệm vụ được giao.\n",
     "Tổng kết công tác năm 2025"),
    ("UBND TỈNH LÂM ĐỒNG SỞ NỘI VỤ Số: 22/KH-SNV CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc "
     "Lâm Đồng, ngày 05 tháng 11 năm 2025 KẾ HOẠCH Triển khai công tác văn thư năm 2026 ________\n"
     "I. MỤC ĐÍCH, YÊU CẦU\nNâng cao chất lượng công tác văn thư.\n",
     "Triển khai công tác văn thư năm 2026"),
]


@pytest.mark.parametrize("text, subject", FLAT_TITLED)
def test_a_rule_ends_the_flattened_title(text, subject):
    assert to_result(extract_text(text + T))["document"].get("subject") == subject


def test_a_subject_line_moved_after_the_body():
    # a copy that moved the header's table cells after the body: the V/v line is still the subject
    text = ("UBND TỈNH LÂM ĐỒNG\nSỞ NỘI VỤ\nSố: 12/SNV-CCHC\nLâm Đồng, ngày 02 tháng 01 năm 2026\nKính gửi: Các xã.\n"
            "Đề nghị các xã báo cáo trước ngày 15/01/2026.\nTrân trọng./.\n- Như trên;\n- Lưu VT.\n"
            "V/v báo cáo kết quả rà soát\nthủ tục hành chính\nGIÁM ĐỐC\n(đã ký)\nNguyễn Văn A\n")
    assert to_result(extract_text(text))["document"]["subject"] == "báo cáo kết quả rà soát thủ tục hành chính"


# a body sentence among a short letter's first lines whose weekday or place name before a date looks like the
# place-and-date line ("thứ Hai, ngày", "Lâm Đồng, ngày"): under every header, the sentence stays whole and keeps
# its deadline, and the header's own fields are as before (the công văn heads: a tờ trình, a báo cáo ask no duty)
DATE_LIKE_BODIES = [
    "Đề nghị Sở Nội vụ báo cáo kết quả gửi về trước thứ Hai, ngày 15/12/2025.\n",
    "Đề nghị Sở Nội vụ báo cáo kết quả gửi về trước 16 giờ, Thứ Hai, ngày 15/12/2025.\n",
    "Thực hiện Công văn số 12/UBND-VX của UBND tỉnh Lâm Đồng, ngày 01/11/2025, đề nghị Sở Nội vụ báo cáo kết quả gửi về "
    "trước ngày 15/12/2025.\n",
]


@pytest.mark.parametrize("head", sorted(h for h in HEADS if "doc_type" not in HEADS[h][1]))
@pytest.mark.parametrize("body", DATE_LIKE_BODIES, ids=["weekday", "time-weekday", "place"])
def test_a_date_like_body_sentence_is_not_cut_as_a_header_row(head, body):
    text, expected = HEADS[head]
    r = to_result(extract_text(text + body + "Trân trọng./.\n" + TAILS["tm-kt"][0]))
    d = r["document"]
    assert ((d.get("issued_date") or {}).get("iso"), d.get("place"), d.get("number")) == (
        expected["date"], expected["place"], expected["number"])
    assert [(o["deadline"] or {}).get("date", {}).get("iso") for o in r["obligations"]] == ["2025-12-15"]
