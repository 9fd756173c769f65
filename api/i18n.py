"""UI strings in Vietnamese (the default) and English, and how a request picks its language.

The language of a request: ``?lang=en`` (or ``?lang=vi``) first, remembered in the ``lang`` cookie; then that
cookie; then the browser's ``Accept-Language`` (the best-ranked of vi and en by q-value, ``en-US`` counting as
en); else Vietnamese. Every UI string is in :data:`STRINGS` in both languages; data from the documents is
shown as it is. A domain error's message on a page comes from the string ``error_<code>`` (its class name,
as in the JSON error body; :func:`error_message`); the JSON API's bodies stay English.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from fastapi import Request

LANGUAGES = ("vi", "en")
DEFAULT_LANGUAGE = "vi"
COOKIE = "lang"

STRINGS: dict[str, dict[str, str]] = {
    # layout
    "site_name": {"vi": "CCHC-KG", "en": "CCHC-KG"},
    "site_tagline": {
        "vi": "Đồ thị tri thức kế hoạch cải cách hành chính",
        "en": "Knowledge graph of public-administration-reform plans",
    },
    "nav_home": {"vi": "Trang chủ", "en": "Home"},
    "nav_query": {"vi": "Truy vấn SPARQL", "en": "SPARQL editor"},
    "nav_trace": {"vi": "Truy vết văn bản", "en": "Trace a document"},
    "nav_main": {"vi": "Điều hướng chính", "en": "Main navigation"},
    "skip_to_content": {"vi": "Bỏ qua đến nội dung", "en": "Skip to content"},
    "language": {"vi": "Ngôn ngữ", "en": "Language"},
    "footer": {
        "vi": "Dữ liệu trích từ các kế hoạch CCHC cấp tỉnh. Mọi trang hoạt động không cần Internet.",
        "en": "Data read from provincial PAR plans. Every page works without the Internet.",
    },
    "search_label": {"vi": "Tìm kiếm", "en": "Search"},
    "search_placeholder": {
        "vi": "Tìm kế hoạch, nhiệm vụ, cơ quan, văn bản (không cần dấu)…",
        "en": "Find plans, tasks, agencies, documents (diacritics optional)…",
    },
    "search_button": {"vi": "Tìm", "en": "Search"},
    # home
    "home_title": {"vi": "Tổng quan kho dữ liệu", "en": "The corpus at a glance"},
    "home_intro": {
        "vi": "Các kế hoạch cải cách hành chính đã nạp, nhiệm vụ theo lĩnh vực"
        " và các cơ quan chủ trì nhiều nhất.",
        "en": "The ingested reform plans, their tasks by reform area and the agencies that lead the most.",
    },
    "stat_plans": {"vi": "kế hoạch", "en": "plans"},
    "stat_tasks": {"vi": "nhiệm vụ", "en": "tasks"},
    "stat_provinces": {"vi": "tỉnh", "en": "provinces"},
    "stat_agencies": {"vi": "cơ quan, nhóm cơ quan", "en": "agencies and groups"},
    "plans_heading": {"vi": "Kế hoạch", "en": "Plans"},
    "plans_by_province_year": {"vi": "Kế hoạch theo tỉnh và năm", "en": "Plans by province and year"},
    "tasks_by_area": {"vi": "Nhiệm vụ theo lĩnh vực cải cách", "en": "Tasks by reform area"},
    "top_leads": {"vi": "Cơ quan chủ trì nhiều nhiệm vụ nhất", "en": "Top lead agencies"},
    "no_plans": {
        "vi": "Kho chưa có kế hoạch nào. Hãy chạy: cchc-kg ingest …",
        "en": "The store holds no plan yet. Run: cchc-kg ingest …",
    },
    # columns
    "col_number": {"vi": "Số hiệu", "en": "Number"},
    "col_title": {"vi": "Tiêu đề", "en": "Title"},
    "col_province": {"vi": "Tỉnh", "en": "Province"},
    "col_issued": {"vi": "Ngày ban hành", "en": "Issued"},
    "col_period": {"vi": "Giai đoạn", "en": "Period"},
    "col_tasks": {"vi": "Nhiệm vụ", "en": "Tasks"},
    "col_year": {"vi": "Năm", "en": "Year"},
    "col_area": {"vi": "Lĩnh vực", "en": "Reform area"},
    "col_agency": {"vi": "Cơ quan", "en": "Agency"},
    "col_lead_tasks": {"vi": "Chủ trì", "en": "Leads"},
    "col_partner_tasks": {"vi": "Phối hợp", "en": "Partners"},
    "col_code": {"vi": "Mã", "en": "Code"},
    "col_task": {"vi": "Nội dung nhiệm vụ", "en": "Task"},
    "col_leads": {"vi": "Cơ quan chủ trì", "en": "Lead agencies"},
    "col_partners": {"vi": "Cơ quan phối hợp", "en": "Partner agencies"},
    "col_time": {"vi": "Thời gian thực hiện", "en": "Time frame"},
    "col_budget": {"vi": "Kinh phí (đồng)", "en": "Budget (VND)"},
    "col_line": {"vi": "Dòng", "en": "Line"},
    "col_relation": {"vi": "Quan hệ", "en": "Relation"},
    "col_type": {"vi": "Loại", "en": "Type"},
    "col_date": {"vi": "Ngày", "en": "Date"},
    "col_as_written": {"vi": "Trích dẫn trong văn bản", "en": "As written"},
    "col_plan": {"vi": "Kế hoạch", "en": "Plan"},
    "col_role": {"vi": "Vai trò", "en": "Role"},
    "col_path": {"vi": "Cách thực hiện", "en": "How it implements"},
    "col_kind": {"vi": "Loại", "en": "Kind"},
    "col_total": {"vi": "Tổng (đồng)", "en": "Total (VND)"},
    "col_per_unit": {"vi": "Định mức theo đơn vị", "en": "Amounts per unit"},
    "col_with": {"vi": "Cùng cơ quan", "en": "With"},
    "col_as_lead": {"vi": "Chủ trì", "en": "Leads"},
    "col_as_partner": {"vi": "Phối hợp", "en": "Partners"},
    "works_with_note": {
        "vi": "Chủ trì: số nhiệm vụ cơ quan này chủ trì và cơ quan kia phối hợp; Phối hợp: ngược lại.",
        "en": "Leads: tasks this agency leads with the other as partner; Partners: the other way round.",
    },
    # search
    "search_title": {"vi": "Tìm kiếm", "en": "Search"},
    "search_results_for": {"vi": "Kết quả cho", "en": "Results for"},
    "search_none": {"vi": "Không tìm thấy kết quả nào.", "en": "Nothing found."},
    "search_empty": {
        "vi": "Nhập tên cơ quan, số hiệu văn bản hoặc nội dung nhiệm vụ; không cần gõ dấu.",
        "en": "Type an agency name, a document number or words of a task; diacritics are optional.",
    },
    "kind_plan": {"vi": "Kế hoạch", "en": "Plans"},
    "kind_agency": {"vi": "Cơ quan", "en": "Agencies"},
    "kind_document": {"vi": "Văn bản pháp lý", "en": "Legal documents"},
    "kind_task": {"vi": "Nhiệm vụ", "en": "Tasks"},
    "agency_single": {"vi": "cơ quan", "en": "agency"},
    # trace paths, as the ``trace`` query spells them
    "path_based on": {"vi": "căn cứ", "en": "based on"},
    "path_via the national programme": {
        "vi": "thông qua Chương trình tổng thể",
        "en": "via the national programme",
    },
    "path_through a longer chain": {"vi": "qua một chuỗi văn bản dài hơn", "en": "through a longer chain"},
    "agency_group": {"vi": "nhóm cơ quan", "en": "group of agencies"},
    # plan page
    "plan_title": {"vi": "Kế hoạch", "en": "Plan"},
    "legal_bases": {"vi": "Căn cứ pháp lý và văn bản dẫn chiếu", "en": "Legal bases and references"},
    "no_legal_bases": {"vi": "Không có văn bản được dẫn chiếu.", "en": "No document is mentioned."},
    "line_n": {"vi": "dòng", "en": "line"},
    "cited_by_decision": {"vi": "(trong quyết định ban hành)", "en": "(in the issuing decision)"},
    "cited_in_task": {"vi": "trong nhiệm vụ", "en": "in task"},
    "tasks_heading": {"vi": "Nhiệm vụ", "en": "Tasks"},
    "filter": {"vi": "Lọc", "en": "Filter"},
    "filter_clear": {"vi": "Bỏ lọc", "en": "Clear"},
    "filter_all": {"vi": "Tất cả", "en": "All"},
    "filter_area": {"vi": "Lĩnh vực", "en": "Area"},
    "filter_agency": {"vi": "Cơ quan", "en": "Agency"},
    "filter_quarter": {"vi": "Quý", "en": "Quarter"},
    "tasks_shown": {"vi": "nhiệm vụ được hiển thị", "en": "tasks shown"},
    "of": {"vi": "trên", "en": "of"},
    "budget_heading": {"vi": "Kinh phí", "en": "Budget"},
    "budget_total": {"vi": "Tổng kinh phí xác định", "en": "Total of the amounts given as totals"},
    "budget_none": {"vi": "Kế hoạch không nêu kinh phí.", "en": "The plan gives no budget."},
    "budget_note": {
        "vi": "Định mức theo huyện, theo kỳ, theo tháng… không cộng được vào tổng.",
        "en": "Amounts per district, per issue, per month… cannot be added to the total.",
    },
    "network_heading": {"vi": "Mạng lưới cơ quan", "en": "Network of agencies"},
    "network_frame": {"vi": "Sơ đồ mạng lưới cơ quan", "en": "Network diagram of the agencies"},
    "network_unavailable": {
        "vi": "Chưa có sơ đồ mạng lưới (mô-đun viz chưa sẵn sàng).",
        "en": "The network view is not available (the viz module is missing).",
    },
    "open_full": {"vi": "Mở toàn trang", "en": "Open full page"},
    "view_document": {"vi": "Lược đồ văn bản", "en": "Document relations"},
    # agency page
    "agency_title": {"vi": "Cơ quan", "en": "Agency"},
    "leads_n": {"vi": "nhiệm vụ chủ trì", "en": "tasks led"},
    "partners_n": {"vi": "nhiệm vụ phối hợp", "en": "tasks as partner"},
    "role_lead": {"vi": "Chủ trì", "en": "Lead"},
    "role_partner": {"vi": "Phối hợp", "en": "Partner"},
    "by_plan": {"vi": "Theo kế hoạch", "en": "By plan"},
    "works_with": {"vi": "Phối hợp nhiều nhất với", "en": "Works most with"},
    "no_tasks": {"vi": "Không có nhiệm vụ.", "en": "No tasks."},
    "no_partners": {"vi": "Chưa có dữ liệu phối hợp.", "en": "No joint tasks."},
    # document page
    "document_title": {"vi": "Văn bản", "en": "Document"},
    "relations_heading": {"vi": "Lược đồ văn bản", "en": "Relations of the document"},
    "outgoing": {"vi": "Văn bản này căn cứ, dẫn chiếu, thay thế…", "en": "This document is based on, cites…"},
    "incoming": {"vi": "Văn bản khác căn cứ, thực hiện văn bản này…", "en": "Other documents based on it…"},
    "no_relations": {"vi": "Không có quan hệ nào được ghi nhận.", "en": "No relation recorded."},
    "implementing_plans": {"vi": "Các kế hoạch thực hiện", "en": "Plans implementing it"},
    "no_implementing_plans": {
        "vi": "Không có kế hoạch nào thực hiện văn bản này.",
        "en": "No plan implements it.",
    },
    "open_trace": {"vi": "Xem cây truy vết", "en": "Open the trace"},
    "is_plan": {"vi": "kế hoạch", "en": "plan"},
    "followers": {"vi": "văn bản căn cứ/thực hiện", "en": "documents based on it"},
    # relation groups (direction_relation)
    "rel_outgoing_based-on": {"vi": "Văn bản căn cứ", "en": "Based on"},
    "rel_incoming_based-on": {
        "vi": "Văn bản được ban hành căn cứ văn bản này",
        "en": "Documents based on it",
    },
    "rel_outgoing_cites": {"vi": "Văn bản dẫn chiếu", "en": "Cites"},
    "rel_incoming_cites": {"vi": "Văn bản dẫn chiếu văn bản này", "en": "Cited by"},
    "rel_outgoing_replaces": {"vi": "Văn bản bị thay thế", "en": "Replaces"},
    "rel_incoming_replaces": {"vi": "Văn bản thay thế", "en": "Replaced by"},
    "rel_outgoing_amends": {"vi": "Văn bản được sửa đổi, bổ sung", "en": "Amends"},
    "rel_incoming_amends": {"vi": "Văn bản sửa đổi, bổ sung", "en": "Amended by"},
    "rel_outgoing_implements": {"vi": "Văn bản được thực hiện", "en": "Implements"},
    "rel_incoming_implements": {"vi": "Văn bản thực hiện văn bản này", "en": "Implemented by"},
    "rel_outgoing_issues": {"vi": "Văn bản được ban hành kèm theo", "en": "Issues"},
    "rel_incoming_issues": {"vi": "Văn bản ban hành", "en": "Issued by"},
    # relation names (legal-bases)
    "relation_based-on": {"vi": "căn cứ", "en": "based on"},
    "relation_implements": {"vi": "thực hiện", "en": "implements"},
    "relation_cites": {"vi": "dẫn chiếu", "en": "cites"},
    "relation_replaces": {"vi": "thay thế", "en": "replaces"},
    "relation_amends": {"vi": "sửa đổi, bổ sung", "en": "amends"},
    "relation_drafts": {"vi": "xây dựng (dự thảo)", "en": "drafts"},
    "relation_issues": {"vi": "ban hành", "en": "issues"},
    # trace page
    "trace_title": {"vi": "Truy vết thực hiện văn bản", "en": "Trace a document's implementation"},
    "trace_intro": {
        "vi": "Chọn một nghị quyết, quyết định hoặc chỉ thị"
        " để xem các kế hoạch, nhiệm vụ và cơ quan thực hiện.",
        "en": "Pick a resolution, decision or directive"
        " to see the plans, tasks and agencies implementing it.",
    },
    "trace_pick": {"vi": "Văn bản", "en": "Document"},
    "trace_show": {"vi": "Xem", "en": "Show"},
    "trace_tree": {"vi": "Cây thực hiện", "en": "Implementation tree"},
    "trace_graph": {"vi": "Đồ thị", "en": "Graph"},
    "trace_n_plans": {"vi": "kế hoạch thực hiện", "en": "plans implement it"},
    "trace_none": {"vi": "Không có kế hoạch nào thực hiện văn bản này.", "en": "No plan implements it."},
    "trace_choose": {"vi": "Hãy chọn một văn bản.", "en": "Pick a document."},
    "trace_graph_frame": {"vi": "Đồ thị truy vết", "en": "Trace graph"},
    "trace_other": {"vi": "Chọn văn bản khác", "en": "Pick another document"},
    "trace_detail_note": {
        "vi": "Nhiệm vụ và cơ quan chủ trì được liệt kê cho {shown} trong {total} kế hoạch đầu tiên;"
        " các kế hoạch khác: mở trang của kế hoạch.",
        "en": "Tasks and lead agencies are listed for the first {shown} of {total} plans;"
        " for the others, open the plan's page.",
    },
    "nav_network": {"vi": "Mạng lưới", "en": "Network"},
    # query editor
    "query_title": {"vi": "Trình soạn truy vấn SPARQL", "en": "SPARQL editor"},
    "query_intro": {
        "vi": "Chọn một truy vấn mẫu hoặc viết truy vấn SPARQL của bạn;"
        " kết quả chạy trên kho dữ liệu (chỉ đọc).",
        "en": "Pick an example or write your own SPARQL; it runs on the store (read-only).",
    },
    "examples": {"vi": "Truy vấn mẫu", "en": "Named queries"},
    "query_text": {"vi": "Văn bản truy vấn", "en": "Query text"},
    "parameters": {"vi": "Tham số", "en": "Parameters"},
    "required": {"vi": "bắt buộc", "en": "required"},
    "optional": {"vi": "không bắt buộc", "en": "optional"},
    "run": {"vi": "Chạy truy vấn", "en": "Run query"},
    "results": {"vi": "Kết quả", "en": "Results"},
    "rows": {"vi": "dòng", "en": "rows"},
    "download": {"vi": "Tải {fmt}", "en": "Download {fmt}"},
    "syntax_error": {"vi": "Lỗi cú pháp", "en": "Syntax error"},
    "query_error": {"vi": "Lỗi truy vấn", "en": "Query error"},
    "at_position": {"vi": "tại dòng {line}, cột {column}", "en": "at line {line}, column {column}"},
    "ask_result": {"vi": "Kết quả ASK", "en": "ASK result"},
    "graph_result": {
        "vi": "Kết quả là một đồ thị với {n} bộ ba",
        "en": "The result is a graph of {n} triples",
    },
    "result_network": {"vi": "Mạng lưới từ kết quả", "en": "Network of the results"},
    "no_rows": {"vi": "Không có dòng nào.", "en": "No rows."},
    "ctrl_enter": {"vi": "Ctrl+Enter để chạy", "en": "Ctrl+Enter runs the query"},
    # errors
    "not_found_title": {"vi": "Không tìm thấy", "en": "Not found"},
    "plan_not_found": {
        "vi": "Không có kế hoạch “{id}” trong kho.",
        "en": "There is no plan “{id}” in the store.",
    },
    "agency_not_found": {
        "vi": "Không có cơ quan “{id}” trong kho.",
        "en": "There is no agency “{id}” in the store.",
    },
    "document_not_found": {
        "vi": "Không có văn bản “{id}” trong kho.",
        "en": "There is no document “{id}” in the store.",
    },
    "back_home": {"vi": "Về trang chủ", "en": "Back to the home page"},
    "error_title": {"vi": "Có lỗi", "en": "Something went wrong"},
    "did_you_mean": {"vi": "Có phải bạn muốn tìm:", "en": "Did you mean:"},
    "server_error": {
        "vi": "Lỗi nội bộ của máy chủ ({kind}); lỗi đã được ghi vào nhật ký.",
        "en": "An internal error ({kind}) occurred; it has been logged.",
    },
    # document upload (when the server has uploads enabled)
    "upload_title": {"vi": "Tải lên văn bản", "en": "Upload a document"},
    "upload_intro": {
        "vi": "Chọn một kế hoạch ({formats}); chương trình hiện những gì đọc được, rồi bạn chọn lưu vào"
        " kho hoặc bỏ.",
        "en": "Choose a plan ({formats}); what is read from it is shown first, then you keep it in the"
        " store or discard it.",
    },
    "upload_disabled": {
        "vi": "Máy chủ này không cho tải lên văn bản (chỉ đọc).",
        "en": "This server does not accept uploads (read-only).",
    },
    "upload_file": {"vi": "Tệp văn bản", "en": "Document file"},
    "upload_token": {"vi": "Mã cập nhật", "en": "Update token"},
    "upload_button": {"vi": "Tải lên và đọc", "en": "Upload and read"},
    "upload_unavailable": {
        "vi": "Chưa đọc được ở máy này: {note}",
        "en": "Not readable on this machine: {note}",
    },
    "upload_done": {"vi": "Đã đọc “{name}”", "en": "Read “{name}”"},
    "upload_failed": {"vi": "Không đọc được “{name}”", "en": "Could not read “{name}”"},
    "upload_counts": {
        "vi": "{tasks} nhiệm vụ, {agencies} cơ quan, {references} văn bản dẫn chiếu, {targets} chỉ tiêu",
        "en": "{tasks} tasks, {agencies} agencies, {references} legal references, {targets} targets",
    },
    "upload_warnings": {"vi": "Cảnh báo ({count})", "en": "Warnings ({count})"},
    "upload_no_warnings": {"vi": "Không có cảnh báo.", "en": "No warnings."},
    "upload_line": {"vi": "Dòng", "en": "Line"},
    "upload_severity": {"vi": "Mức", "en": "Level"},
    "upload_kind": {"vi": "Loại", "en": "Kind"},
    "upload_message": {"vi": "Nội dung", "en": "Message"},
    "upload_open_plan": {"vi": "Xem kế hoạch", "en": "Open the plan"},
    # reform areas (local names of the area scheme)
    "area_institutional": {"vi": "Cải cách thể chế", "en": "Institutional reform"},
    "area_procedures": {"vi": "Cải cách thủ tục hành chính", "en": "Administrative procedures"},
    "area_apparatus": {"vi": "Cải cách tổ chức bộ máy", "en": "Organisational structure"},
    "area_civil-service": {"vi": "Cải cách chế độ công vụ", "en": "Civil service"},
    "area_cadre-corps": {"vi": "Xây dựng đội ngũ cán bộ, công chức", "en": "Cadres and civil servants"},
    "area_public-finance": {"vi": "Cải cách tài chính công", "en": "Public finance"},
    "area_e-government": {"vi": "Chính phủ điện tử, Chính phủ số", "en": "E-government, digital government"},
    "area_modernisation": {"vi": "Hiện đại hóa hành chính", "en": "Modernisation"},
    "area_direction": {"vi": "Công tác chỉ đạo, điều hành", "en": "Direction and management"},
    "area_communication": {"vi": "Thông tin, tuyên truyền", "en": "Communication"},
    "area_none": {"vi": "Chưa xếp lĩnh vực", "en": "No area"},
    # issue 17: editor (add this feature's strings below this line, vi and en)
    "editor_intro": {
        "vi": "Viết truy vấn SPARQL hoặc chọn một truy vấn mẫu; truy vấn chạy trên điểm truy vấn"
        " /sparql của máy chủ này (chỉ đọc). Ctrl+Space gợi ý tiền tố, lớp và thuộc tính của bản thể"
        " học; các thẻ và lịch sử truy vấn được giữ trong trình duyệt.",
        "en": "Write SPARQL or pick a named query; it runs on this server's /sparql endpoint (read-only)."
        " Ctrl+Space completes the ontology's prefixes, classes and properties; tabs and history stay in"
        " your browser.",
    },
    "editor_tab": {"vi": "Truy vấn", "en": "Query"},
    "editor_history": {"vi": "Lịch sử truy vấn", "en": "Query history"},
    "editor_history_note": {
        "vi": "50 truy vấn gần nhất, lưu trong trình duyệt này.",
        "en": "The last 50 queries, kept in this browser.",
    },
    "editor_no_params": {"vi": "Truy vấn này không có tham số.", "en": "This query has no parameters."},
    "editor_bind": {"vi": "Gán tham số", "en": "Bind parameters"},
    "editor_named_note": {
        "vi": "Các tham số được gán vào truy vấn bằng một khối VALUES (như thư viện truy vấn gán chúng);"
        ' tham số không bắt buộc để trống được gán bằng "".',
        "en": "The parameters are bound in the text as a VALUES block (as the query library binds them);"
        ' an optional parameter left empty is bound to "".',
    },
    "editor_post_processed": {
        "vi": "Thư viện còn xử lý tiếp các dòng của truy vấn này (REST, CLI và các bản tải dưới đây);"
        " trình soạn hiển thị các dòng SPARQL gốc.",
        "en": "The library post-processes this query's rows (REST, CLI and the downloads below);"
        " the editor shows the raw SPARQL rows.",
    },
    "editor_named_downloads": {
        "vi": "Tải kết quả của truy vấn mẫu (toàn bộ, như /api/queries):",
        "en": "Download the named query's result (whole, as /api/queries):",
    },
    "editor_noscript": {
        "vi": "Trình soạn cần JavaScript. Không có JavaScript, hãy gửi truy vấn tới /sparql (GET ?query=…).",
        "en": "The editor needs JavaScript. Without it, send queries to /sparql (GET ?query=…).",
    },
    "editor_read_only": {
        "vi": "Điểm truy vấn này chỉ đọc: không nhận lệnh cập nhật SPARQL (INSERT, DELETE, …).",
        "en": "This endpoint is read-only: it takes no SPARQL Update (INSERT, DELETE, …).",
    },
    "editor_unknown_prefix": {
        "vi": "Tiền tố chưa khai báo: {prefix} — hãy thêm một dòng PREFIX cho tiền tố này.",
        "en": "Unknown prefix {prefix} — add a PREFIX line for it.",
    },
    "editor_expected": {"vi": "Cần:", "en": "Expected:"},
    "editor_running": {"vi": "Đang chạy truy vấn…", "en": "Running the query…"},
    "editor_failed": {"vi": "lỗi", "en": "failed"},
    "editor_status_rows": {"vi": "{n} dòng trong {time} giây", "en": "{n} rows in {time} s"},
    "editor_status_triples": {"vi": "{n} bộ ba trong {time} giây", "en": "{n} triples in {time} s"},
    "editor_status_ask": {"vi": "ASK: {answer} ({time} giây)", "en": "ASK: {answer} ({time} s)"},
    "editor_cut": {
        "vi": "Kết quả bị cắt: chỉ hiển thị {n} dòng đầu, vì điểm truy vấn trả tối đa {max} dòng"
        " (giới hạn CCHC_KG_MAX_ROWS của máy chủ); kết quả đầy đủ có nhiều dòng hơn.",
        "en": "The result was cut: only its first {n} rows are shown, because the endpoint answers at most"
        " {max} rows (the server's CCHC_KG_MAX_ROWS limit); the whole result has more.",
    },
    "editor_cut_how": {
        "vi": "Để lấy tất cả các dòng: chia truy vấn thành từng trang (ORDER BY … LIMIT … OFFSET …),"
        " chạy nó bằng dòng lệnh trên kho dữ liệu (cchc-kg sparql, không giới hạn dòng),"
        " hoặc khởi động máy chủ với CCHC_KG_MAX_ROWS lớn hơn.",
        "en": "To get every row: page through it (ORDER BY … LIMIT … OFFSET …), run it with the CLI on the"
        " store (cchc-kg sparql, no row limit), or start the server with a larger CCHC_KG_MAX_ROWS.",
    },
    "editor_downloads": {
        "vi": "Tải về (truy vấn được chạy lại trên máy chủ):",
        "en": "Download (the query runs again on the server):",
    },
    "editor_csv_excel": {"vi": "Tải CSV (cho Excel)", "en": "Download CSV (for Excel)"},
    "editor_graph": {"vi": "Đồ thị", "en": "Graph"},
    "editor_graph_note": {"vi": "{total} bộ ba.", "en": "{total} triples."},
    "editor_graph_cut": {
        "vi": "Vẽ {shown} trong {total} bộ ba (bảng và bản tải về có tất cả).",
        "en": "Drawing {shown} of {total} triples (the table and the downloads have them all).",
    },
    "editor_pivot": {"vi": "Bảng tổng hợp", "en": "Pivot"},
    "editor_pivot_rows": {"vi": "Dòng:", "en": "Rows:"},
    "editor_pivot_columns": {"vi": "Cột:", "en": "Columns:"},
    "editor_pivot_value": {"vi": "Giá trị:", "en": "Value:"},
    "editor_pivot_count": {"vi": "số dòng", "en": "count"},
    "editor_pivot_total": {"vi": "Tổng", "en": "Total"},
    "editor_pivot_cut": {
        "vi": "Hiển thị {shown} trong {total} nhóm lớn nhất.",
        "en": "Showing the {shown} largest of {total} groups.",
    },
    "editor_view_table": {"vi": "Bảng", "en": "Table"},
    "editor_view_response": {"vi": "Phản hồi gốc", "en": "Response"},
    "editor_simple_view": {"vi": "Dạng gọn", "en": "Simple view"},
    "editor_ellipse": {"vi": "Rút gọn ô dài", "en": "Shorten long cells"},
    "editor_filter": {"vi": "Lọc kết quả", "en": "Filter the results"},
    "editor_page_size": {"vi": "Số dòng mỗi trang:", "en": "Rows per page:"},
    "editor_all": {"vi": "Tất cả", "en": "All"},
    "editor_table_info": {"vi": "Dòng _START_–_END_ trên _TOTAL_", "en": "Rows _START_–_END_ of _TOTAL_"},
    "editor_table_filtered": {"vi": "(lọc từ _MAX_ dòng)", "en": "(filtered from _MAX_ rows)"},
    "editor_table_nomatch": {"vi": "Không có dòng nào khớp.", "en": "No matching rows."},
    "editor_run_short": {"vi": "Chạy", "en": "Run"},
    "editor_share": {"vi": "Chia sẻ truy vấn (đường dẫn)", "en": "Share the query (a link)"},
    "editor_add_tab": {"vi": "Thêm thẻ truy vấn", "en": "Add a query tab"},
    "editor_sort": {"vi": "bấm để sắp xếp", "en": "click to sort"},
    "editor_sort_reverse": {"vi": "bấm để đảo thứ tự", "en": "click to reverse the order"},
    "editor_sort_remove": {"vi": "bấm để bỏ sắp xếp", "en": "click to remove the order"},
    "editor_page_first": {"vi": "Trang đầu", "en": "First page"},
    "editor_page_last": {"vi": "Trang cuối", "en": "Last page"},
    "editor_page_next": {"vi": "Trang sau", "en": "Next page"},
    "editor_page_previous": {"vi": "Trang trước", "en": "Previous page"},
    "editor_pagination": {"vi": "Phân trang", "en": "Pages"},
    "editor_close_tab": {"vi": "Đóng thẻ", "en": "Close the tab"},
    "editor_open_settings": {"vi": "Mở thiết lập của thẻ", "en": "Open the tab's settings"},
    "editor_close_settings": {"vi": "Đóng thiết lập của thẻ", "en": "Close the tab's settings"},
    "editor_clear_endpoint": {"vi": "Xóa địa chỉ điểm truy vấn", "en": "Clear the endpoint"},
    "editor_download_shown": {
        "vi": "Tải kết quả đang hiển thị",
        "en": "Download the result shown",
    },
    "editor_show_view": {"vi": "Xem dạng {view}", "en": "Show as {view}"},
    "editor_docs_of": {"vi": "Tài liệu về dạng {view}", "en": "Documentation of the {view} view"},
    "editor_show_all": {"vi": "Hiện tất cả", "en": "Show everything"},
    # issue 17: crawl-search-fixes (add this feature's strings below this line, vi and en)
    "mentions_n": {"vi": "{n} lần", "en": "{n} mentions"},
    "kind_citing": {"vi": "Văn bản dẫn chiếu văn bản tìm thấy", "en": "Documents citing a document found"},
    "search_cites": {"vi": "dẫn chiếu {number}", "en": "cites {number}"},
    "no_province": {"vi": "(không thuộc tỉnh nào)", "en": "(no province)"},
    "no_tasks_match": {
        "vi": "Không có nhiệm vụ nào khớp bộ lọc.",
        "en": "No task matches the filters.",
    },
    "plan_no_tasks": {
        "vi": "Không đọc được nhiệm vụ nào từ văn bản này. Khi nạp, hệ thống ghi nhận {count} phát hiện "
        "về văn bản:",
        "en": "No task was read from this document. Findings ingest recorded about it ({count}):",
    },
    "plan_no_tasks_clean": {
        "vi": "Không đọc được nhiệm vụ nào từ văn bản này, và khi nạp hệ thống không ghi nhận phát hiện nào: "
        "văn bản có thể không giao nhiệm vụ theo bảng hay theo mục.",
        "en": "No task was read from this document, and ingest recorded no finding about it: the document "
        "may assign no tasks in a table or in items.",
    },
    "plan_findings_link": {"vi": "Xem các phát hiện khi nạp", "en": "See the ingest findings"},
    # issue 17: quality-downloads-upload (add this feature's strings below this line, vi and en)
    "downloads_label": {"vi": "Tải dữ liệu bảng:", "en": "Download this table:"},
    "downloads_title": {
        "vi": "Các dòng của truy vấn “{query}” dạng {fmt} (API REST)",
        "en": "The rows of the “{query}” query as {fmt} (REST API)",
    },
    "nav_quality": {"vi": "Chất lượng dữ liệu", "en": "Data quality"},
    "quality_title": {"vi": "Chất lượng dữ liệu", "en": "Data quality"},
    "quality_intro": {
        "vi": "Những gì chương trình đọc thấy sai hoặc đáng ngờ trong từng văn bản đã nạp, theo loại;"
        " văn bản có lỗi đứng đầu. Bấm tiêu đề cột để sắp xếp.",
        "en": "What ingest found wrong or doubtful in each ingested document, by kind; documents with"
        " errors first. Click a column heading to sort.",
    },
    "quality_documents": {"vi": "văn bản đã nạp", "en": "ingested documents"},
    "quality_with_errors": {"vi": "văn bản có lỗi", "en": "with errors"},
    "quality_findings": {"vi": "ghi nhận", "en": "findings"},
    "quality_by_document": {"vi": "Ghi nhận theo văn bản", "en": "Findings by document"},
    "quality_levels_note": {
        "vi": "Lỗi: một phần văn bản không được đọc vào đồ thị (không có bảng nhiệm vụ, dòng bảng bị bỏ qua)."
        " Cảnh báo: nội dung đã đọc được giữ lại, kèm một chỗ sửa hoặc một điểm nghi vấn.",
        "en": "Error: part of the text was not read into the graph (no task table, a table row skipped)."
        " Warning: what was read is kept, with a correction or a doubt.",
    },
    "quality_errors": {"vi": "Lỗi", "en": "Errors"},
    "quality_warnings": {"vi": "Cảnh báo", "en": "Warnings"},
    "quality_total": {"vi": "Tổng", "en": "Total"},
    "quality_source": {"vi": "Tệp nguồn", "en": "Source file"},
    "quality_level_error": {"vi": "Lỗi", "en": "Error"},
    "quality_level_warning": {"vi": "Cảnh báo", "en": "Warning"},
    "quality_about": {"vi": "Áp dụng cho", "en": "Applies to"},
    "quality_about_task": {"vi": "Nhiệm vụ", "en": "Task"},
    "quality_about_plan": {"vi": "Cả kế hoạch", "en": "The plan"},
    "quality_none": {
        "vi": "Khi đọc văn bản này không có ghi nhận nào.",
        "en": "Ingest recorded no finding for this document.",
    },
    "quality_banner": {
        "vi": "Văn bản này có {n} lỗi khi đọc: dữ liệu dưới đây có thể thiếu.",
        "en": "This document has {n} error-level findings: what is shown below may be incomplete.",
    },
    "quality_see_findings": {"vi": "Xem các ghi nhận", "en": "See its findings"},
    "quality_warnings_n": {
        "vi": "{n} cảnh báo khi đọc văn bản này",
        "en": "{n} warnings while reading this document",
    },
    "flag_date-conflict": {"vi": "Mâu thuẫn ngày", "en": "Date conflict"},
    "flag_number-typo": {"vi": "Số hiệu có lỗi", "en": "Number typo"},
    "flag_unknown-agency": {"vi": "Cơ quan chưa biết", "en": "Unknown agency"},
    "flag_fuzzy-agency": {"vi": "Tên cơ quan gần đúng", "en": "Fuzzy agency match"},
    "flag_ambiguous-date": {"vi": "Thời gian mơ hồ", "en": "Ambiguous time"},
    "flag_unparsed-row": {"vi": "Dòng không đọc được", "en": "Unparsed row"},
    "flag_missing-section": {"vi": "Thiếu tiêu đề mục", "en": "Missing section heading"},
    "flag_duplicate-code": {"vi": "Trùng số thứ tự", "en": "Duplicate code"},
    "flag_no-task-table": {"vi": "Không có bảng nhiệm vụ", "en": "No task table"},
    "flag_other": {"vi": "Khác", "en": "Other"},
    "flag_help_date-conflict": {
        "vi": "Cùng một văn bản được ghi với hai ngày khác nhau.",
        "en": "One document given two different dates.",
    },
    "flag_help_number-typo": {
        "vi": "Số hiệu văn bản có lỗi đã được sửa (ví dụ năm “218”).",
        "en": "A document number with a corrected mistake (e.g. year “218”).",
    },
    "flag_help_unknown-agency": {
        "vi": "Tên cơ quan không có trong bảng tên chuẩn; được giữ như cơ quan mới.",
        "en": "A name not in the alias table, kept as a new agency.",
    },
    "flag_help_fuzzy-agency": {
        "vi": "Tên cơ quan được khớp gần đúng (lỗi chính tả).",
        "en": "A name matched approximately (a typo).",
    },
    "flag_help_ambiguous-date": {
        "vi": "Thời gian không chuẩn hóa được.",
        "en": "A time frame that could not be normalised.",
    },
    "flag_help_unparsed-row": {
        "vi": "Một dòng bảng không đọc được, hoặc bảng bị cắt ngắn: có thể thiếu nhiệm vụ.",
        "en": "A table row that could not be read, or a table cut short: tasks may be missing.",
    },
    "flag_help_missing-section": {
        "vi": "Bảng thiếu một dòng tiêu đề mục; mục được suy ra.",
        "en": "A section heading is missing from the table and was inferred.",
    },
    "flag_help_duplicate-code": {
        "vi": "Hai dòng cùng số thứ tự trong một mục.",
        "en": "Two rows numbered alike in one section.",
    },
    "flag_help_no-task-table": {
        "vi": "Văn bản không có bảng nhiệm vụ đọc được: không có nhiệm vụ nào được ghi nhận.",
        "en": "The document has no task table that could be read: no task was recorded.",
    },
    "flag_help_other": {"vi": "Vấn đề khác.", "en": "Another problem."},
    "upload_preview_eyebrow": {"vi": "Xem trước — chưa lưu", "en": "Preview — not kept yet"},
    "upload_preview_title": {"vi": "Nội dung đọc được từ “{name}”", "en": "What was read from “{name}”"},
    "upload_preview_note": {
        "vi": "Chưa có gì được ghi vào kho. Chọn “Lưu vào kho” để nạp đúng tệp này, hoặc “Bỏ” để huỷ.",
        "en": "Nothing has been written to the store yet. Choose “Keep” to ingest exactly this file,"
        " or “Discard”.",
    },
    "upload_preview_errors": {
        "vi": "Có {n} lỗi khi đọc: một phần văn bản sẽ không có trong kho.",
        "en": "{n} error-level findings: part of the document would be missing from the store.",
    },
    "upload_keep": {"vi": "Lưu vào kho", "en": "Keep"},
    "upload_discard": {"vi": "Bỏ", "en": "Discard"},
    "upload_discarded": {
        "vi": "Đã bỏ “{name}”: không có gì được ghi vào kho.",
        "en": "Discarded “{name}”: nothing was written to the store.",
    },
    "upload_expired": {
        "vi": "Bản xem trước này không còn (đã lưu, đã bỏ hoặc quá 30 phút); hãy tải tệp lên lại.",
        "en": "This preview is no longer held (kept, discarded or older than 30 minutes); upload the file"
        " again.",
    },
    "upload_leads_heading": {"vi": "Cơ quan chủ trì", "en": "Lead agencies"},
    "upload_open_quality": {"vi": "Xem chất lượng dữ liệu", "en": "See its data quality"},
    # issue 17: networks (add this feature's strings below this line, vi and en)
    "net_title": {
        "vi": "Mạng lưới trách nhiệm: cơ quan chủ trì → cơ quan phối hợp",
        "en": "Responsibility network: lead → partner agencies",
    },
    "net_intro": {
        "vi": (
            "Mỗi nút là một cơ quan; mũi tên chạy từ cơ quan chủ trì đến cơ quan phối hợp,"
            " độ dày là số nhiệm vụ chung."
        ),
        "en": (
            "Each node is an agency; an arrow runs from the lead to the partner,"
            " its width the tasks they share."
        ),
    },
    "net_filters": {"vi": "Chọn mạng lưới", "en": "Choose the network"},
    "net_province": {"vi": "Tỉnh", "en": "Province"},
    "net_plan": {"vi": "Kế hoạch", "en": "Plan"},
    "net_from": {"vi": "Từ năm", "en": "From year"},
    "net_to": {"vi": "Đến năm", "en": "To year"},
    "net_kind": {"vi": "Loại cơ quan", "en": "Kind of agency"},
    "net_kind_single": {"vi": "Cơ quan đơn lẻ", "en": "Single agencies"},
    "net_kind_group": {"vi": "Nhóm cơ quan", "en": "Groups of agencies"},
    "net_role": {"vi": "Vai trò", "en": "Role"},
    "net_role_lead": {"vi": "Có chủ trì", "en": "Leads a task"},
    "net_role_partner": {"vi": "Có phối hợp", "en": "Partners on a task"},
    "net_area": {"vi": "Lĩnh vực cải cách", "en": "Reform area"},
    "net_min": {"vi": "Số nhiệm vụ chung tối thiểu", "en": "Minimum shared tasks"},
    "net_all": {"vi": "Tất cả", "en": "All"},
    "net_apply": {"vi": "Vẽ mạng lưới", "en": "Draw the network"},
    "net_reset": {"vi": "Bỏ chọn", "en": "Clear"},
    "net_counts": {"vi": "{nodes} cơ quan, {edges} liên kết", "en": "{nodes} agencies, {edges} links"},
    "net_default_min": {
        "vi": "Mạng lưới có hơn {most} cơ quan: chỉ vẽ các liên kết có từ {min} nhiệm vụ chung trở lên.",
        "en": (
            "The network has more than {most} agencies: only links of {min} shared tasks or more are drawn."
        ),
    },
    "net_download": {"vi": "Tải xuống", "en": "Download"},
    "net_download_csv": {"vi": "CSV (danh sách liên kết)", "en": "CSV (edge list)"},
    "net_analytics": {"vi": "Phân tích mạng lưới", "en": "Network analytics"},
    "net_analytics_note": {
        "vi": (
            "Bậc: số cơ quan liên kết; bậc có trọng số: số nhiệm vụ chung; trung gian: mức nằm trên"
            " đường nối các cơ quan khác; cầu nối: nối hai cộng đồng trở lên."
        ),
        "en": (
            "Degree: linked agencies; weighted degree: shared tasks; betweenness: how often it lies"
            " between others; bridge: links two or more communities."
        ),
    },
    "net_agency": {"vi": "Cơ quan", "en": "Agency"},
    "net_degree": {"vi": "Bậc", "en": "Degree"},
    "net_weighted_degree": {"vi": "Bậc có trọng số", "en": "Weighted degree"},
    "net_betweenness": {"vi": "Trung gian", "en": "Betweenness"},
    "net_community": {"vi": "Cộng đồng", "en": "Community"},
    "net_bridge": {"vi": "Cầu nối", "en": "Bridge"},
    "net_yes": {"vi": "có", "en": "yes"},
    "net_communities": {"vi": "{count} cộng đồng", "en": "{count} communities"},
    "net_frame": {"vi": "Sơ đồ mạng lưới trách nhiệm", "en": "Responsibility network diagram"},
    "net_of_plan": {
        "vi": "Mạng lưới chủ trì → phối hợp của kế hoạch, có phân tích và tải xuống",
        "en": "The plan's lead → partner network, with analytics and downloads",
    },
    # issue 17: charts (add this feature's strings below this line, vi and en)
    "nav_charts": {"vi": "Biểu đồ", "en": "Charts"},
    "charts_title": {"vi": "Biểu đồ", "en": "Charts"},
    "charts_intro": {
        "vi": "Nhiệm vụ theo lĩnh vực cải cách, năm và tỉnh; cơ quan chủ trì nhiều nhất; nhiệm vụ đến hạn"
        " theo tháng. Chọn một tỉnh hoặc một kế hoạch; bảng số liệu và tệp CSV/JSON ở dưới mỗi biểu đồ.",
        "en": "Tasks by reform area, year and province; the busiest lead agencies; tasks falling due by"
        " month. Pick a province or a plan; each chart has its table and its data as CSV/JSON below it.",
    },
    "charts_plan": {"vi": "Kế hoạch", "en": "Plan"},
    "charts_open_plan": {"vi": "Mở trang kế hoạch", "en": "Open the plan's page"},
    "charts_more": {"vi": "Tất cả biểu đồ", "en": "All charts"},
    "charts_heading": {"vi": "Biểu đồ", "en": "Charts"},
    "chart_tasks_by_area": {"vi": "Nhiệm vụ theo lĩnh vực cải cách", "en": "Tasks by reform area"},
    "chart_tasks_by_year": {"vi": "Nhiệm vụ theo năm của kế hoạch", "en": "Tasks by the plan's year"},
    "chart_tasks_by_province": {"vi": "Nhiệm vụ theo tỉnh", "en": "Tasks by province"},
    "chart_lead_load": {"vi": "Cơ quan chủ trì nhiều nhiệm vụ nhất", "en": "Lead load per agency (top)"},
    "chart_due_timeline": {"vi": "Nhiệm vụ đến hạn theo thời gian", "en": "Tasks falling due over time"},
    "chart_due_note": {
        "vi": "Mỗi nhiệm vụ được tính vào tháng kết thúc thời hạn của nó; nhiệm vụ thường xuyên, định kỳ tính"
        " vào tháng kết thúc khoảng thời gian; nhiệm vụ không có ngày không được tính.",
        "en": "Each task counts in the month its time frame ends; continuous and recurring tasks in the month"
        " their span ends; tasks without dates are not counted.",
    },
    "chart_top_provinces": {
        "vi": "10 tỉnh có nhiều nhiệm vụ nhất; tất cả các tỉnh ở trang Biểu đồ.",
        "en": "The 10 provinces with the most tasks; every province on the Charts page.",
    },
    "chart_save_png": {"vi": "Lưu ảnh PNG", "en": "Save as PNG"},
    "chart_by_month": {"vi": "Theo tháng", "en": "By month"},
    "chart_by_quarter": {"vi": "Theo quý", "en": "By quarter"},
    "chart_unknown": {"vi": "Không rõ", "en": "Unknown"},
    "chart_none_province": {"vi": "Trung ương (không thuộc tỉnh)", "en": "National (no province)"},
    "chart_needs_js": {
        "vi": "Biểu đồ cần JavaScript; số liệu ở bảng dưới đây.",
        "en": "The chart needs JavaScript; its numbers are in the table below.",
    },
    "chart_empty": {"vi": "Không có số liệu.", "en": "No data."},
    "chart_table": {"vi": "Bảng số liệu", "en": "Data table"},
    "chart_data": {"vi": "Số liệu từ truy vấn", "en": "Data from the query"},
    "chart_category_area": {"vi": "Lĩnh vực", "en": "Reform area"},
    "chart_category_year": {"vi": "Năm", "en": "Year"},
    "chart_category_province": {"vi": "Tỉnh", "en": "Province"},
    "chart_category_agency": {"vi": "Cơ quan", "en": "Agency"},
    "chart_category_month": {"vi": "Tháng", "en": "Month"},
    "chart_category_quarter": {"vi": "Quý", "en": "Quarter"},
    "chart_kind_deadline": {"vi": "Hạn chót", "en": "Deadline"},
    "chart_kind_interval": {"vi": "Khoảng thời gian", "en": "Interval"},
    "chart_kind_milestones": {"vi": "Nhiều mốc", "en": "Milestones"},
    "chart_kind_recurring": {"vi": "Định kỳ", "en": "Recurring"},
    "chart_kind_continuous": {"vi": "Thường xuyên", "en": "Continuous"},
    "chart_kind_other": {"vi": "Khác", "en": "Other"},
    # issue 18: lineage-queries (add this feature's strings below this line, vi and en)
    "param_type_boolean": {"vi": "có/không (1 hoặc 0)", "en": "yes/no (1 or 0)"},
    # issue 18: lineage-pages (add this feature's strings below this line, vi and en)
    "lineage_heading": {"vi": "Qua đợt sắp xếp năm 2025", "en": "Across the 2025 reorganisation"},
    "now_part_of": {"vi": "Nay thuộc", "en": "Now part of"},
    "formed_from": {"vi": "Hình thành từ", "en": "Formed from"},
    "lineage_kind_merger": {"vi": "hợp nhất toàn bộ", "en": "merged whole"},
    "lineage_kind_split": {"vi": "chuyển một phần nhiệm vụ", "en": "a share of its duties"},
    "lineage_duty": {"vi": "lĩnh vực", "en": "duties"},
    "lineage_effective": {"vi": "có hiệu lực từ", "en": "in effect from"},
    "lineage_source": {"vi": "căn cứ", "en": "source"},
    "lineage_via": {"vi": "qua", "en": "via"},
    "province_eyebrow": {"vi": "Tỉnh, thành phố", "en": "Province"},
    "province_plans": {"vi": "Kế hoạch của tỉnh", "en": "The province's plans"},
    "province_no_plans": {
        "vi": "Kho chưa có kế hoạch nào của tỉnh này.",
        "en": "The store holds no plan of this province.",
    },
    "province_network": {"vi": "Mạng lưới phối hợp của tỉnh", "en": "The province's responsibility network"},
    "stat_plans_formed_from": {"vi": "kế hoạch, hình thành từ {name}", "en": "plans, formed from {name}"},
    "formed_from_plans": {
        "vi": "Hình thành từ {name}: kế hoạch của {name}",
        "en": "Formed from {name}: the plans of {name}",
    },
    "province_not_found": {
        "vi": "Không có tỉnh “{id}” trong kho.",
        "en": "There is no province “{id}” in the store.",
    },
    "error_UnknownProvince": {
        "vi": "Không có tỉnh này trong kho.",
        "en": "There is no such province in the store.",
    },
    # issue 17: language (add this feature's strings below this line, vi and en)
    # error pages: a domain error's message by its code ("error_" + the class name, the JSON body's "error")
    "error_CchcError": {"vi": "Không thực hiện được yêu cầu.", "en": "The request could not be carried out."},
    "error_NotFound": {
        "vi": "Kho không có nội dung mang định danh này.",
        "en": "The store holds nothing with this identifier.",
    },
    "error_UnknownPlan": {
        "vi": "Không có kế hoạch này trong kho.",
        "en": "There is no such plan in the store.",
    },
    "error_UnknownAgency": {
        "vi": "Không có cơ quan này trong kho.",
        "en": "There is no such agency in the store.",
    },
    "error_UnknownDocument": {
        "vi": "Không có văn bản này trong kho.",
        "en": "There is no such document in the store.",
    },
    "error_UnknownResource": {
        "vi": "Kho không có dữ liệu nào về IRI này.",
        "en": "The store holds nothing about this IRI.",
    },
    "error_UnknownQuery": {
        "vi": "Không có truy vấn mẫu mang tên này.",
        "en": "There is no named query of this name.",
    },
    "error_MissingParameter": {
        "vi": "Thiếu một tham số bắt buộc của truy vấn.",
        "en": "A required parameter of the query is missing.",
    },
    "error_BadParameter": {"vi": "Giá trị tham số không hợp lệ.", "en": "A parameter value is not valid."},
    "error_QuerySyntaxError": {
        "vi": "Truy vấn SPARQL sai cú pháp.",
        "en": "The SPARQL query does not parse.",
    },
    "error_ReasonerUnavailable": {
        "vi": "Không chạy được bộ suy luận HermiT: máy chưa có Java.",
        "en": "The HermiT reasoner cannot run: this machine has no Java.",
    },
    "error_UnknownPrefix": {
        "vi": "Truy vấn dùng một tiền tố chưa được khai báo.",
        "en": "The query uses a prefix it does not declare.",
    },
    "error_ReadOnlyEndpoint": {  # the editor's words (editor_read_only), on the error pages too
        "vi": "Điểm truy vấn này chỉ đọc: không nhận lệnh cập nhật SPARQL (INSERT, DELETE, …).",
        "en": "This endpoint is read-only: it takes no SPARQL Update (INSERT, DELETE, …).",
    },
    "error_QueryEvaluationError": {
        "vi": "Không thực hiện được truy vấn SPARQL này.",
        "en": "The SPARQL query could not be evaluated.",
    },
    "error_StoreError": {
        "vi": "Kho dữ liệu tạm thời không trả lời được; hãy thử lại sau.",
        "en": "The store cannot answer now; try again later.",
    },
    "error_QueryTimeout": {
        "vi": "Truy vấn không xong trong thời gian cho phép ({seconds} giây) nên đã bị dừng."
        " Hãy thử lại sau, hoặc thu hẹp truy vấn (thêm điều kiện lọc, LIMIT).",
        "en": "The query did not finish within the time limit ({seconds} s) and was stopped."
        " Try again later, or narrow the query (more filters, a LIMIT).",
    },
    "error_PayloadTooLarge": {
        "vi": "Nội dung gửi lên quá lớn: tối đa {limit} byte.",
        "en": "The request body is too large: at most {limit} bytes.",
    },
    "error_UnknownFormat": {"vi": "Không hỗ trợ định dạng này.", "en": "This format is not offered."},
    "error_NoSuchDownload": {"vi": "Không có bản tải về này.", "en": "This download is not offered."},
    "error_UnknownColumn": {"vi": "Kết quả không có cột này.", "en": "The result has no such column."},
    "error_ProtocolError": {"vi": "Yêu cầu SPARQL không hợp lệ.", "en": "The SPARQL request is not valid."},
    "error_NotAcceptable": {
        "vi": "Không có định dạng kết quả nào khớp với yêu cầu (Accept).",
        "en": "No result format matches the request (Accept).",
    },
    "error_UnsupportedMediaType": {
        "vi": "Không hỗ trợ kiểu nội dung gửi lên này.",
        "en": "This media type is not supported.",
    },
    "error_WriteRefused": {
        "vi": "Máy chủ này không cho ghi dữ liệu (chỉ đọc), hoặc thiếu mã cập nhật hợp lệ.",
        "en": "This server does not accept writes (read-only), or the update token is missing or wrong.",
    },
    "error_OutboundRefused": {
        "vi": "Máy chủ này không cho phép truy vấn liên kết (SERVICE)"
        " hay nạp (LOAD) dữ liệu từ máy chủ khác.",
        "en": "Federated queries (SERVICE) and loading (LOAD) from other servers are not allowed here.",
    },
    "error_FederatedEndpointError": {
        "vi": "Điểm truy vấn SPARQL bên ngoài trả lời lỗi.",
        "en": "The federated SPARQL endpoint answered with an error.",
    },
    "error_RemoteStoreError": {
        "vi": "Kho SPARQL từ xa trả lời lỗi.",
        "en": "The remote SPARQL store answered with an error.",
    },
    "error_IngestError": {"vi": "Không đọc được văn bản.", "en": "The document could not be read."},
    "error_IngestRejected": {
        "vi": "Không đọc được văn bản tải lên.",
        "en": "The uploaded document could not be read.",
    },
    "error_ExportError": {
        "vi": "Không xuất được mạng lưới theo định dạng này.",
        "en": "The network could not be exported in this format.",
    },
    "error_SettingsError": {
        "vi": "Thiết lập của máy chủ không hợp lệ.",
        "en": "A server setting is not valid.",
    },
    # the editor: the types of a named query's parameters (queries.library.PARAM_TYPES)
    "param_type_string": {"vi": "chuỗi ký tự", "en": "text"},
    "param_type_place": {"vi": "tỉnh", "en": "province"},
    "param_type_document": {"vi": "số hiệu văn bản", "en": "document number"},
    "param_type_date": {"vi": "ngày", "en": "date"},
    # a page one of whose queries was cut at the server's row cap (CCHC_KG_MAX_ROWS)
    "rows_cut": {
        "vi": "Một phần kết quả trên trang này đã bị cắt ở {limit} dòng (giới hạn số dòng của máy chủ):"
        " số liệu có thể chưa đầy đủ.",
        "en": "Some results on this page were cut at {limit} rows (the server's row limit):"
        " figures may be incomplete.",
    },
    "error_detail": {"vi": "Chi tiết kỹ thuật (nguyên văn)", "en": "Technical detail"},
    # error pages: HTTP errors without a domain error (no route, wrong method, invalid parameters)
    "http_404": {"vi": "Không có trang nào ở địa chỉ này.", "en": "There is no page at this address."},
    "http_405": {
        "vi": "Địa chỉ này không nhận phương thức {method}.",
        "en": "This address does not take {method} requests.",
    },
    "http_error": {"vi": "Lỗi HTTP {status}.", "en": "HTTP error {status}."},
    "invalid_parameters": {
        "vi": "Thiếu tham số hoặc tham số không hợp lệ: {fields}.",
        "en": "Missing or invalid parameters: {fields}.",
    },
}


def translate(key: str, lang: str) -> str:
    """The string ``key`` in ``lang`` (the key itself when unknown: a missing string shows, never crashes)."""
    entry = STRINGS.get(key)
    if entry is None:
        return key
    return entry.get(lang) or entry[DEFAULT_LANGUAGE]


def translator(lang: str) -> Callable[..., str]:
    """``t(key, **values)``: the string in ``lang`` with ``{name}`` placeholders filled."""

    def t(key: str, **values: object) -> str:
        text = translate(key, lang)
        return text.format(**values) if values else text

    return t


def accepted_language(header: str | None) -> str | None:
    """The best-ranked of :data:`LANGUAGES` in an ``Accept-Language`` header ("en-US,en;q=0.9,vi;q=0.8" ->
    "en"; ties go to the first listed; ``q=0`` refuses), or None when it names neither (``*`` and other
    languages do not count)."""
    best: tuple[float, int, str] | None = None
    for position, part in enumerate((header or "").split(",")):
        tag, _, params = part.strip().partition(";")
        primary = tag.strip().lower().split("-")[0]
        if primary not in LANGUAGES:
            continue
        quality = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if quality <= 0:
            continue
        if best is None or (-quality, position) < (-best[0], best[1]):
            best = (quality, position, primary)
    return best[2] if best else None


def request_language(
    query: Mapping[str, str], cookies: Mapping[str, str], accept_language: str | None = None
) -> str:
    """``?lang=`` first, then the ``lang`` cookie, then ``Accept-Language``, then Vietnamese."""
    for candidate in (query.get("lang"), cookies.get(COOKIE), accepted_language(accept_language)):
        if candidate in LANGUAGES:
            return candidate
    return DEFAULT_LANGUAGE


def language_of(request: Request) -> str:
    """The language of this request."""
    return request_language(request.query_params, request.cookies, request.headers.get("accept-language"))


def trace_path(path: str, lang: str) -> str:
    """The ``path`` column of ``trace`` ("based on 23/CT-TTg → based on 76/NQ-CP") in ``lang``."""
    text = str(path or "")
    for phrase in ("via the national programme", "through a longer chain", "based on"):
        text = text.replace(phrase, translate(f"path_{phrase}", lang))
    return text


def area_label(area: str, lang: str) -> str:
    """A reform area's local name ("communication") as a label."""
    return translate(f"area_{area or 'none'}", lang) if f"area_{area or 'none'}" in STRINGS else area


def error_message(error: BaseException | str, lang: str, **values: object) -> str:
    """A domain error's message in ``lang``, by its code: the string ``error_<class name>`` of the error's
    class or its nearest ancestor that has one (``WorkerDied`` -> ``error_StoreError``), else
    ``error_CchcError``; ``error`` may also be the code itself ("QueryTimeout"). ``values`` fill the
    placeholders (``{seconds}``, ``{limit}``)."""
    codes = [error] if isinstance(error, str) else [cls.__name__ for cls in type(error).__mro__]
    key = next((f"error_{code}" for code in codes if f"error_{code}" in STRINGS), "error_CchcError")
    text = translate(key, lang)
    try:
        return text.format(**values)
    except (KeyError, IndexError):  # a placeholder without its value: the message without the value
        return translate("error_CchcError", lang) if "{" in text else text
