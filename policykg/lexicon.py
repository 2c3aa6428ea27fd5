"""Domain vocabulary of Vietnamese official documents, from Nghị định 30/2020/NĐ-CP and
../shared/domain.md. The parser, the graph's concept schemes and the alignment read it; the
ontology's SKOS schemes are generated from it so there is one source of truth."""

from __future__ import annotations

from typing import Final

# Type abbreviation -> (full name, English label). Party, state and normative forms share
# abbreviations where they mean the same type.
DOC_TYPES: Final[dict[str, tuple[str, str]]] = {
    "NQ": ("Nghị quyết", "Resolution"),
    "QĐ": ("Quyết định", "Decision"),
    "CT": ("Chỉ thị", "Directive"),
    "QC": ("Quy chế", "Regulation"),
    "QyĐ": ("Quy định", "Rule"),
    "TC": ("Thông cáo", "Communiqué"),
    "TB": ("Thông báo", "Notice"),
    "HD": ("Hướng dẫn", "Guidance"),
    "CTr": ("Chương trình", "Programme"),
    "KH": ("Kế hoạch", "Plan"),
    "PA": ("Phương án", "Scheme"),
    "ĐA": ("Đề án", "Project proposal"),
    "DA": ("Dự án", "Project"),
    "BC": ("Báo cáo", "Report"),
    "BB": ("Biên bản", "Minutes"),
    "TTr": ("Tờ trình", "Submission"),
    "HĐ": ("Hợp đồng", "Contract"),
    "CĐ": ("Công điện", "Official telegram"),
    "GM": ("Giấy mời", "Invitation"),
    "NĐ": ("Nghị định", "Decree"),
    "TT": ("Thông tư", "Circular"),
    "TTLT": ("Thông tư liên tịch", "Joint circular"),
    "KL": ("Kết luận", "Conclusion"),
    "L": ("Luật", "Law"),
}
CONG_VAN: Final = ("Công văn", "Official letter")
PARTY_TYPES: Final[dict[str, tuple[str, str]]] = {
    "TT": ("Thông tri", "Party circular"),
    # a Party body's letter carries the type CV in its number ("86-CV/BTGTW")
    "CV": CONG_VAN,
}

TYPE_NAMES: Final[dict[str, str]] = {v[0]: k for k, v in DOC_TYPES.items()}
TYPE_NAMES["Công văn"] = "CV"
TYPE_NAMES["Thông tri"] = "TT"

# Issuer abbreviations in document symbols.
ISSUER_ABBREVIATIONS: Final[dict[str, str]] = {
    "TTg": "Thủ tướng Chính phủ",
    "CP": "Chính phủ",
    "TW": "Trung ương Đảng",
    "TU": "Tỉnh ủy",
    "UBND": "Ủy ban nhân dân",
    "BGDĐT": "Bộ Giáo dục và Đào tạo",
    "QH": "Quốc hội",
}

# Names written after "Sở", "Bộ", "Phòng": their canonical spelling, for recovering case
# from an all-caps header and for splitting "Các Sở: A, B, C" where a name holds a comma.
SECTOR_NAMES: Final[tuple[str, ...]] = (
    "Giáo dục và Đào tạo",
    "Lao động - Thương binh và Xã hội",
    "Lao động, Thương binh và Xã hội",
    "Tài chính",
    "Tài chính - Kế hoạch",
    "Thông tin và Truyền thông",
    "Văn hóa, Thể thao và Du lịch",
    "Văn hóa và Thể thao",
    "Văn hóa - Thông tin",
    "Văn hóa, Thông tin",
    "Du lịch",
    "Y tế",
    "Nội vụ",
    "Tư pháp",
    "Kế hoạch và Đầu tư",
    "Công Thương",
    "Xây dựng",
    "Giao thông vận tải",
    "Nông nghiệp và Phát triển nông thôn",
    "Tài nguyên và Môi trường",
    "Khoa học và Công nghệ",
    "Ngoại vụ",
    "Quốc phòng",
    "Công an",
    "Ngoại giao",
    "Dân tộc",
)

# Capitalised words that open the name of a body (or of a post heading one) in a list.
BODY_HEADS: Final[tuple[str, ...]] = (
    "Ủy ban nhân dân", "Ủy ban Mặt trận", "Ủy ban", "UBND", "HĐND", "Hội đồng nhân dân",
    "Hội đồng", "Sở", "Ban", "Báo", "Đài", "Hội", "Bộ Chỉ huy", "Bộ", "Phòng", "Trung tâm",
    "Công an", "Văn phòng", "Thanh tra", "Tỉnh đoàn", "Huyện đoàn", "Thành đoàn", "Đoàn",
    "Liên đoàn", "Liên minh", "Trường", "Viện", "Cục", "Chi cục", "Kho bạc", "Ngân hàng",
    "Bảo hiểm", "Tòa án", "Mặt trận", "Tỉnh ủy", "Huyện ủy", "Thành ủy", "Thường trực",
    "Giám đốc", "Thủ trưởng", "Chủ tịch", "Bí thư", "Cục Thuế", "Chính phủ", "Thủ tướng",
    "Bộ trưởng", "Tổng cục", "Quỹ", "Nhà xuất bản", "Cơ quan", "Đảng ủy", "Các",
    "Đảng đoàn", "Ban cán sự", "Cấp ủy", "Vụ", "Tổng công ty", "Công ty", "Bệnh viện", "Học viện",
    "Đại học", "Kiểm toán", "Viện kiểm sát", "Bưu điện", "Liên hiệp", "Hiệp hội",
    "Uỷ ban nhân dân", "Uỷ ban Mặt trận", "Uỷ ban", "Tỉnh uỷ", "Huyện uỷ", "Thành uỷ", "Đảng uỷ", "Cấp uỷ",
)
# "các" opens a collective body only before these nouns ("các Sở, ngành", "các cơ quan ...").
COLLECTIVE_NOUNS: Final[tuple[str, ...]] = (
    "sở", "ban", "ngành", "cơ quan", "đơn vị", "tổ chức", "địa phương", "phòng", "huyện",
    "xã", "hội", "đoàn thể", "bộ", "tỉnh", "trường", "cơ sở", "doanh nghiệp", "trung tâm",
    "cấp ủy", "cấp uỷ", "ủy ban", "chi bộ", "đảng bộ", "đảng đoàn", "ban cán sự", "tổ đại biểu",
)

ADMIN_UNITS: Final[tuple[str, ...]] = (
    "thành phố", "thị xã", "thị trấn", "tỉnh", "huyện", "quận", "phường", "xã",
)

# Posts in signature blocks and addressees: canonical case.
POSTS: Final[tuple[str, ...]] = (
    "Chủ tịch", "Phó Chủ tịch", "Bộ trưởng", "Thứ trưởng", "Giám đốc", "Phó Giám đốc",
    "Thủ trưởng", "Chánh Văn phòng", "Phó Chánh Văn phòng", "Bí thư", "Phó Bí thư",
    "Trưởng ban", "Phó Trưởng ban", "Trưởng phòng", "Phó Trưởng phòng", "Thủ tướng",
    "Phó Thủ tướng", "Tổng Bí thư", "Cục trưởng", "Phó Cục trưởng", "Vụ trưởng",
    "Phó Vụ trưởng", "Chánh Thanh tra", "Tổng cục trưởng",
)
COLLECTIVE_SIGNERS: Final[tuple[str, ...]] = (
    "Ủy ban nhân dân", "Hội đồng nhân dân", "Ban Thường vụ", "Ban Chấp hành", "Ban Bí thư",
    "Bộ Chính trị", "Chính phủ", "Thường trực Hội đồng nhân dân", "Ban Chỉ đạo",
    "Thủ tướng Chính phủ",
)

SIGNING_MARKS: Final[dict[str, tuple[str, str, str, str]]] = {
    # mark: (Vietnamese, English, definition vi, definition en)
    "TM.": ("Thay mặt", "On behalf of", "Ký thay mặt một tập thể (TM. ỦY BAN NHÂN DÂN).",
            "Signed on behalf of a collective body."),
    "KT.": ("Ký thay", "Signed for", "Cấp phó ký thay người đứng đầu (KT. CHỦ TỊCH).",
            "A deputy signs for the head of the body."),
    "TL.": ("Thừa lệnh", "By order of", "Ký thừa lệnh người đứng đầu.",
            "Signed by order of the head of the body."),
    "TUQ.": ("Thừa ủy quyền", "By authorisation of", "Ký thừa ủy quyền người đứng đầu.",
             "Signed under an authorisation from the head of the body."),
    "Q.": ("Quyền", "Acting", "Người được giao quyền đứng đầu ký.",
           "Signed by the acting head of the body."),
}

# Verbs that open a task. A lower-case one ends a list of bodies ("Sở Tài chính tham mưu").
TASK_VERBS: Final[tuple[str, ...]] = (
    "tham mưu", "chủ trì", "phối hợp", "tổ chức", "triển khai", "thực hiện", "tiếp tục",
    "chỉ đạo", "hướng dẫn", "nghiên cứu", "xây dựng", "tăng cường", "đẩy mạnh", "kiện toàn",
    "phát động", "tuyên truyền", "theo dõi", "kiểm tra", "đôn đốc", "báo cáo", "rà soát",
    "đánh giá", "bố trí", "cân đối", "đề xuất", "huy động", "nâng cao", "củng cố",
    "phát triển", "bảo đảm", "đảm bảo", "ban hành", "quán triệt", "chủ động", "có trách nhiệm",
    "có giải pháp", "có chính sách", "tập trung", "quan tâm", "hỗ trợ", "vận động",
    "khuyến khích", "lồng ghép", "ưu tiên", "sơ kết", "tổng kết", "tổng hợp", "giám sát",
    "thẩm định", "cung cấp", "tiếp nhận", "trình", "xem xét", "thông tin", "đăng ký",
    "lựa chọn", "duy trì", "mở rộng", "nhân rộng", "ứng dụng", "đổi mới", "khảo sát",
    "tạo điều kiện", "biên soạn", "in ấn", "phổ biến", "giới thiệu", "bồi dưỡng", "đào tạo",
    "thành lập", "phê duyệt", "cập nhật", "bổ sung", "hoàn thiện", "căn cứ", "theo chức năng",
    "làm tốt", "ký kết", "nắm bắt", "xử lý", "phát hiện", "giải quyết", "sắp xếp",
    "khẩn trương", "chịu trách nhiệm", "nghiêm túc", "chuẩn bị", "tham gia", "gửi",
    "hoàn thành", "tiếp thu", "thống nhất", "điều chỉnh", "khắc phục", "phân công", "quyết định",
    "tích cực", "dự thảo", "soạn thảo", "tổ chức thực hiện", "thông báo",
    "đưa tin", "đăng tải", "phát sóng", "kịp thời", "phản ánh", "lãnh đạo",
    "thừa ủy quyền", "thừa uỷ quyền", "thay mặt", "ký", "biết",
    "hoàn chỉnh", "sửa đổi", "giải ngân", "công bố", "công khai", "quy định", "xin",
)

# Groups of people a task may name; matched on whole phrases, longest first.
TARGET_GROUPS: Final[dict[str, str]] = {
    "đồng bào dân tộc thiểu số": "Ethnic minority communities",
    "người dân tộc thiểu số": "Ethnic minority people",
    "phụ nữ": "Women",
    "trẻ em gái": "Girls",
    "người khuyết tật": "People with disabilities",
    "người cao tuổi": "Older people",
    "lao động nông thôn": "Rural workers",
    "người mù chữ": "Illiterate people",
    "người lao động": "Workers",
    "người nội trợ": "Homemakers",
    "công nhân": "Industrial workers",
    "học sinh": "Pupils",
    "thanh niên": "Youth",
    "người nghèo": "Poor people",
    "đối tượng chính sách": "Policy beneficiaries",
}

PROVINCES: Final[tuple[str, ...]] = (
    "An Giang", "Bà Rịa - Vũng Tàu", "Bạc Liêu", "Bắc Giang", "Bắc Kạn", "Bắc Ninh",
    "Bến Tre", "Bình Dương", "Bình Định", "Bình Phước", "Bình Thuận", "Cà Mau", "Cao Bằng",
    "Cần Thơ", "Đà Nẵng", "Đắk Lắk", "Đắk Nông", "Điện Biên", "Đồng Nai", "Đồng Tháp",
    "Gia Lai", "Hà Giang", "Hà Nam", "Hà Nội", "Hà Tĩnh", "Hải Dương", "Hải Phòng",
    "Hậu Giang", "Hòa Bình", "Hồ Chí Minh", "Hưng Yên", "Khánh Hòa", "Kiên Giang", "Kon Tum",
    "Lai Châu", "Lạng Sơn", "Lào Cai", "Lâm Đồng", "Long An", "Nam Định", "Nghệ An",
    "Ninh Bình", "Ninh Thuận", "Phú Thọ", "Phú Yên", "Quảng Bình", "Quảng Nam",
    "Quảng Ngãi", "Quảng Ninh", "Quảng Trị", "Sóc Trăng", "Sơn La", "Tây Ninh", "Thái Bình",
    "Thái Nguyên", "Thanh Hóa", "Thừa Thiên Huế", "Tiền Giang", "Trà Vinh", "Tuyên Quang",
    "Vĩnh Long", "Vĩnh Phúc", "Yên Bái",
)

# Issuer abbreviations of Party bodies and other issuers seen in document numbers, for
# restoring a number whose hyphen was lost ("1961/QĐUBND" is QĐ + UBND).
MORE_ISSUER_ABBREVIATIONS: Final[dict[str, str]] = {
    "HĐND": "Hội đồng nhân dân",
    "VPCP": "Văn phòng Chính phủ",
    "BTGTW": "Ban Tuyên giáo Trung ương",
    "BTCTW": "Ban Tổ chức Trung ương",
    "BDVTW": "Ban Dân vận Trung ương",
    "VPTW": "Văn phòng Trung ương Đảng",
    "HU": "Huyện ủy",
    "TƯ": "Trung ương Đảng",
    "ĐU": "Đảng ủy",
    "ThU": "Thành ủy",
    "BCĐ": "Ban Chỉ đạo",
    "BNV": "Bộ Nội vụ",
    "BTC": "Bộ Tài chính",
    "BLĐTBXH": "Bộ Lao động - Thương binh và Xã hội",
    "BVHTTDL": "Bộ Văn hóa, Thể thao và Du lịch",
    "BTTTT": "Bộ Thông tin và Truyền thông",
    "BKHĐT": "Bộ Kế hoạch và Đầu tư",
    "BYT": "Bộ Y tế",
    "SGDĐT": "Sở Giáo dục và Đào tạo",
    "HKH": "Hội Khuyến học",
}

# Names of issuing bodies whose written case no rule recovers from capitals.
ISSUER_NAMES: Final[tuple[str, ...]] = (
    "Ban Chấp hành Trung ương", "Ban Chấp hành Trung ương Đảng", "Ban Bí thư", "Bộ Chính trị",
    "Ban Tuyên giáo Trung ương", "Ban Tổ chức Trung ương", "Ban Dân vận Trung ương",
    "Ban Kinh tế Trung ương", "Ban Nội chính Trung ương", "Văn phòng Trung ương Đảng",
    "Ủy ban Kiểm tra Trung ương", "Văn phòng Chính phủ", "Thủ tướng Chính phủ", "Chính phủ",
    "Quốc hội", "Ủy ban Thường vụ Quốc hội", "Hội Khuyến học Việt Nam", "Bộ Công Thương",
    "Ban Thường vụ Tỉnh ủy", "Ban Thường vụ Huyện ủy", "Ban Thường vụ Thành ủy",
    "Hội đồng Bộ trưởng", "Ủy ban Mặt trận Tổ quốc Việt Nam", "Trung ương Hội Khuyến học Việt Nam",
    "Ủy ban Dân tộc", "Bộ Nội vụ", "Bộ Tài chính", "Bộ Y tế",
)

# Titles of documents with no type abbreviation of their own (a letter to the public, an
# outline for propaganda): the title line gives the type.
OTHER_TITLES: Final[tuple[str, ...]] = (
    "Thư ngỏ", "Thư kêu gọi", "Lời kêu gọi", "Thư cảm ơn", "Thư chúc mừng", "Thư mời", "Đề cương",
    "Thông cáo báo chí", "Công văn",
)

# Words that open an item the way a body's name would ("Báo cáo kết quả", "Hội nghị sơ kết")
# but name an activity: a heading opening with one is a topic, never an assignee.
NOT_BODIES: Final[tuple[str, ...]] = (
    "Báo cáo", "Ban hành", "Hội nghị", "Hội thảo", "Hội thi", "Hội diễn", "Phòng chống", "Phòng, chống",
    "Phòng ngừa", "Phòng, ngừa", "Trường hợp", "Đoàn kết", "Bộ tiêu chí", "Bộ máy", "Bộ công cụ",
    "Bộ chỉ số", "Cơ quan chủ trì", "Cơ quan phối hợp", "Đơn vị chủ trì", "Các nội dung", "Các nhiệm vụ",
    "Các giải pháp", "Các hoạt động", "Các chỉ tiêu", "Chủ tịch UBND tỉnh có ý kiến", "Quỹ đất",
    "Văn bản", "Kho bạc Nhà nước các cấp",
)

# Columns of a task table, by the words of their header cell (diacritic-blind, see text.fold).
TABLE_COLUMNS: Final[dict[str, tuple[str, ...]]] = {
    # first on a tie: "Thời gian thực hiện" is the time, "Cơ quan thực hiện" the doer
    "time": ("thoi gian", "thoi han", "tien do", "hoan thanh", "moc thoi gian"),
    "number": ("tt", "stt", "so tt"),
    "lead": ("chu tri", "co quan thuc hien", "don vi thuc hien", "co quan thuc hien chinh",
             "don vi chu tri", "trach nhiem thuc hien", "co quan, don vi thuc hien", "thuc hien"),
    "cooperating": ("phoi hop",),
    "content": ("noi dung", "nhiem vu", "hoat dong", "ten nhiem vu", "cong viec", "giai phap", "ten de an"),
}
