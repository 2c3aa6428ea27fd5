"""Write N synthetic letters in the conventions of ../shared/domain.md, with their expected
records, for benchmarks and for testing the parser on layouts it has not been tuned on.

Letters come from a grammar: each letter's structure (issuer, number, sections, tasks,
citations, signer) is drawn first, then rendered with the layouts and scan noise real letters
show (heading styles, item styles, bold marks in numbers, page numbers, stamps, page breaks
inside sentences, the signer's name twice). The expected record is the drawn structure, so
it is known without parsing. Nothing is copied from the seed letters; file names say the
letters are synthetic, and they never go into graph/sources/.

About one letter in four is a district's, implementing the latest provincial letter of its
province: its sections carry that letter's tasks down (see draw_district_sections), and
OUTDIR/links.json lists, for each of its tasks, the provincial task it was drawn from and
the kind of link, the truth a task-to-task derivation is scored against.

Usage: python scripts/synth_corpus.py N OUTDIR [--seed S]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from policykg.lexicon import PROVINCES  # noqa: E402
from policykg.text import slug  # noqa: E402

DISTRICTS = ("Châu Thành", "Phú Tân", "Tân Phú", "Long Phú", "Hòa Vang", "Đông Hải", "Tiên Phước", "Ea Kar")
SURNAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô")
MIDDLE = ("Văn", "Thị", "Minh", "Hữu", "Ngọc", "Thanh", "Quốc", "Đức")
GIVEN = ("An", "Bình", "Cường", "Dũng", "Hà", "Hạnh", "Hùng", "Lan", "Long", "Mai", "Nam", "Phúc", "Sơn", "Tâm", "Trung")
LETTERS = "abcdđeghik"

# Provincial departments with the comma-free forms the recipients list groups.
DEPARTMENTS = ("Giáo dục và Đào tạo", "Tài chính", "Lao động - Thương binh và Xã hội", "Thông tin và Truyền thông",
               "Y tế", "Nội vụ", "Kế hoạch và Đầu tư", "Văn hóa, Thể thao và Du lịch")
DISTRICT_OFFICES = ("Giáo dục và Đào tạo", "Lao động - Thương binh và Xã hội", "Văn hóa và Thông tin", "Tài chính - Kế hoạch")

# Task grammar: verb x object x qualifier; each object names the target groups it mentions.
VERBS = ("Tham mưu", "Tăng cường", "Đẩy mạnh", "Tổ chức", "Nghiên cứu", "Chỉ đạo", "Triển khai", "Hướng dẫn")
OBJECTS = (
    ("công tác xóa mù chữ cho đồng bào dân tộc thiểu số, nhất là phụ nữ và trẻ em gái",
     ["đồng bào dân tộc thiểu số", "phụ nữ", "trẻ em gái"]),
    ("các lớp đào tạo nghề cho lao động nông thôn và người khuyết tật", ["lao động nông thôn", "người khuyết tật"]),
    ("hoạt động của các Trung tâm học tập cộng đồng", []),
    ("việc kiện toàn Ban Chỉ đạo xây dựng xã hội học tập", []),
    ("phong trào học tập suốt đời trong gia đình, dòng họ, cộng đồng", []),
    ("ứng dụng công nghệ thông tin trong hoạt động dạy và học", []),
    ("công tác đánh giá, công nhận các mô hình học tập", []),
    ("việc bồi dưỡng kỹ năng nghề cho người lao động và người cao tuổi", ["người lao động", "người cao tuổi"]),
)
QUALIFIERS = ("trên địa bàn", "theo hướng thiết thực, hiệu quả", "phù hợp với điều kiện thực tế của địa phương",
              "gắn với các phong trào thi đua", "bảo đảm đúng quy định")
CT14 = ("14/CT-TTg", "Chỉ thị", "2021-05-25", "25/5/2021", "Thủ tướng Chính phủ",
        "đẩy mạnh công tác khuyến học, khuyến tài, xây dựng xã hội học tập giai đoạn 2021-2030")
QD489 = ("489/QĐ-TTg", "Quyết định", "2020-04-08", "08/4/2020", "Thủ tướng Chính phủ", None)
KL49 = ("49-KL/TW", "Kết luận", "2019-05-10", "10/5/2019", "Ban Bí thư", None)
CT11 = ("11-CT/TW", "Chỉ thị", "2007-04-13", "13/4/2007", "Bộ Chính trị",
        "tăng cường sự lãnh đạo của Đảng đối với công tác khuyến học, khuyến tài, xây dựng xã hội học tập")


@dataclass
class Letter:
    index: int
    province: str
    district: str | None
    ministry: bool
    kind: str  # Công văn | Kế hoạch
    number: str
    date: tuple[int, int]
    implements: tuple[str, ...]
    parent_letter: dict[str, Any] | None
    sections: list[dict[str, Any]] = field(default_factory=list)
    record: dict[str, Any] = field(default_factory=dict)
    text: str = ""
    links: list[dict[str, Any]] = field(default_factory=list)  # (district letters) what each task carries down


def _name(rng: random.Random) -> str:
    return f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"


# a deadline's keys beyond its date (docs/record.md): the drawn ones close no period, count from
# nothing and send no report to a named body
_NO_SPAN = {"start": None, "relative_to": None, "report_to": None, "report_via": None}


def _task_text(rng: random.Random) -> tuple[str, list[str], int]:
    """A task's text, the target groups it names, and which object it is about."""
    k = rng.randrange(len(OBJECTS))
    obj, groups = OBJECTS[k]
    return f"{rng.choice(VERBS)} {obj} {rng.choice(QUALIFIERS)}", list(groups), k


# The district body that carries a provincial body's task one level down (the sector line);
# the tasks of "Ủy ban nhân dân các huyện, thành phố" the district's UBND hands to any of its own.
SECTOR_LINE = {
    "Sở Giáo dục và Đào tạo": "Phòng Giáo dục và Đào tạo",
    "Sở Lao động - Thương binh và Xã hội": "Phòng Lao động - Thương binh và Xã hội",
    "Sở Tài chính": "Phòng Tài chính - Kế hoạch",
    "Sở Kế hoạch và Đầu tư": "Phòng Tài chính - Kế hoạch",
    "Sở Thông tin và Truyền thông": "Phòng Văn hóa và Thông tin",
    "Sở Văn hóa, Thể thao và Du lịch": "Phòng Văn hóa và Thông tin",
    "Hội Khuyến học tỉnh": "Hội Khuyến học huyện",
}
DISTRICTS_UBND = "Ủy ban nhân dân các huyện, thành phố"
CARRIED = 0.8  # share of a provincial letter's carriable tasks a district letter carries down
STATED = 0.25  # share of those whose text names the provincial item


def parent_kind(parent: dict[str, Any]) -> str:
    return "Kế hoạch" if parent["kind"] == "Kế hoạch" else "Công văn"


def _item_reference(path: str, style: str) -> str | None:
    """How a letter names an item of another ("điểm b mục 1", "khoản 2 mục III"); None for a
    bullet, which has no name of its own."""
    parts = path.split(".")
    part = None
    if parts[0] == "III":
        part, parts = "III", parts[1:]
    if len(parts) == 1:
        ref = f"mục {parts[0]}" if part is None else f"khoản {parts[0]} mục {part}"
        return ref
    if style not in ("letter", "numbered"):
        return None
    k, x = parts
    point = x if style == "letter" else f"{k}.{x}"
    return f"điểm {point} mục {k}" if part is None else f"điểm {point} khoản {k} mục {part}"


class Generator:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.provincial: dict[str, dict[str, Any]] = {}
        self.used: set[tuple[str, str, str | None, str]] = set()

    def letter(self, i: int) -> Letter:
        rng = self.rng
        roll = rng.random()
        province = rng.choice(PROVINCES)
        ministry = roll < 0.05
        district = None
        parent = None
        if not ministry and roll > 0.75 and self.provincial:
            province = rng.choice(sorted(self.provincial))
            parent = self.provincial[province]
            district = rng.choice(DISTRICTS)
        kind = "Kế hoạch" if (not ministry and district is None and rng.random() < 0.3) else "Công văn"
        while True:  # an issuer never gives two documents of one year the same number
            n = rng.randint(100, 9999)
            if ministry:
                number = f"{n}/BGDĐT-GDTX"
            elif kind == "Kế hoạch":
                number = f"{n}/KH-UBND"
            else:
                number = f"{n}/UBND-{rng.choice(['KGVX', 'VX'])}"
            key = ("" if ministry else province, kind, district, str(n))
            if key not in self.used:
                self.used.add(key)
                break
        date = (rng.randint(1, 28), rng.randint(6, 12))
        implements = (parent["number"],) if parent else ((CT14[0], QD489[0]) if rng.random() < 0.15 else (CT14[0],))
        let = Letter(i, province, district, ministry, kind, number, date, implements, parent)
        if district is None and not ministry:
            # its tasks are filled in when it is rendered, before any district letter draws on it
            self.provincial[province] = {"number": number, "date": date, "kind": kind, "index": i, "tasks": []}
        return let

    # -- structure --------------------------------------------------------------------------
    def issuer(self, let: Letter) -> str:
        if let.ministry:
            return "Bộ Giáo dục và Đào tạo"
        if let.district:
            return f"Ủy ban nhân dân huyện {let.district}"
        return f"Ủy ban nhân dân tỉnh {let.province}"

    def bodies(self, let: Letter) -> list[str]:
        if let.ministry:
            return ["Sở Giáo dục và Đào tạo các tỉnh, thành phố", "Các cơ sở giáo dục thường xuyên"]
        if let.district:
            return [f"Phòng {d}" for d in DISTRICT_OFFICES] + ["Hội Khuyến học huyện", "Ủy ban nhân dân các xã, thị trấn"]
        return [f"Sở {d}" for d in DEPARTMENTS] + [
            "Hội Khuyến học tỉnh", f"Báo {let.province}", f"Đài Phát thanh và Truyền hình {let.province}",
            "Ủy ban nhân dân các huyện, thành phố"]

    def draw_sections(self, let: Letter) -> None:
        if let.parent_letter is not None:
            self.draw_district_sections(let)
            return
        rng = self.rng
        pool = self.bodies(let)
        rng.shuffle(pool)
        count = rng.randint(2, min(6, len(pool)))
        style = rng.choice(["bullet", "plus", "letter", "numbered", "inline"])
        for k in range(count):
            body = pool[k]
            request = body.startswith("Hội Khuyến học") and rng.random() < 0.6
            items = []
            n_items = 1 if style == "inline" else rng.randint(1, 4)
            for j in range(n_items):
                text, groups, obj = _task_text(rng)
                verb = next(v for v in VERBS if text.startswith(v))
                lead = coop = None
                if len(pool) > count and rng.random() < 0.3:
                    partner = pool[count]
                    if rng.random() < 0.5:
                        text = f"Chủ trì, phối hợp với {partner} {text[0].lower()}{text[1:]}"
                        lead = body
                    else:
                        text = f"Phối hợp với {partner} {text[0].lower()}{text[1:]}"
                    coop = partner
                deadline = None
                if rng.random() < 0.15:
                    d, m = rng.randint(1, 28), rng.randint(10, 12)
                    deadline = (d, m)
                    text = f"{text}, hoàn thành trước ngày {d}/{m}/2021"
                items.append({"text": text + ".", "groups": groups, "lead": lead, "coop": coop, "deadline": deadline,
                              "object": obj, "verb": verb})
            let.sections.append({"body": body, "request": request, "items": items, "style": style})

    def draw_district_sections(self, let: Letter) -> None:
        """A district letter's sections carry its province's tasks down: a task of the districts'
        UBND goes to one of the district's own bodies, a Sở's task to the Phòng of its line, the
        Hội Khuyến học tỉnh's to the Hội Khuyến học huyện (asked, not ordered, most often). Each
        carried task keeps its object, reworded; some name the provincial item they carry."""
        rng = self.rng
        parent = let.parent_letter
        assert parent is not None
        own = self.bodies(let)
        carried: dict[str, list[dict[str, Any]]] = {}
        for task in parent["tasks"]:
            body = task["assignees"][0]
            if body == DISTRICTS_UBND:
                kind, lower = "ubnd", rng.choice(own)
            elif body in SECTOR_LINE:
                kind, lower = "sector", SECTOR_LINE[body]
            else:
                continue  # a body with no counterpart in a district: nothing is carried down
            if rng.random() >= CARRIED:
                continue
            verb = task["verb"] if rng.random() < 0.5 else rng.choice(VERBS)
            text = f"{verb} {OBJECTS[task['object']][0]} {rng.choice(QUALIFIERS)}"
            ref = _item_reference(task["path"], task["style"]) if rng.random() < STATED else None
            if ref:
                text += f", theo nhiệm vụ tại {ref} {parent_kind(parent)} số {parent['number']}"
            carried.setdefault(lower, []).append({
                "text": text + ".", "groups": list(OBJECTS[task["object"]][1]), "lead": None, "coop": None,
                "deadline": None, "object": task["object"], "cites": [parent["number"]] if ref else [],
                "higher": {"path": task["path"], "kind": kind, "stated": bool(ref)}})
        if rng.random() < 0.3 or not carried:
            # a task of the district's own, which carries nothing down
            text, groups, obj = _task_text(rng)
            carried.setdefault(rng.choice(own), []).append(
                {"text": text + ".", "groups": groups, "lead": None, "coop": None, "deadline": None, "object": obj})
        style = rng.choice(["bullet", "letter", "numbered"])
        for body in [b for b in own if b in carried]:
            request = body.startswith("Hội Khuyến học") and rng.random() < 0.7
            if request:
                for item in carried[body]:
                    if "higher" in item:
                        item["higher"]["kind"] = "request"
            let.sections.append({"body": body, "request": request, "items": carried[body], "style": style})

    # -- rendering and the expected record --------------------------------------------------
    def render(self, let: Letter) -> None:
        rng = self.rng
        issuer = self.issuer(let)
        lines: list[str] = []
        if let.ministry:
            lines += ["BỘ GIÁO DỤC VÀ ĐÀO TẠO", ""]
        else:
            unit = f"HUYỆN {let.district.upper()}" if let.district else f"TỈNH {let.province.upper()}"
            bold = rng.random() < 0.6
            lines += [f"{'**' if bold else ''}ỦY BAN NHÂN DÂN", f"{unit}{'**' if bold else ''}", ""]
        lines += ["**CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc**", ""]
        num, rest = let.number.split("/", 1)
        written = rng.choice([f"{num}/{rest}", f"**{num}**/{rest}", f"{num} /{rest}"])
        lines += [f"Số: {written}", ""]
        place = "Hà Nội" if let.ministry else (let.district or let.province)
        d, m = let.date
        lines += [f"{place}, ngày {d:02d} tháng {m} năm 2021", ""]
        rec: dict[str, Any] = {
            "reader": "text", "number": let.number, "doc_type": let.kind, "issuer": issuer, "parent_issuer": None,
            "place": place, "date": f"2021-{m:02d}-{d:02d}",
        }
        citations: list[dict[str, Any]] = []
        if let.parent_letter:
            pn, (pd, pm) = let.parent_letter["number"], let.parent_letter["date"]
            cited = ("Công văn" if "/UBND-" in pn and "/KH-" not in pn else "Kế hoạch", pn, f"{pd}/{pm}/2021")
            subject = f"triển khai thực hiện {cited[0]} số {pn} ngày {cited[2]} của UBND tỉnh {let.province}"
            citations.append({"id": pn, "doc_type": cited[0], "date": f"2021-{pm:02d}-{pd:02d}",
                              "issuer": f"Ủy ban nhân dân tỉnh {let.province}", "title": None})
            preamble = (f"Thực hiện {cited[0]} số {pn} ngày {cited[2]} của UBND tỉnh {let.province}; "
                        f"Ủy ban nhân dân huyện yêu cầu các cơ quan, đơn vị thực hiện một số nội dung sau:")
        else:
            subject = f"triển khai thực hiện Chỉ thị số {CT14[0]} ngày {CT14[3]} của {CT14[4]}"
            citations.append({"id": CT14[0], "doc_type": CT14[1], "date": CT14[2], "issuer": CT14[4], "title": CT14[5]})
            extra = ""
            if QD489[0] in let.implements:
                extra = f" và Quyết định số {QD489[0]} ngày {QD489[3]} của {QD489[4]}"
                citations.append({"id": QD489[0], "doc_type": QD489[1], "date": QD489[2], "issuer": QD489[4], "title": None})
            who = "Bộ Giáo dục và Đào tạo đề nghị các đơn vị" if let.ministry else "Ủy ban nhân dân tỉnh yêu cầu các cơ quan, đơn vị"
            preamble = (f"Thực hiện Chỉ thị số {CT14[0]} ngày {CT14[3]} của {CT14[4]} về việc {CT14[5]}{extra}; "
                        f"{who} thực hiện một số nội dung sau:")
        if let.kind == "Kế hoạch":
            lines += ["**KẾ HOẠCH**", "", f"**{subject[0].upper()}{subject[1:]}**", ""]
            rec["subject"] = subject[0].upper() + subject[1:]
            rec["recipients"] = []
        else:
            lines += [f"V/v {subject}", ""]
            rec["subject"] = subject
            recipients = self.recipients(let, lines)
            rec["recipients"] = recipients
        lines += [preamble, ""]
        rec["citations"] = citations
        rec["stated_chain"] = []
        rec["implements"] = list(let.implements)
        tasks = self.render_sections(let, lines)
        rec["tasks"] = tasks
        owner = "Bộ Giáo dục và Đào tạo" if let.ministry else ("Ủy ban nhân dân huyện" if let.district else "Ủy ban nhân dân tỉnh")
        # a district reports to its UBND what the province asked to be reported to its Sở: the duty carried down
        to = "" if let.ministry else (" về Ủy ban nhân dân huyện" if let.district else " về Sở Giáo dục và Đào tạo")
        lines += [f"{owner} yêu cầu các cơ quan, đơn vị triển khai thực hiện nghiêm túc; định kỳ 6 tháng (trước 15/6) "
                  f"và hằng năm (trước ngày 15/12) báo cáo kết quả thực hiện{to}.{' *nk*' if rng.random() < 0.3 else ''}", ""]
        what = f"báo cáo kết quả thực hiện{to}"
        report = {**_NO_SPAN, "report_to": to.removeprefix(" về ") or None}
        if let.parent_letter is not None:
            let.links.append({"path": "closing", "higher_path": "closing", "kind": "reporting", "stated": False})
        rec["closing"] = [{
            "path": "closing", "assignees": ["các cơ quan, đơn vị"], "lead": None, "cooperating": [], "modality": "order",
            "text": "triển khai thực hiện nghiêm túc; định kỳ 6 tháng (trước 15/6) và hằng năm (trước ngày 15/12) "
                    f"báo cáo kết quả thực hiện{to}.",
            "cites": [], "deadlines": [{"date": "--06-15", "recurrence": "semiannual", "what": what, **report,
                                        "text": "định kỳ 6 tháng (trước 15/6)"},
                                       {"date": "--12-15", "recurrence": "annual", "what": what, **report,
                                        "text": "hằng năm (trước ngày 15/12)"}],
            "target_groups": [],
        }]
        if rng.random() < 0.5:
            lines += [str(rng.randint(2, 9)), ""]
        lines += ["Nơi nhận:", "", "- Như trên;", "- Lưu: VT, VX.", ""]
        rec["cc"] = ["Như trên"]
        rec["archive"] = ["VT", "VX"]
        name = _name(rng)
        mark = rng.choice(["KT.", "TM.", None])
        if let.ministry:
            mark, title, behalf = "KT.", "Thứ trưởng", "Bộ trưởng"
            lines += ["KT. BỘ TRƯỞNG", "THỨ TRƯỞNG", ""]
        elif mark == "KT.":
            title, behalf = "Phó Chủ tịch", "Chủ tịch"
            lines += ["**KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH**", ""]
        elif mark == "TM.":
            title, behalf = "Chủ tịch", "Ủy ban nhân dân"
            lines += ["**TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH**", ""]
        else:
            title, behalf = "Chủ tịch", None
            lines += ["**CHỦ TỊCH**", ""]
        if rng.random() < 0.4:
            lines += ["Handwritten signature"]
        if rng.random() < 0.5:
            lines += [f"*{name}*", ""]
        lines += [f"**{name}**"]
        rec["signer"] = {"name": name, "title": title, "authority": mark, "on_behalf_of": behalf}
        rec["warnings"] = []
        let.text = "\n".join(lines) + "\n"
        let.record = rec

    def recipients(self, let: Letter, lines: list[str]) -> list[str]:
        rng = self.rng
        lines += ["Kính gửi:", ""]
        out: list[str] = []
        if let.ministry:
            lines += ["- Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương.", ""]
            return ["Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương"]
        if let.district:
            offices = list(DISTRICT_OFFICES[:3])
            lines.append(f"- Các phòng: {', '.join(offices)};")
            out += [f"Phòng {o}" for o in offices]
            lines += ["- Ủy ban nhân dân các xã, thị trấn.", ""]
            return out + ["Ủy ban nhân dân các xã, thị trấn"]
        depts = rng.sample(DEPARTMENTS, 3)
        lines.append(f"- Các Sở: {', '.join(depts)};")
        out += [f"Sở {d}" for d in depts]
        lines += ["- Hội Khuyến học tỉnh;", "- Ủy ban nhân dân các huyện, thành phố.", ""]
        return out + ["Hội Khuyến học tỉnh", "Ủy ban nhân dân các huyện, thành phố"]

    def render_sections(self, let: Letter, lines: list[str]) -> list[dict[str, Any]]:
        rng = self.rng
        prefix = ""
        tasks: list[dict[str, Any]] = []
        if let.kind == "Kế hoạch":
            lines += ["## I. MỤC ĐÍCH, YÊU CẦU", "", "- Nâng cao nhận thức của các cấp, các ngành về khuyến học.", "",
                      "## III. TỔ CHỨC THỰC HIỆN", ""]
            prefix = "III."
        for k, sec in enumerate(let.sections, 1):
            body = sec["body"]
            head = f"Đề nghị {body}" if sec["request"] else body
            style = sec["style"]
            heading = rng.choice(["{n}. {h}", "## {n}. {h}", "## **{n}. {h}**", "#### **{n}. {h}**", "**{n}. {h}**"])
            if style == "inline":
                item = sec["items"][0]
                text = item["text"]
                inline = text[0].lower() + text[1:]
                lines += [heading.replace("{n}", str(k)).replace("{h}", f"{head} {inline}").replace(f"{inline}**", f"{inline}**"), ""]
                tasks.append(self.task_record(f"{prefix}{k}", body, sec, item, inline))
                self.keep(let, tasks[-1], item, style)
                continue
            lines += [heading.replace("{n}", str(k)).replace("{h}", head), ""]
            for j, item in enumerate(sec["items"]):
                text = item["text"]
                if style == "letter":
                    marker, path = f"{LETTERS[j]})", f"{prefix}{k}.{LETTERS[j]}"
                elif style == "numbered":
                    marker, path = f"{k}.{j + 1}.", f"{prefix}{k}.{j + 1}"
                else:
                    marker, path = ("-" if style == "bullet" else "+"), f"{prefix}{k}.{j + 1}"
                rendered = text
                if rng.random() < 0.1:
                    # a page break inside the sentence: the next page starts lower case
                    words = text.split(" ")
                    cut = max(3, len(words) // 2)
                    rendered = " ".join(words[:cut]) + "\n\n\n\n" + " ".join(words[cut:])
                lines += [f"{marker} {rendered}", ""]
                tasks.append(self.task_record(path, body, sec, item, text))
                self.keep(let, tasks[-1], item, style)
        return tasks

    def keep(self, let: Letter, task: dict[str, Any], item: dict[str, Any], style: str) -> None:
        """What a district letter needs of a provincial task, and the link a carried task is."""
        if let.parent_letter is None and not let.ministry and let.district is None:
            self.provincial[let.province]["tasks"].append(
                {"path": task["path"], "assignees": task["assignees"], "object": item["object"], "verb": item["verb"],
                 "style": style})
        if "higher" in item:
            higher = item["higher"]
            let.links.append({"path": task["path"], "higher_path": higher["path"], "kind": higher["kind"],
                              "stated": higher["stated"]})

    def task_record(self, path: str, body: str, sec: dict[str, Any], item: dict[str, Any], text: str) -> dict[str, Any]:
        deadlines = []
        if item["deadline"]:
            d, m = item["deadline"]
            before = text[: text.index(", hoàn thành trước")]
            after_semicolon = before.rsplit(";", 1)[-1].strip()
            deadlines.append({"date": f"2021-{m:02d}-{d:02d}", "recurrence": None, "what": after_semicolon, **_NO_SPAN,
                              "text": f"hoàn thành trước ngày {d}/{m}/2021"})
        return {
            "path": path, "assignees": [body], "lead": item["lead"], "cooperating": [item["coop"]] if item["coop"] else [],
            "modality": "request" if sec["request"] else "order", "text": text, "cites": item.get("cites", []),
            "deadlines": deadlines,
            "target_groups": item["groups"],
        }


LINKS = "links.json"
LINKS_ABOUT = (
    "The task-to-task links the synthetic district letters were drawn from: each task (letter, number, path; "
    "'closing' for the closing order) carries the task of the provincial letter it implements (higher_*). kind: "
    "'ubnd' (a task of 'Ủy ban nhân dân các huyện, thành phố' the district hands to one of its bodies), 'sector' "
    "(a Sở's task to the Phòng of its line, the Hội Khuyến học tỉnh's to the huyện's), 'request' (carried down as "
    "'Đề nghị ...'), 'reporting' (the closing duty to report); stated: the lower text names the higher item.")


def generate(n: int, outdir: Path, seed: int = 0, progress: bool = False) -> list[Path]:
    """Write n letters and their expected records, and LINKS: the task-to-task links the district
    letters were drawn from; returns the letter paths."""
    outdir = Path(outdir).resolve()
    if (ROOT / "graph" / "sources").resolve() in [outdir, *outdir.parents]:
        raise SystemExit("refusing to write synthetic letters into graph/sources/")
    outdir.mkdir(parents=True, exist_ok=True)
    gen = Generator(seed)
    paths = []
    links: list[dict[str, Any]] = []
    names: dict[int, str] = {}
    for i in range(1, n + 1):
        let = gen.letter(i)
        gen.draw_sections(let)
        gen.render(let)
        where = slug(let.district or let.province) if not let.ministry else "bo-gddt"
        stem = f"synthetic-{i:06d}-{where}"
        names[i] = f"{stem}.md"
        if let.parent_letter is not None:
            parent = let.parent_letter
            links += [{"letter": names[i], "number": let.number, "path": link["path"],
                       "higher_letter": names[parent["index"]], "higher_number": parent["number"],
                       "higher_path": link["higher_path"], "kind": link["kind"], "stated": link["stated"]}
                      for link in let.links]
        path = outdir / f"{stem}.md"
        path.write_text(let.text, encoding="utf-8")
        (outdir / f"{stem}.expected.json").write_text(json.dumps(let.record, ensure_ascii=False, indent=1) + "\n",
                                                      encoding="utf-8")
        paths.append(path)
        if progress and i % 1000 == 0:
            print(f"wrote {i}/{n} letters", file=sys.stderr)
    (outdir / LINKS).write_text(json.dumps({"about": LINKS_ABOUT, "links": links}, ensure_ascii=False, indent=1) + "\n",
                                encoding="utf-8")
    return paths


def main() -> None:
    ap = argparse.ArgumentParser(description="Write N synthetic letters with their expected records.")
    ap.add_argument("n", type=int)
    ap.add_argument("outdir", type=Path)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    paths = generate(args.n, args.outdir, args.seed, progress=True)
    print(f"wrote {len(paths)} synthetic letters to {args.outdir}")


if __name__ == "__main__":
    main()
