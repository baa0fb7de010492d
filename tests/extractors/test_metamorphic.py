"""Metamorphic cases: a letter rewritten without changing its duty must give the same obligation.

Each base duty (written for these tests from the shapes real letters use) goes into a letter, once
plainly and once through every transformation class of issue 13: a preamble, a purpose clause, an
adverb or a clause between the unit and the verb, each date format, the year left out, the deadline
moved to the next sentence, a ``Thời hạn`` paragraph or a parenthesis, hard line breaks, a flattened
header, abbreviations, a polite or generic addressee, an alias the letter defines, other cue words.
What is compared: the responsible units (by matching key) and the deadline's date.
"""
from __future__ import annotations

import textwrap
from dataclasses import dataclass

import pytest

from congvan.extractors.units import unit_key
from congvan.pipeline import extract_text, to_result

ISSUER = ("ỦY BAN NHÂN DÂN", "TỈNH LÂM ĐỒNG", "Ủy ban nhân dân tỉnh")


@dataclass(frozen=True)
class Duty:
    unit: str            # as the body names it
    short: str           # the same unit abbreviated (or the same when it has no abbreviation)
    task: str            # verb phrase
    day: tuple[int, int, int]


BASES = [
    Duty("Sở Nội vụ", "Sở Nội vụ", "báo cáo kết quả rà soát biên chế năm 2025 gửi về Ủy ban nhân dân tỉnh",
         (2025, 12, 15)),
    Duty("Ủy ban nhân dân các xã, phường", "UBND các xã, phường",
         "tổng hợp số liệu đăng ký hộ kinh doanh trên địa bàn", (2025, 11, 20)),
    Duty("Sở Giáo dục và Đào tạo", "Sở GD&ĐT", "cung cấp danh sách trường học đạt chuẩn quốc gia",
         (2026, 1, 9)),
    Duty("Công ty Điện lực Lâm Đồng", "Công ty Điện lực Lâm Đồng",
         "kiểm tra hệ thống điện chiếu sáng công cộng và gửi kết quả về Sở Công Thương", (2025, 10, 10)),
    Duty("Ban Quản lý các khu công nghiệp tỉnh", "Ban Quản lý các khu công nghiệp tỉnh",
         "rà soát các dự án chậm tiến độ, đề xuất biện pháp xử lý", (2025, 9, 30)),
]


def _date(d: tuple[int, int, int], form: str = "slash") -> str:
    y, m, dd = d
    return {"slash": f"{dd:02d}/{m:02d}/{y}", "words": f"{dd} tháng {m} năm {y}", "dash": f"{dd:02d}-{m:02d}-{y}",
            "dot": f"{dd}.{m}.{y}", "noyear": f"{dd:02d}/{m:02d}"}[form]


def letter(body: str, *, recipients: list[str], header: str = "laid out", signed: str = "2025-08-05") -> str:
    y, m, d = signed.split("-")
    kg = recipients[0] + "." if len(recipients) == 1 else "\n" + "\n".join(f"- {r};" for r in recipients)
    if header == "flat":
        head = (f"{ISSUER[0]} {ISSUER[1]} ------- CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc "
                f"--------------- Số: 215/UBND-VP V/v triển khai nhiệm vụ Lâm Đồng, ngày {d} tháng {m} năm {y}\n\n"
                f"Kính gửi: {kg}\n")
    else:
        head = (f"{ISSUER[0]}\n{ISSUER[1]}\nSố: 215/UBND-VP\nV/v triển khai nhiệm vụ\n"
                f"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
                f"Lâm Đồng, ngày {d} tháng {m} năm {y}\nKính gửi: {kg}\n")
    tail = ("\nNơi nhận:\n- Như trên;\n- Lưu: VT.\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\nNguyễn Văn An\n")
    return head + body.strip() + "\n" + tail


# sentences that tell, cite, give leave or plan, with the duty's unit in them: none is a duty
NO_DUTY_BEFORE = [
    ("narration before (Hiện nay, X ...)", "Hiện nay, {u} thực hiện quy trình, thủ tục theo quy định."),
    ("a third party's request discussed (việc X đề nghị)",
     "Việc Hội Cựu chiến binh tỉnh đề nghị {u} xem xét hỗ trợ kinh phí là cần thiết, phù hợp."),
    ("a source's content (Tại Kết luận, ...)", "Tại Kết luận số 12-KL/TU, Ban Thường vụ Tỉnh ủy đề nghị {u} chỉ đạo rà soát."),
    ("a plan told before (X dự kiến ...)",
     "Sở Tư pháp dự kiến tổ chức hội nghị vào ngày 10/11/2025, mời các sở, ngành tham dự."),
    ("leave to act (có thể)", "{u} có thể tổ chức họp trực tuyến."),
    ("an assignment told (X đã được giao ...)", "{u} đã được giao chủ trì tổ chức hội nghị sơ kết."),
    ("a verb inside the subject's name, then told (Ban Vận động thành lập Hội X đã ...)",
     "Ban Vận động thành lập Hội Thừa phát lại tỉnh đã hoàn thiện hồ sơ theo quy định."),
    ("a verb inside the subject's name, then passive (... được X công nhận)",
     "Ban Vận động thành lập liên đoàn Pickleball tỉnh được Chủ tịch Ủy ban nhân dân tỉnh công nhận."),
    # what happened on a day, the date written with dashes or dots as many letters write it
    ("a dated event told, date dashed (Ngày 01-7-2025, X ban hành ...)",
     "Ngày 01-7-2025, {u} ban hành Kế hoạch số 15/KH-SNV về cải cách hành chính."),
    ("a dated event told, date dotted (Ngày 01.7.2025, X ban hành ...)",
     "Ngày 01.7.2025, {u} ban hành Kế hoạch số 15/KH-SNV về cải cách hành chính."),
    ("a cited letter's request after its date and a comma (X có Công văn số ... ngày ..., đề nghị ...)",
     "Bộ Nội vụ có Công văn số 999/BNV-CCHC ngày 10/7/2025, đề nghị {u} báo cáo số liệu biên chế."),
    ("an exhortation after a purpose clause (Để ..., trong quá trình ..., đề nghị X phản ánh ...)",
     "Để kịp thời tổng hợp, báo cáo cấp có thẩm quyền, trong quá trình tổ chức thực hiện, đề nghị {u} phản ánh khó "
     "khăn, vướng mắc (nếu có) để được hướng dẫn."),
    ("an exhortation after a preamble and ';' (Căn cứ ...; trong quá trình ..., đề nghị X phản ánh ...)",
     "Căn cứ Kế hoạch số 45/KH-UBND ngày 10/3/2025 của Ủy ban nhân dân tỉnh; trong quá trình triển khai, đề nghị {u} "
     "phản ánh khó khăn, vướng mắc (nếu có) để được hướng dẫn."),
]


def _variants(b: Duty):
    dl = f"trước ngày {_date(b.day)}"
    u, t = b.unit, b.task
    rec = [u]
    yield "plain", letter(f"Đề nghị {u} {t} {dl}.", recipients=rec)
    yield "preamble", letter(f"Thực hiện Công văn số 1234/BNV-CCHC ngày 02/7/2025 của Bộ Nội vụ; Ủy ban nhân dân "
                             f"tỉnh đề nghị {u} {t} {dl}.", recipients=rec)
    yield "purpose clause (Để)", letter(f"Để kịp thời tổng hợp, báo cáo Bộ Nội vụ, Ủy ban nhân dân tỉnh đề nghị {u} "
                                        f"{t} {dl}.", recipients=rec)
    yield "purpose clause (Nhằm)", letter(f"Nhằm kịp thời tổng hợp, Ủy ban nhân dân tỉnh đề nghị {u} {t} {dl}.",
                                          recipients=rec)
    # a preamble that cites a paper with its date, then a comma and the cue: the cue is the letter's own
    for lead, opener in (("Thực hiện", "Thực hiện Công văn số 1234/UBND-KT ngày 05/8/2025"),
                         ("Theo", "Theo đề nghị của Sở Tài chính tại Tờ trình số 56/TTr-STC ngày 12/7/2025"),
                         ("Căn cứ", "Căn cứ Kế hoạch số 45/KH-UBND ngày 10 tháng 3 năm 2025"),
                         ("Xét", "Xét đề nghị của Sở Tài chính tại Công văn số 56/STC-NS"),
                         ("Để", "Để triển khai Công văn số 1234/UBND-KT ngày 05/8/2025"),
                         ("Để ... của X về việc giao", "Để triển khai có hiệu quả Kế hoạch số 45/KH-UBND ngày 10/3/2025 "
                                                       "của Ủy ban nhân dân tỉnh về việc giao nhiệm vụ năm 2025")):
        for cue in ("đề nghị", "yêu cầu"):
            yield f"preamble citing a dated paper, then '{cue}' ({lead} ... số ..., {cue} X)", letter(
                f"{opener}, {cue} {u} {t} {dl}.", recipients=rec)
    # the sender's own deadline inside the clause put first is not the addressee's; one that opens a clause before
    # the cue is
    yield "the sender's deadline in the purpose clause (Nhằm ..., báo cáo Bộ X trước ngày A, ... đề nghị Y ...)", letter(
        f"Nhằm kịp thời tổng hợp, báo cáo Bộ Nội vụ trước ngày 30/12/{b.day[0] + 1}, Ủy ban nhân dân tỉnh đề nghị {u} {t} "
        f"{dl}.", recipients=rec)
    yield "the sender's deadline in the preamble (Thực hiện ... (thời hạn ... trước ngày A), đề nghị Y ...)", letter(
        f"Thực hiện Công văn số 1234/BNV-CCHC ngày 02/7/2025 của Bộ Nội vụ về việc báo cáo số liệu (thời hạn gửi Bộ trước "
        f"ngày 30/12/{b.day[0] + 1}), đề nghị {u} {t} {dl}.", recipients=rec)
    yield "the sender's deadline in a purpose clause after a label's colon (Về thời gian: Nhằm ..., trước ngày A, ...)", \
        letter(f"Về thời gian thực hiện: Nhằm kịp thời tổng hợp, báo cáo Bộ Nội vụ trước ngày 30/12/{b.day[0] + 1}, đề "
               f"nghị {u} {t} {dl}.", recipients=rec)
    yield "the sender's deadline before an announced list (Nhằm ..., trước ngày A, X yêu cầu Y như sau: - ...)", letter(
        f"Nhằm kịp thời tổng hợp, báo cáo Bộ Nội vụ trước ngày 30/12/{b.day[0] + 1}, Ủy ban nhân dân tỉnh yêu cầu {u} như "
        f"sau:\n- {t[:1].upper() + t[1:]} {dl}.", recipients=rec)
    yield "the deadline opening a clause before the cue (Để ..., trước ngày D, đề nghị X ...)", letter(
        f"Để bảo đảm tiến độ, {dl}, đề nghị {u} {t}.", recipients=rec)
    yield "adverb (khẩn trương)", letter(f"Đề nghị {u} khẩn trương {t} {dl}.", recipients=rec)
    yield "adverb (tập trung)", letter(f"Đề nghị {u} tập trung {t} {dl}.", recipients=rec)
    yield "clause between", letter(f"Đề nghị {u}, căn cứ chức năng, nhiệm vụ được giao, {t} {dl}.", recipients=rec)
    for form in ("words", "dash", "dot"):
        yield f"date as {form}", letter(f"Đề nghị {u} {t} trước ngày {_date(b.day, form)}.", recipients=rec)
    yield "chậm nhất đến ngày", letter(f"Đề nghị {u} {t} chậm nhất đến ngày {_date(b.day)}.", recipients=rec)
    yield "hạn cuối", letter(f"Đề nghị {u} {t}, hạn cuối ngày {_date(b.day)}.", recipients=rec)
    yield "time of day", letter(f"Đề nghị {u} {t} trước 16 giờ 00 ngày {_date(b.day)}.", recipients=rec)
    yield "year left out", letter(f"Đề nghị {u} {t} trước ngày {_date(b.day, 'noyear')}.", recipients=rec,
                                  signed=f"{b.day[0]}-08-05")
    yield "deadline in the next sentence", letter(f"Đề nghị {u} {t}. Thời hạn gửi trước ngày {_date(b.day)}.",
                                                  recipients=rec)
    yield "Thời hạn paragraph", letter(f"Đề nghị {u} {t}.\nThời hạn: trước ngày {_date(b.day)}.", recipients=rec)
    yield "deadline in parentheses", letter(f"Đề nghị {u} {t}.\n(Thời hạn gửi báo cáo trước ngày {_date(b.day)})./.",
                                            recipients=rec)
    wrapped = "\n".join(textwrap.wrap(f"Để kịp thời tổng hợp, Ủy ban nhân dân tỉnh đề nghị {u} {t} {dl}.", 55))
    yield "hard line breaks", letter(wrapped, recipients=rec)
    # a copy whose lines were broken at a width, then broken again at a narrower one (a pdftotext copy in an
    # e-mail): each long line leaves a short tail, and one falls inside the unit's name ("đề nghị Sở" / "Nội vụ")
    first, rest = u.split(" ", 1)
    preamble = ("Thực hiện Công văn số 1234/BNV-CCHC ngày 02/7/2025 của Bộ Nội vụ về việc báo cáo kết quả thực hiện "
                "nhiệm vụ cải cách hành chính năm 2025 và phương hướng, nhiệm vụ trọng tâm năm 2026 trên địa bàn "
                "tỉnh, bảo đảm đúng nội dung, đủ số liệu và đúng thời gian quy định của Bộ Nội vụ.")
    lines = [x for line in textwrap.wrap(preamble, 96) for x in textwrap.wrap(line, 72)]
    yield "rewrapped copy, the unit's name cut", letter("\n".join(lines + [f"Ủy ban nhân dân tỉnh đề nghị {first}",
                                                                            f"{rest} {t} {dl}."]), recipients=rec)
    for width in (40, 60, 72):
        yield f"hard line breaks at {width}", letter("\n".join(textwrap.wrap(
            f"{preamble} Ủy ban nhân dân tỉnh Lâm Đồng đề nghị {u} {t} {dl}.", width)), recipients=rec)
    yield "page break inside the sentence", letter(f"{preamble}\nỦy ban nhân dân tỉnh đề nghị\n\f{u} {t} {dl}.",
                                                   recipients=rec)
    yield "page break, a page number at the top", letter(
        f"{preamble}\nỦy ban nhân dân tỉnh đề nghị\n\f2\n{u} {t} {dl}.", recipients=rec)
    yield "flattened header", letter(f"Đề nghị {u} {t} {dl}.", recipients=rec, header="flat")
    yield "abbreviation", letter(f"Đề nghị {b.short} {t} {dl}.", recipients=rec)
    yield "polite addressee", letter(f"Ủy ban nhân dân tỉnh đề nghị Quý cơ quan {t} {dl}.", recipients=rec)
    yield "generic addressee", letter(f"Ủy ban nhân dân tỉnh đề nghị các cơ quan, đơn vị {t} {dl}.", recipients=rec)
    yield "alias", letter(f"Ngày 01/7/2025, {u} (sau đây gọi tắt là đơn vị đầu mối) đã có văn bản gửi Ủy ban nhân "
                          f"dân tỉnh. Đề nghị đơn vị đầu mối {t} {dl}.", recipients=["Văn phòng Tỉnh ủy", u])
    yield "alias (gọi chung)", letter(f"Ngày 01/7/2025, {u} (sau đây gọi chung là các đơn vị) đã có văn bản gửi Ủy "
                                      f"ban nhân dân tỉnh. Đề nghị các đơn vị {t} {dl}.",
                                      recipients=["Văn phòng Tỉnh ủy", u])
    yield "alias (gọi là, without sau đây)", letter(f"Ngày 01/7/2025, {u} (gọi là đơn vị đầu mối) đã có văn bản gửi Ủy "
                                                   f"ban nhân dân tỉnh. Đề nghị đơn vị đầu mối {t} {dl}.",
                                                   recipients=["Văn phòng Tỉnh ủy", u])
    yield "addressee before a colon (Đề nghị X: ...)", letter(f"Đề nghị {u}: {t} {dl}.", recipients=rec)
    yield "cue before the addressee's colon (giao X: ...)", letter(
        f"Ủy ban nhân dân tỉnh giao {u}: {t[:1].upper() + t[1:]} {dl}.", recipients=rec)
    yield "kính đề nghị", letter(f"Ủy ban nhân dân tỉnh kính đề nghị {u} {t} {dl}.", recipients=rec)
    yield "kính mong (polite ask)", letter(f"Ủy ban nhân dân tỉnh kính mong {u} quan tâm, {t} {dl}.", recipients=rec)
    yield "yêu cầu", letter(f"Chủ tịch Ủy ban nhân dân tỉnh yêu cầu {u} {t} {dl}.", recipients=rec)
    yield "giao ... chủ trì", letter(f"Giao {u} chủ trì, phối hợp với các cơ quan liên quan {t} {dl}.",
                                     recipients=rec)
    yield "subject first", letter(f"{u} có trách nhiệm {t} {dl}.", recipients=rec)
    yield "list item", letter(f"Ủy ban nhân dân tỉnh giao nhiệm vụ cụ thể như sau:\n- {u}: {t[:1].upper() + t[1:]} "
                              f"{dl}.", recipients=rec)
    for mark in ("•", "+"):
        yield f"list item marked {mark}", letter(f"Ủy ban nhân dân tỉnh giao nhiệm vụ cụ thể như sau:\n{mark} {u}: "
                                                 f"{t[:1].upper() + t[1:]} {dl}.", recipients=rec)

    yield "addressee heading, numbered item", letter(f"Ủy ban nhân dân tỉnh đề nghị {u}:\n1. {t[:1].upper() + t[1:]} "
                                                     f"{dl}.", recipients=rec)
    yield "deliverable sentence before the ask", letter(
        f"Ủy ban nhân dân tỉnh gửi kèm theo Kế hoạch số 12/KH-UBND. Văn bản báo cáo kết quả xin gửi về Ủy ban nhân "
        f"dân tỉnh {dl}. Đề nghị Quý cơ quan quan tâm, phối hợp.", recipients=rec)
    yield "data window beside the deadline", letter(f"Đề nghị {u} {t} (số liệu tính đến hết ngày 31/7/{b.day[0]}) {dl}.",
                                                    recipients=rec)
    yield "data window range before the deadline", letter(
        f"Đề nghị {u} {t}, số liệu tính từ ngày 01/01/{b.day[0]} đến ngày 30/6/{b.day[0]}, {dl}.", recipients=rec)
    yield "figures' last day before the deadline", letter(
        f"Đề nghị {u} {t} (thời điểm chốt số liệu: ngày 30/6/{b.day[0]}) {dl}.", recipients=rec)
    yield "opinion relayed (có ý kiến như sau:)", letter(
        f"Ủy ban nhân dân tỉnh nhận được Công văn số 55/BNV-CCHC ngày 10/7/2025 của Bộ Nội vụ. Về việc này, Chủ tịch "
        f"Ủy ban nhân dân tỉnh có ý kiến như sau: {u} {t} {dl}.", recipients=rec)
    yield "opinion relayed after a preamble (Xét đề nghị ..., X có ý kiến như sau:)", letter(
        f"Xét đề nghị của Bộ Nội vụ (văn bản số 55/BNV-CCHC ngày 10/7/2025), Chủ tịch Ủy ban nhân dân tỉnh có ý kiến "
        f"như sau: {u} {t} {dl}.", recipients=rec)
    yield "conclusion relayed after a preamble (Theo đề nghị ..., X kết luận:)", letter(
        f"Theo đề nghị của Sở Tài chính, Chủ tịch Ủy ban nhân dân tỉnh kết luận: {u} {t} {dl}.", recipients=rec)
    yield "letter forwarded (chuyển ... đến X để ...)", letter(
        f"Ủy ban nhân dân tỉnh chuyển Công văn số 55/BNV-CCHC ngày 10/7/2025 của Bộ Nội vụ đến {u} để nghiên cứu, "
        f"{t} {dl}.", recipients=rec)
    yield "hand-over (Trên đây là ..., gửi X ...)", letter(
        f"Trên đây là ý kiến của Ủy ban nhân dân tỉnh về dự thảo Kế hoạch, gửi {u} {t} {dl}./.", recipients=rec)
    yield "hand-over by the sender (Vậy, <sender> gửi X ...)", letter(
        f"Vậy, Ủy ban nhân dân tỉnh gửi {u} {t} {dl}./.", recipients=rec)
    yield "letter forwarded without để (chuyển ... đến X <task>)", letter(
        f"Ủy ban nhân dân tỉnh chuyển Công văn số 55/BNV-CCHC ngày 10/7/2025 của Bộ Nội vụ đến {u} {t} {dl}.",
        recipients=rec)
    yield "verb the list lacked before the task (X thẩm tra, ...)", letter(f"Đề nghị {u} thẩm tra, {t} {dl}.",
                                                                          recipients=rec)
    yield "purpose after the ask (để ... biết)", letter(f"Đề nghị {u} {t} {dl} để Ủy ban nhân dân tỉnh biết, chỉ đạo.",
                                                       recipients=rec)
    yield "preamble citing an assignment", letter(
        f"Thực hiện Quyết định số 123/QĐ-TTg ngày 01/01/2025 của Thủ tướng Chính phủ, trong đó giao Bộ Nội vụ chủ trì "
        f"xây dựng Đề án, Ủy ban nhân dân tỉnh đề nghị {u} {t} {dl}.", recipients=rec)
    yield "a cited letter's request before", letter(
        f"Ngày 10/7/2025, Bộ Nội vụ có Công văn số 999/BNV-CCHC đề nghị các tỉnh báo cáo. Ủy ban nhân dân tỉnh đề "
        f"nghị {u} {t} {dl}.", recipients=rec)
    yield "passive assignment (X được giao ...)", letter(f"{u} được giao {t} {dl}.", recipients=rec)
    yield "passive assignment (X được giao chủ trì, phối hợp ...)", letter(
        f"{u} được giao chủ trì, phối hợp với các cơ quan liên quan {t} {dl}.", recipients=rec)
    yield "hand-over after the sender's own verb phrase (<sender> có ý kiến ... gửi X ...)", letter(
        f"Ủy ban nhân dân tỉnh có ý kiến trao đổi gửi {u} {t} {dl}./.", recipients=rec)
    yield "before the meeting the letter calls (Thời gian: ... ; trước Hội nghị)", letter(
        f"Ủy ban nhân dân tỉnh tổ chức Hội nghị sơ kết.\nThời gian: 08 giờ, ngày {_date(b.day, 'words')}.\n"
        f"Đề nghị {u} {t} trước Hội nghị.", recipients=rec)
    for name, before in NO_DUTY_BEFORE:  # a sentence that states no duty, before the ask
        yield name, letter(f"{before.format(u=u)} Ủy ban nhân dân tỉnh đề nghị {u} {t} {dl}.", recipients=rec)
    yield "courtesy close", letter(f"Đề nghị {u} {t} {dl}.\nĐề nghị {u} quan tâm, phối hợp thực hiện./.",
                                   recipients=rec)
    for close in CLOSING_EXHORTATIONS:  # a closing exhortation names no deliverable: the duty stays the one above
        yield f"closing exhortation ({close})", letter(f"Đề nghị {u} {t} {dl}.\n{close.format(u=u)}./.", recipients=rec)


# closes that urge without naming a deliverable (GUIDELINE: general exhortations are no obligations)
CLOSING_EXHORTATIONS = ["Đề nghị {u} nghiêm túc thực hiện đúng thời hạn", "Yêu cầu {u} nghiêm túc triển khai thực hiện",
                        "Đề nghị {u} thực hiện đầy đủ các nội dung trên", "Đề nghị {u} triển khai thực hiện đúng tiến độ",
                        "Yêu cầu {u} thực hiện nghiêm túc, đúng quy định"]


CASES = [pytest.param(b, name, text, id=f"{b.unit[:20]}: {name}") for b in BASES for name, text in _variants(b)]


def _obligation(text: str) -> set[tuple[str, str | None]]:
    r = to_result(extract_text(text))
    return {(unit_key(u["name"]), (o["deadline"] or {}).get("date", {}).get("iso") if o["deadline"] else None)
            for o in r["obligations"] for u in o["responsible"]}


@pytest.mark.parametrize("base, name, text", CASES)
def test_same_duty_same_obligation(base: Duty, name: str, text: str):
    y, m, d = base.day
    expected = {(unit_key(base.unit), f"{y:04d}-{m:02d}-{d:02d}")}
    assert _obligation(text) == expected, text


def test_every_transformation_class_is_covered():
    names = {name for name, _ in _variants(BASES[0])}
    for cls in ("preamble", "purpose clause (Để)", "adverb (khẩn trương)", "clause between", "date as words",
                "year left out", "deadline in the next sentence", "Thời hạn paragraph", "hard line breaks",
                "flattened header", "abbreviation", "polite addressee", "generic addressee", "alias",
                "addressee heading, numbered item", "deliverable sentence before the ask",
                "data window beside the deadline", "data window range before the deadline",
                "figures' last day before the deadline", "courtesy close",
                "closing exhortation (Đề nghị {u} nghiêm túc thực hiện đúng thời hạn)", "opinion relayed (có ý kiến như sau:)",
                "letter forwarded (chuyển ... đến X để ...)", "preamble citing an assignment",
                "a cited letter's request before", "narration before (Hiện nay, X ...)",
                "a third party's request discussed (việc X đề nghị)", "a source's content (Tại Kết luận, ...)",
                "leave to act (có thể)", "a plan told before (X dự kiến ...)",
                "alias (gọi là, without sau đây)", "addressee before a colon (Đề nghị X: ...)",
                "hand-over (Trên đây là ..., gửi X ...)", "hand-over by the sender (Vậy, <sender> gửi X ...)",
                "letter forwarded without để (chuyển ... đến X <task>)",
                "verb the list lacked before the task (X thẩm tra, ...)",
                "a verb inside the subject's name, then told (Ban Vận động thành lập Hội X đã ...)",
                "cue before the addressee's colon (giao X: ...)",
                "preamble citing a dated paper, then 'đề nghị' (Thực hiện ... số ..., đề nghị X)",
                "preamble citing a dated paper, then 'yêu cầu' (Theo ... số ..., yêu cầu X)",
                "an exhortation after a purpose clause (Để ..., trong quá trình ..., đề nghị X phản ánh ...)",
                "the sender's deadline in the purpose clause (Nhằm ..., báo cáo Bộ X trước ngày A, ... đề nghị Y ...)",
                "rewrapped copy, the unit's name cut",
                "hard line breaks at 72", "page break inside the sentence", "list item marked •"):
        assert cls in names


@pytest.mark.parametrize("cue", ["đề nghị", "kính đề nghị", "trân trọng đề nghị"])
@pytest.mark.parametrize("base", BASES, ids=lambda b: b.unit[:20])
def test_second_ask_after_a_clause_keeps_its_unit(base: Duty, cue: str):
    """``X kính trình UBND tỉnh xem xét, chỉ đạo; đồng thời, kính đề nghị Y ...``: the second ask is Y's,
    whatever politeness its cue takes (the first clause puts a duty on UBND tỉnh too)."""
    y, m, d = base.day
    text = letter(f"Sở Tài chính kính trình Ủy ban nhân dân tỉnh xem xét, chỉ đạo; đồng thời, {cue} {base.unit} "
                  f"{base.task} trước ngày {_date(base.day)}.", recipients=["Ủy ban nhân dân tỉnh", base.unit])
    assert (unit_key(base.unit), f"{y:04d}-{m:02d}-{d:02d}") in _obligation(text), text
