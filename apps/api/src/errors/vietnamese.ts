/**
 * The API's error texts in Vietnamese, for a request that prefers it (`Accept-Language: vi`, which
 * the console always sends). The English texts stay the source: every problem is written once,
 * where it is found, and this table says each shape of them again in Vietnamese, so a rule here
 * can never change what the API checks. A text no rule knows is answered as it is written (several
 * newer ones are written in Vietnamese already).
 *
 * Rules are tried in order and match a whole text; the more specific ones come first.
 */

/** A rule: the English shape, and its Vietnamese (with `$1`… for the captured parts). */
type Rule = readonly [RegExp, string | ((...groups: string[]) => string)];

/** "one of: a, b or c" lists keep their values (they are codes), but not their English "or". */
const list = (values: string): string => values.replace(/ or /g, ' hoặc ').replace(/ and /g, ' và ');

/** Field problems: what follows the field's name ("dueAt: …"). */
const PROBLEM_RULES: readonly Rule[] = [
  // Presence
  [/^is required$/, 'bắt buộc phải có'],
  [/^is required and must not be null$/, 'bắt buộc phải có và không được là null'],
  [/^is required to extend$/, 'bắt buộc phải có khi gia hạn'],
  [/^is required to reassign$/, 'bắt buộc phải có khi giao lại cho đơn vị khác'],
  [/^is only used to reassign$/, 'chỉ dùng khi giao lại cho đơn vị khác'],
  [/^is required \(or give dueAt for every unit\)$/, 'bắt buộc phải có (hoặc ghi dueAt cho từng đơn vị)'],
  [
    /^is required \(YYYY-MM-DD\): the date line was blank or unreadable$/,
    'bắt buộc phải có (YYYY-MM-DD): dòng ngày tháng bị trống hoặc không đọc được',
  ],
  [
    /^is required: a date written YYYY-MM-DD, such as (\S+)$/,
    'bắt buộc phải có: một ngày viết theo dạng YYYY-MM-DD, ví dụ $1',
  ],
  [
    /^is required: the number and symbol as printed, e\.g\. (\S+)$/,
    'bắt buộc phải có: số và ký hiệu như in trên văn bản, ví dụ $1',
  ],
  [/^is required: the last day a period may be due$/, 'bắt buộc phải có: ngày cuối cùng một kỳ có thể đến hạn'],
  [/^is missing$/, 'bị thiếu'],
  [/^is missing or empty$/, 'bị thiếu hoặc để trống'],
  [/^is missing; it must list the person’s roles$/, 'bị thiếu; phải liệt kê các vai trò của người đó'],
  [/^must not be blank$/, 'không được để trống'],
  [
    /^cannot be empty: leave it out to keep the current value$/,
    'không được để trống: bỏ trường này đi để giữ giá trị hiện tại',
  ],
  [/^must not be empty$/, 'không được để trống'],
  [
    /^must not be empty: leave the parameter out to not filter by it$/,
    'không được để trống: bỏ tham số này đi nếu không muốn lọc theo nó',
  ],
  [/^give exactly one of dueAt and dueIn$/, 'hãy ghi đúng một trong hai: dueAt hoặc dueIn'],
  [/^must give exactly one of (.+)$/, (_all, what = '') => `phải ghi đúng một trong: ${list(what)}`],
  // Kinds of value
  [/^must be a whole number$/, 'phải là một số nguyên'],
  [/^must be a whole number, 1 or more$/, 'phải là một số nguyên, từ 1 trở lên'],
  [/^must be a whole number, zero or more$/, 'phải là một số nguyên, từ 0 trở lên'],
  [/^must be a whole number of days, zero or more$/, 'phải là một số nguyên ngày, từ 0 trở lên'],
  [/^must be a whole number of working days, 1 or more$/, 'phải là một số nguyên ngày làm việc, từ 1 trở lên'],
  [/^must be a whole number from (-?\d+) to (-?\d+)$/, 'phải là một số nguyên từ $1 đến $2'],
  [
    /^must be a whole number from (-?\d+) to (-?\d+) \(got (.*)\)$/,
    'phải là một số nguyên từ $1 đến $2 (nhận được $3)',
  ],
  [/^must be a number$/, 'phải là một số'],
  [/^must be a positive number of milliseconds$/, 'phải là một số mili giây lớn hơn 0'],
  [/^must be a boolean$/, 'phải là true hoặc false'],
  [/^must be true or false$/, 'phải là true hoặc false'],
  [/^must be a string$/, 'phải là một chuỗi ký tự'],
  [/^must be a text$/, 'phải là một chuỗi ký tự'],
  [/^must be a text or null$/, 'phải là một chuỗi ký tự hoặc null'],
  [/^must be a non-empty text$/, 'phải là một chuỗi ký tự không rỗng'],
  [/^must be an object$/, 'phải là một đối tượng'],
  [/^must be an object with (.+)$/, (_all, what = '') => `phải là một đối tượng có ${list(what)}`],
  [/^must be \{ date, name \}$/, 'phải có dạng { date, name }'],
  [/^must be a list$/, 'phải là một danh sách'],
  [/^must be a list of \{ date, name \}$/, 'phải là một danh sách các mục { date, name }'],
  [/^must be a list of contacts$/, 'phải là một danh sách người nhận thông báo'],
  [/^must be a list of names$/, 'phải là một danh sách tên'],
  [/^must be a list of texts$/, 'phải là một danh sách chuỗi ký tự'],
  [/^must be a list of unit ids$/, 'phải là một danh sách mã đơn vị'],
  [/^must be a list of unit names$/, 'phải là một danh sách tên đơn vị'],
  [/^must be a non-empty list of units$/, 'phải là một danh sách đơn vị, không rỗng'],
  [/^must be a non-empty list of: (.+)$/, 'phải là một danh sách không rỗng gồm: $1'],
  [/^must be a list of durations such as (.+)$/, 'phải là một danh sách khoảng thời gian, ví dụ $1'],
  [/^must be a UUID$/, 'phải là một UUID'],
  [/^must be a UUID: the id of a directive$/, 'phải là một UUID: mã của một văn bản chỉ đạo'],
  [/^must be the id of a (.+)$/, (_all, what = '') => `phải là mã (UUID) của một ${noun(what)}`],
  [/^must be a unit id or null$/, 'phải là một mã đơn vị hoặc null'],
  [/^must be a unit id such as (\S+)$/, 'phải là một mã đơn vị, ví dụ $1'],
  [
    /^must be a person id without spaces, at most (\d+) characters$/,
    'phải là mã người dùng không có khoảng trắng, tối đa $1 ký tự',
  ],
  [
    /^must be lower-case letters, digits, \. _ - separated by \/$/,
    'chỉ gồm chữ thường, chữ số, dấu . _ - và dấu / ngăn cách',
  ],
  [/^must be printable ASCII characters \(space to ~\)$/, 'chỉ gồm ký tự ASCII in được (từ dấu cách đến ~)'],
  [/^must be an e-mail address such as (\S+)$/, 'phải là một địa chỉ e-mail, ví dụ $1'],
  [/^must be lead, coordinate or null$/, 'phải là lead, coordinate hoặc null'],
  [/^must be one of:? (.+)$/, (_all, values = '') => `phải là một trong: ${list(values)}`],
  [/^each must be one of: (.+)$/, (_all, values = '') => `mỗi mục phải là một trong: ${list(values)}`],
  [/^must be "(.+)" or "(.+)"$/, 'phải là "$1" hoặc "$2"'],
  [/^must be "([^"]+)"$/, 'phải là "$1"'],
  [/^must be (\d+) \((UTC[^)]+)\)$/, 'phải là $1 ($2)'],
  [
    /^must be \["all"\] alone, or topics without "all"$/,
    'phải là ["all"] đứng một mình, hoặc các loại thông báo không kèm "all"',
  ],
  [/^must be an event of the catalogue: (.+)$/, 'phải là một loại sự kiện trong danh mục: $1'],
  [/^must name at least one of: (.+)$/, 'phải nêu ít nhất một trong: $1'],
  // Dates, times and durations
  [/^must be a date \(YYYY-MM-DD\)$/, 'phải là một ngày (YYYY-MM-DD)'],
  [/^must be a date written YYYY-MM-DD, such as (\S+)$/, 'phải là một ngày viết theo dạng YYYY-MM-DD, ví dụ $1'],
  [
    /^must be a real date written YYYY-MM-DD, such as (\S+) \(got (.*)\)$/,
    'phải là một ngày có thật viết theo dạng YYYY-MM-DD, ví dụ $1 (nhận được $2)',
  ],
  [/^is not a real date$/, 'không phải là một ngày có thật'],
  [/^is not a real date-time$/, 'không phải là một thời điểm có thật'],
  [/^must be an ISO-8601 date-time$/, 'phải là một thời điểm theo ISO-8601'],
  [
    /^must be an ISO-8601 date-time with an offset, e\.g\. (\S+), or a date YYYY-MM-DD$/,
    'phải là một thời điểm theo ISO-8601 có ghi múi giờ, ví dụ $1, hoặc một ngày YYYY-MM-DD',
  ],
  [
    /^must be an ISO-8601 date-time with an offset, or a date \(YYYY-MM-DD\)$/,
    'phải là một thời điểm theo ISO-8601 có ghi múi giờ, hoặc một ngày (YYYY-MM-DD)',
  ],
  [/^must be an instant$/, 'phải là một thời điểm'],
  [/^must be an ISO-8601 instant, such as (\S+)$/, 'phải là một thời điểm theo ISO-8601, ví dụ $1'],
  [/^must be an instant in epoch milliseconds$/, 'phải là một thời điểm tính bằng mili giây kể từ epoch'],
  [
    /^must be an ISO-8601 duration such as (\S+), or \{ "workingDays": N \}$/,
    'phải là một khoảng thời gian theo ISO-8601, ví dụ $1, hoặc { "workingDays": N }',
  ],
  [
    /^must be an ISO-8601 duration longer than zero, such as (.+)$/,
    (_all, example = '') => `phải là một khoảng thời gian theo ISO-8601 lớn hơn 0, ví dụ ${list(example)}`,
  ],
  [
    /^must be an ISO-8601 duration such as (.+)$/,
    (_all, example = '') => `phải là một khoảng thời gian theo ISO-8601, ví dụ ${list(example)}`,
  ],
  [
    /^must count whole years, months, weeks or days, such as (.+)$/,
    (_all, example = '') => `phải tính bằng số nguyên năm, tháng, tuần hoặc ngày, ví dụ ${list(example)}`,
  ],
  [/^must be longer than zero$/, 'phải lớn hơn 0'],
  [/^must be longer than zero, such as (\S+)$/, 'phải lớn hơn 0, ví dụ $1'],
  [
    /^must be at least (.+) \(the shortest interval between notices\)$/,
    'phải ít nhất là $1 (khoảng cách ngắn nhất giữa hai thông báo)',
  ],
  [/^must list at most (\d+) durations$/, 'chỉ được liệt kê tối đa $1 khoảng thời gian'],
  [/^is in the past \((.+)\)$/, 'đã ở trong quá khứ ($1)'],
  [/^is after to \((.+)\)$/, 'ở sau mốc to ($1)'],
  [/^is not in (\d+)$/, 'không thuộc năm $1'],
  [/^must be a year from (\d+) to (\d+)$/, 'phải là một năm từ $1 đến $2'],
  [/^must be a lunar day from 1 to 30$/, 'phải là một ngày âm lịch từ 1 đến 30'],
  [/^must be a lunar month from 1 to 12$/, 'phải là một tháng âm lịch từ 1 đến 12'],
  [/^is also listed as a holiday$/, 'cũng được liệt kê là ngày nghỉ lễ'],
  [/^is not a Saturday or Sunday$/, 'không phải là thứ Bảy hay Chủ nhật'],
  [/^has more than (\d+) days off in a row near (\S+)$/, 'có hơn $1 ngày nghỉ liên tiếp quanh ngày $2'],
  [/^must not be before the first deadline \((.+)\)$/, 'không được trước hạn đầu tiên ($1)'],
  [
    /^must be at most (\d+) years ahead \(no later than (.+)\)$/,
    'chỉ được tối đa $1 năm kể từ bây giờ (không muộn hơn $2)',
  ],
  [
    /^must not be in the future \(at most (\d+) minutes ahead of the server's clock, (.+)\)$/,
    'không được ở tương lai (chỉ được sớm hơn đồng hồ của máy chủ tối đa $1 phút, $2)',
  ],
  [
    /^makes a period longer than (\d+) years \((.+) to (.+)\); ask for at most \d+ years at a time$/,
    'tạo thành một khoảng dài hơn $1 năm ($2 đến $3); mỗi lần chỉ hỏi tối đa $1 năm',
  ],
  [
    /^counts working days, but the task has no calendar$/,
    'tính theo ngày làm việc nhưng nhiệm vụ không có lịch làm việc',
  ],
  [/^needs a valid issuedAt to count from$/, 'cần một issuedAt hợp lệ để tính hạn từ đó'],
  // Sizes and text
  [/^is too long$/, 'quá dài'],
  [/^is longer than (\d+) characters$/, 'dài hơn $1 ký tự'],
  [/^must be at most (\d+) characters$/, 'tối đa $1 ký tự'],
  [/^must be at most (\d+) characters \(got (\d+)\)$/, 'tối đa $1 ký tự (nhận được $2)'],
  [/^must be shorter than or equal to (\d+) characters$/, 'tối đa $1 ký tự'],
  [/^must be longer than or equal to (\d+) characters$/, 'ít nhất $1 ký tự'],
  [/^must not be greater than (-?[\d.]+)$/, 'không được lớn hơn $1'],
  [/^must not be less than (-?[\d.]+)$/, 'không được nhỏ hơn $1'],
  [/^must contain at most (\d+) units$/, 'chỉ được chứa tối đa $1 đơn vị'],
  [/^must contain at least (\d+) elements$/, 'phải có ít nhất $1 mục'],
  [/^must contain no more than (\d+) elements$/, 'chỉ được có tối đa $1 mục'],
  [/^nests objects or arrays deeper than (\d+) levels$/, 'lồng đối tượng hoặc danh sách sâu quá $1 cấp'],
  [
    /^is not valid UTF-8: send the request body encoded in UTF-8$/,
    'không phải UTF-8 hợp lệ: hãy gửi nội dung yêu cầu mã hóa UTF-8',
  ],
  [
    /^must not contain control characters( \(only tab and line breaks are allowed\)| \(no tab or line break here\))?: found (\S+) at position (\d+)$/,
    (_all, allowed = '', code = '', at = '') =>
      `không được chứa ký tự điều khiển${
        allowed.includes('only tab')
          ? ' (chỉ cho phép dấu tab và xuống dòng)'
          : allowed
            ? ' (ở đây không được có tab hay xuống dòng)'
            : ''
      }: có ${code} ở vị trí ${at}`,
  ],
  [
    /^must be well-formed Unicode: found an unpaired surrogate (\S+) at position (\d+)$/,
    'phải là Unicode hợp lệ: có một ký tự thay thế (surrogate) đứng lẻ $1 ở vị trí $2',
  ],
  [/^is not a usable field name: it (.+)$/, (_all, why = '') => `không dùng được làm tên trường: ${problem(why)}`],
  // The request's shape
  [/^is not a known field$/, 'không phải là một trường được nhận'],
  [/^is not a known setting$/, 'không phải là một thiết lập được biết'],
  [
    /^is not a query parameter of this endpoint \(it takes none\)$/,
    'không phải là tham số truy vấn của địa chỉ này (địa chỉ này không nhận tham số nào)',
  ],
  [
    /^is not a query parameter of this endpoint \(it takes (.+)\)$/,
    'không phải là tham số truy vấn của địa chỉ này (các tham số được nhận: $1)',
  ],
  [/^must be sent once$/, 'chỉ được gửi một lần'],
  [
    /^must be sent once \(several values are separated by commas\)$/,
    'chỉ được gửi một lần (nhiều giá trị thì ngăn cách bằng dấu phẩy)',
  ],
  [/^is not a cursor this API gave out$/, 'không phải là con trỏ phân trang do API này cấp'],
  [/^is not valid$/, 'không hợp lệ'],
  [/^is undefined$/, 'chưa được xác định'],
  [/^is refused: (.+)$/, 'bị từ chối: $1'],
  // Units, directives, tasks
  [/^names unit (\S+), which does not exist$/, 'nêu đơn vị $1, đơn vị này không tồn tại'],
  [/^names unit (\S+) a second time$/, 'nêu đơn vị $1 lần thứ hai'],
  [/^names unit (\S+) again \(already in (.+)\)$/, 'nêu lại đơn vị $1 (đã có ở $2)'],
  [
    /^names unit (\S+), which is already on the chain above \((.+)\): it would assign work back up the cascade$/,
    'nêu đơn vị $1, đơn vị đã ở trên chuỗi giao việc ($2): như vậy là giao việc ngược lên cấp trên',
  ],
  [/^names directive (\S+), which does not exist$/, 'nêu văn bản chỉ đạo $1, văn bản này không tồn tại'],
  [/^names no Dondoc role \((.+)\)$/, 'không nêu vai trò nào của Dondoc ($1)'],
  [/^names a topic twice$/, 'nêu một loại thông báo hai lần'],
  [/^names (\S+) a second time$/, 'nêu $1 lần thứ hai'],
  [/^no unit has the id (\S+)$/, 'không có đơn vị nào mang mã $1'],
  [/^must name at least one recipient unit$/, 'phải nêu ít nhất một đơn vị nhận'],
  [
    /^name no unit: the directive needs at least one recipient$/,
    'không nêu đơn vị nào: văn bản chỉ đạo cần ít nhất một đơn vị nhận',
  ],
  [/^cannot be the unit itself$/, 'không thể là chính đơn vị đó'],
  [/^counts levels below unitId: name unitId too$/, 'đếm số cấp dưới unitId: hãy ghi cả unitId'],
  [/^makes a loop in the tree through (\S+)$/, 'tạo thành vòng lặp trong cây đơn vị qua $1'],
  [/^unit (\S+) has no task in this directive$/, 'đơn vị $1 không có nhiệm vụ trong văn bản chỉ đạo này'],
  [/^unit (\S+) already has a task in this directive$/, 'đơn vị $1 đã có nhiệm vụ trong văn bản chỉ đạo này'],
  [
    /^unit (\S+) has no periodic report in directive (\S+)$/,
    'đơn vị $1 không có báo cáo định kỳ trong văn bản chỉ đạo $2',
  ],
  [
    /^its task in directive (\S+) is on the path up$/,
    'nhiệm vụ của nó trong văn bản chỉ đạo $1 nằm trên chuỗi giao việc phía trên',
  ],
  [
    /^must be your own unit \((\S+)\): a clerk issues directives only for their unit$/,
    'phải là đơn vị của bạn ($1): văn thư chỉ ban hành văn bản chỉ đạo cho đơn vị mình',
  ],
  [
    /^"(.+)" is not matched to a unit: set its unitId in draft\.matches, or remove it$/,
    '"$1" chưa được khớp với đơn vị nào: hãy chọn unitId cho nó trong draft.matches, hoặc bỏ nó đi',
  ],
  // Imports (CSV)
  [/^must be a header row: (.+)$/, 'phải là dòng tiêu đề: $1'],
  [/^must contain at least one unit after the header$/, 'phải có ít nhất một đơn vị sau dòng tiêu đề'],
  [/^is a column named twice$/, 'là một cột được nêu hai lần'],
  [/^is a required column that is missing$/, 'là cột bắt buộc nhưng bị thiếu'],
  [/^is not a known column \(known: (.+)\)$/, 'không phải là cột được biết (các cột: $1)'],
  [/^has (\d+) fields where the header has (\d+)$/, 'có $1 trường trong khi dòng tiêu đề có $2'],
  [/^has a quote in field (\d+) that is never closed$/, 'có dấu ngoặc kép ở trường $1 không được đóng lại'],
  [
    /^has a quote inside unquoted field (\d+); quote the whole field and double the quote$/,
    'có dấu ngoặc kép bên trong trường $1 không đặt trong ngoặc kép; hãy đặt cả trường trong ngoặc kép và viết dấu ngoặc kép hai lần',
  ],
  [/^has text after a closing quote in field (\d+)$/, 'có chữ sau dấu ngoặc kép đóng ở trường $1'],
  [
    /^line (\d+) must read "name <address> topic\|topic mode", e\.g\. (.+)$/,
    'dòng $1 phải có dạng "tên <địa chỉ> loại|loại cách-gửi", ví dụ $2',
  ],
  [/^line (\d+): (\S+) (.+)$/, (_all, line = '', field = '', what = '') => `dòng ${line}: ${field} ${problem(what)}`],
  // Webhooks and contacts
  [/^only https:\/\/ URLs are accepted$/, 'chỉ nhận địa chỉ https://'],
  [/^its host does not resolve \((.+)\)$/, 'tên miền của địa chỉ không phân giải được ($1)'],
  [
    /^its host resolves to (\S+), a loopback, private or link-local address$/,
    'tên miền của địa chỉ trỏ tới $1, một địa chỉ loopback, nội bộ hoặc link-local',
  ],
  [
    /^is sent only by POST \/webhooks\/:id\/test; it cannot be subscribed to$/,
    'chỉ được gửi bởi POST /webhooks/:id/test; không thể đăng ký nhận',
  ],
  [/^is a unit you may not manage webhooks for$/, 'là đơn vị bạn không được quản lý webhook'],
  [
    /^only a clerk of unit (\S+) or an admin may register its webhooks$/,
    'chỉ văn thư của đơn vị $1 hoặc quản trị viên mới được đăng ký webhook cho đơn vị này',
  ],
  // Letters (intake)
  [
    /^send the text of the letter as "text", or the letter as a file in the multipart field "file"$/,
    'hãy gửi nội dung công văn trong trường "text", hoặc gửi công văn dưới dạng tệp trong trường multipart "file"',
  ],
  [
    /^send the letter as one file in the multipart field "file"$/,
    'hãy gửi công văn dưới dạng một tệp trong trường multipart "file"',
  ],
  [/^send one file at a time$/, 'mỗi lần chỉ gửi một tệp'],
  [/^the file is larger than (\S+) MB, the most that can be read$/, 'tệp lớn hơn $1 MB, mức lớn nhất có thể đọc'],
  [/^cannot be read \((.+)\)$/, 'không đọc được ($1)'],
];

/** Whole messages of answers other than 400 (a 400's message is rebuilt from its problems). */
const MESSAGE_RULES: readonly Rule[] = [
  [/^(\S.*?) (\S+) does not exist$/, (_all, what = '', id = '') => `Không tìm thấy ${noun(what)} ${id}.`],
  [
    /^cannot (\S+) a task that is (\S+); allowed actions: (.*)$/,
    (_all, action = '', status = '', allowed = '') =>
      `Không thể ${action} một nhiệm vụ đang ở trạng thái ${status}; các thao tác được phép lúc này: ${allowed || 'không có'}.`,
  ],
  [/^This endpoint is not open to any role$/, 'Địa chỉ này không mở cho vai trò nào.'],
  [
    /^Your role may not do this; it needs one of: (.+)$/,
    'Vai trò của bạn không được làm việc này; cần một trong các vai trò: $1.',
  ],
  [
    /^task (\S+) is unit (\S+)'s: only its officers may (\S+) it$/,
    'Nhiệm vụ $1 thuộc đơn vị $2: chỉ cán bộ của đơn vị đó mới được $3 nhiệm vụ này.',
  ],
  [
    /^task (\S+) is unit (\S+)'s: only that unit's clerks may implement it$/,
    'Nhiệm vụ $1 thuộc đơn vị $2: chỉ văn thư của đơn vị đó mới được triển khai nhiệm vụ này.',
  ],
  [/^the directive is already being withdrawn$/, 'Văn bản chỉ đạo đang được thu hồi.'],
  [/^escalation (\S+) is already (\S+)$/, 'Việc báo cáo vượt cấp $1 đã ở trạng thái $2.'],
  [/^extension request (\S+) was already (\S+)$/, 'Đề nghị gia hạn $1 đã được xử lý ($2).'],
  [/^the unit already has a contact with the address (.*)$/, 'Đơn vị đã có người nhận thông báo với địa chỉ $1.'],
  [/^webhook (\S+) is disabled: nothing is sent to it$/, 'Webhook $1 đã bị tắt: không có gì được gửi tới nó.'],
  [/^The request body is not valid JSON: (.+)$/, 'Nội dung yêu cầu không phải JSON hợp lệ: $1'],
  [/^The request body is too large\.$/, 'Nội dung yêu cầu quá lớn.'],
  [
    /^The database is not reachable right now; retry in a few seconds\.$/,
    'Hiện không kết nối được cơ sở dữ liệu; vui lòng thử lại sau vài giây.',
  ],
  [/^Something went wrong on our side; it has been logged\.$/, 'Đã có lỗi ở phía hệ thống; lỗi đã được ghi lại.'],
  [
    /^Temporal is not reachable right now, so nothing was changed; retry in a few seconds$/,
    'Hiện không kết nối được bộ máy quy trình (Temporal) nên chưa có gì thay đổi; vui lòng thử lại sau vài giây.',
  ],
  [/^(\S+) is not served on (\S+); use (.+)$/, 'Phương thức $1 không dùng được ở $2; hãy dùng $3.'],
  [/^ThrottlerException: Too Many Requests$/, 'Quá nhiều yêu cầu; vui lòng thử lại sau giây lát.'],
  [/^send application\/json or text\/csv$/, 'Hãy gửi application/json hoặc text/csv.'],
  [/^Too Many Requests$/, 'Quá nhiều yêu cầu; vui lòng thử lại sau giây lát.'],
  [/^Cannot (GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) (\S+)$/, 'Không có địa chỉ $1 $2.'],
  [/^no announced day is stored for (\S+)$/, 'Không có ngày công bố nào được lưu cho ngày $1.'],
];

/** The product's nouns, as the English texts name them. */
const NOUNS: Readonly<Record<string, string>> = {
  directive: 'văn bản chỉ đạo',
  task: 'nhiệm vụ',
  unit: 'đơn vị',
  escalation: 'việc báo cáo vượt cấp',
  'extension request': 'đề nghị gia hạn',
  notification: 'thông báo',
  webhook: 'webhook',
  delivery: 'lần gửi',
  contact: 'người nhận thông báo',
  comment: 'bình luận',
  attachment: 'tệp đính kèm',
  person: 'người dùng',
  'calendar day': 'ngày trong lịch',
  item: 'mục',
};

function noun(english: string): string {
  return NOUNS[english] ?? english;
}

function apply(rules: readonly Rule[], text: string): string | undefined {
  for (const [pattern, vietnamese] of rules) {
    const match = pattern.exec(text);
    if (!match) continue;
    if (typeof vietnamese === 'function') return vietnamese(...match);
    return vietnamese.replace(/\$(\d)/g, (_all, n: string) => match[Number(n)] ?? '');
  }
  return undefined;
}

/** One field problem in Vietnamese; a text no rule knows comes back as it is. */
export function problem(english: string): string {
  return apply(PROBLEM_RULES, english) ?? english;
}

/** A whole error message in Vietnamese; a text no rule knows comes back as it is. */
export function message(english: string): string {
  return apply(MESSAGE_RULES, english) ?? english;
}

/** Whether a rule knows this problem (the tests hold every problem the API writes to it). */
export function knowsProblem(english: string): boolean {
  return apply(PROBLEM_RULES, english) !== undefined;
}
