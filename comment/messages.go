package comment

import (
	"fmt"
	"strings"
	"sync"

	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"golang.org/x/text/message/catalog"
)

// Messages turns field errors into sentences a reader understands, and
// the reasons of a comment's status into sentences a moderator reads, in
// Vietnamese by default or in English, from a golang.org/x/text/message
// catalog. A message is looked up by "field.code" ("name.required") first,
// then by the code alone ("required"); its arguments are the field's label
// ("field.name": "họ tên") as %[1]s, then the error's Params as %[2]v,
// %[3]v and so on. A site overrides any message, or adds codes, fields and
// languages, with [Messages.Set]. A [Reason] is looked up as
// "reason.<code>" ("reason.held"); the labels of moderation, through
// [Messages.Text], as "report.<reason>", "takedown.<source>",
// "action.<action>" and "status.<status>".
//
// The zero value holds the built-in messages, as [NewMessages] does.
//
// Numbers in Params are written the reader's way: 3.000 in Vietnamese,
// 3,000 in English.
//
// Messages is safe for concurrent use.
type Messages struct {
	once sync.Once
	cat  *catalog.Builder

	mu       sync.RWMutex
	langs    []language.Tag // supported, the default first
	matcher  language.Matcher
	printers map[language.Tag]*message.Printer
}

// builtinMessages holds the catalog NewMessages starts from: Vietnamese
// first, as the default language, then English.
var builtinMessages = []struct {
	tag  language.Tag
	msgs [][2]string
}{
	{language.Vietnamese, [][2]string{
		{"field.name", "họ tên"},
		{"field.phone", "số điện thoại"},
		{"field.title", "tiêu đề"},
		{"field.content", "nội dung"},
		{"field.captcha", "mã xác nhận"},
		{"field.form", "biểu mẫu"},
		{"field.parent_id", "bình luận được trả lời"},

		{"required", "Vui lòng nhập %[1]s."},
		{"too_short", "Phần %[1]s cần ít nhất %[2]d ký tự (bạn đã nhập %[3]d)."},
		{"too_long", "Phần %[1]s chỉ được tối đa %[2]d ký tự (bạn đã nhập %[3]d)."},
		{"invalid_utf8", "Phần %[1]s có ký tự không đọc được, vui lòng nhập lại."},
		{"invalid", "Phần %[1]s không hợp lệ."},
		{"name.too_short", "Họ tên cần ít nhất %[2]d ký tự (bạn đã nhập %[3]d)."},
		{"name.too_long", "Họ tên chỉ được tối đa %[2]d ký tự (bạn đã nhập %[3]d)."},
		{"title.too_short", "Tiêu đề cần ít nhất %[2]d ký tự (bạn đã nhập %[3]d)."},
		{"title.too_long", "Tiêu đề chỉ được tối đa %[2]d ký tự (bạn đã nhập %[3]d)."},
		{"content.too_short", "Nội dung cần ít nhất %[2]d ký tự (bạn đã nhập %[3]d)."},
		{"content.too_long", "Nội dung chỉ được tối đa %[2]d ký tự (bạn đã nhập %[3]d)."},
		{"invalid_phone", "Số điện thoại không hợp lệ."},
		{"outdated_phone", "Số điện thoại này đã đổi thành %[2]s."},
		{"form_invalid", "Không kiểm tra được biểu mẫu, vui lòng tải lại trang rồi gửi lại."},
		{"form_too_fast", "Bạn gửi nhanh quá, vui lòng xem lại bình luận rồi gửi lại."},
		{"form_expired", "Biểu mẫu đã hết hạn, vui lòng gửi lại."},
		{"captcha.invalid", "Mã xác nhận không đúng, vui lòng nhập mã mới."},
		{"parent_id.invalid", "Không tìm thấy bình luận bạn muốn trả lời, vui lòng tải lại trang."},
		{"reply_invalid", "Không thể trả lời bình luận này: bình luận không còn, chưa được duyệt hoặc đã là một trả lời."},
		{"reply_depth", "Chỉ trả lời được tới %[2]d cấp, không trả lời thêm vào bình luận này được."},

		{"reason.held", "Đã qua mọi bước kiểm tra, chờ người kiểm duyệt."},
		{"reason.unsure", "Bộ lọc thư rác chưa chắc chắn, chờ người kiểm duyệt."},
		{"reason.cleared", "Bộ lọc thư rác cho là bình luận bình thường, đã duyệt tự động."},
		{"reason.spam_filter", "Bộ lọc thư rác xếp vào thư rác."},
		{"reason.honeypot", "Ô ẩn mà người đọc không nhìn thấy đã bị điền."},
		{"reason.duplicate", "Bình luận giống hệt đã được gửi trước đó."},
		{"reason.flood", "Cùng một địa chỉ gửi nhiều bình luận trong thời gian ngắn."},
		{"reason.moderator", "Do người kiểm duyệt quyết định."},
		{"reason.reported", "Bạn đọc báo vi phạm nhiều lần, chờ người kiểm duyệt xem lại."},
		{"reason.takedown", "Đã gỡ theo yêu cầu gỡ bỏ."},
		{"reason.banned", "Người gửi đang bị chặn (chặn ngầm): không ai thấy bình luận."},
		{"reason.trusted", "Người bình luận tin cậy, đã duyệt tự động."},
		{"reason.word_list", "Có từ ngữ bị cấm trong danh sách từ, chờ người kiểm duyệt."},
		{"reason.suspect_word", "Có từ ngữ cần xem xét trong danh sách từ, chờ người kiểm duyệt."},
		{"reason.abuse", "Bộ lọc lời lẽ xúc phạm cảnh báo, chờ người kiểm duyệt."},

		{"banned", "Bạn đang bị tạm khóa bình luận đến %[2]s."},
		{"banned_forever", "Bạn đã bị khóa bình luận vĩnh viễn."},
		{"banned_word", "Phần %[1]s có từ ngữ không được phép, vui lòng sửa lại."},

		{"report.spam", "Quảng cáo, thư rác"},
		{"report.offensive", "Xúc phạm, thô tục"},
		{"report.false_information", "Thông tin sai sự thật"},
		{"report.personal_data", "Lộ thông tin cá nhân"},
		{"report.unlawful", "Vi phạm pháp luật"},
		{"report.other", "Lý do khác"},

		{"takedown.authority", "Yêu cầu của cơ quan có thẩm quyền (24 giờ)"},
		{"takedown.complaint", "Khiếu nại có căn cứ (48 giờ)"},
		{"takedown.moderator", "Ban biên tập tự gỡ"},

		{"action.decide", "Quyết định"},
		{"action.report", "Báo vi phạm"},
		{"action.requeue", "Đưa lại hàng chờ"},
		{"action.takedown_request", "Nhận yêu cầu gỡ"},
		{"action.takedown", "Gỡ bỏ"},
		{"action.ban", "Chặn"},
		{"action.unban", "Bỏ chặn"},

		{"status.pending", "Chờ duyệt"},
		{"status.approved", "Đã duyệt"},
		{"status.spam", "Thư rác"},
		{"status.trash", "Đã gỡ"},
	}},
	{language.English, [][2]string{
		{"field.name", "name"},
		{"field.phone", "phone number"},
		{"field.title", "title"},
		{"field.content", "comment"},
		{"field.captcha", "code"},
		{"field.form", "form"},

		{"required", "Please fill in the %[1]s."},
		{"too_short", "The %[1]s must be at least %[2]d characters long (you typed %[3]d)."},
		{"too_long", "The %[1]s can be at most %[2]d characters long (you typed %[3]d)."},
		{"invalid_utf8", "The %[1]s has characters that could not be read; please type it again."},
		{"invalid", "The %[1]s is not valid."},
		{"name.required", "Please enter your name."},
		{"title.required", "Please enter a title."},
		{"content.required", "Please write your comment."},
		{"captcha.required", "Please type the code shown in the picture."},
		{"invalid_phone", "This is not a valid Vietnamese phone number."},
		{"outdated_phone", "This number has changed to %[2]s."},
		{"form_invalid", "The form could not be checked; please reload the page and send it again."},
		{"form_too_fast", "That was sent too quickly; please look over your comment and send it again."},
		{"form_expired", "The form has expired; please send it again."},
		{"captcha.invalid", "The code is wrong; please type the new one."},
		{"field.parent_id", "comment replied to"},
		{"parent_id.invalid", "The comment you are replying to was not found; please reload the page."},
		{"reply_invalid", "This comment cannot be replied to: it is gone, not yet approved, or itself a reply."},
		{"reply_depth", "This comment is as deep as replies go (depth %[2]d): it takes no more replies."},

		{"reason.held", "Passed every check; waiting for a moderator."},
		{"reason.unsure", "The spam filter is unsure; waiting for a moderator."},
		{"reason.cleared", "The spam filter cleared it; approved at once."},
		{"reason.spam_filter", "The spam filter flagged it as spam."},
		{"reason.honeypot", "The hidden field a person never sees was filled in."},
		{"reason.duplicate", "The same comment was posted before."},
		{"reason.flood", "Many comments from the same address in a short time."},
		{"reason.moderator", "Decided by a moderator."},
		{"reason.reported", "Reported by readers several times; back to a moderator."},
		{"reason.takedown", "Taken down on request."},
		{"reason.banned", "The commenter is shadow-banned: nobody sees the comment."},
		{"reason.trusted", "A trusted commenter; approved at once."},
		{"reason.word_list", "Holds a banned word of the word list; waiting for a moderator."},
		{"reason.suspect_word", "Holds a suspect word of the word list; waiting for a moderator."},
		{"reason.abuse", "The abuse filter flagged it; waiting for a moderator."},

		{"banned", "You may not comment until %[2]s."},
		{"banned_forever", "You may no longer comment here."},
		{"banned_word", "The %[1]s holds words that are not allowed; please change them."},

		{"report.spam", "Advertising, spam"},
		{"report.offensive", "Offensive, vulgar"},
		{"report.false_information", "False information"},
		{"report.personal_data", "Exposes personal data"},
		{"report.unlawful", "Unlawful"},
		{"report.other", "Other reason"},

		{"takedown.authority", "Request from an authority (24 hours)"},
		{"takedown.complaint", "Well-founded complaint (48 hours)"},
		{"takedown.moderator", "The newsroom's own takedown"},

		{"action.decide", "Decision"},
		{"action.report", "Report"},
		{"action.requeue", "Back to the queue"},
		{"action.takedown_request", "Takedown request"},
		{"action.takedown", "Takedown"},
		{"action.ban", "Ban"},
		{"action.unban", "Unban"},

		{"status.pending", "Pending"},
		{"status.approved", "Approved"},
		{"status.spam", "Spam"},
		{"status.trash", "Removed"},
	}},
}

// NewMessages returns a catalog with the built-in Vietnamese and English
// messages; Vietnamese is the default for readers whose language it does
// not have.
func NewMessages() *Messages {
	m := &Messages{}
	m.once.Do(m.load)
	return m
}

// load builds the catalog from the built-in messages, once.
func (m *Messages) load() {
	m.cat = catalog.NewBuilder()
	for _, lang := range builtinMessages {
		for _, kv := range lang.msgs {
			if err := m.set(lang.tag, kv[0], kv[1]); err != nil {
				// The built-in messages are plain strings, which always
				// compile; TestBuiltinMessages checks each.
				panic(fmt.Sprintf("comment: built-in message %q: %v", kv[0], err))
			}
		}
	}
}

// Set adds or replaces the message for a key in a language: "field.code"
// for one field ("name.required"), a code alone for every field
// ("too_long"), or "field.<name>" for a field's label. Setting a message in
// a new language makes the language available.
func (m *Messages) Set(tag language.Tag, key, format string) error {
	m.once.Do(m.load)
	return m.set(tag, key, format)
}

func (m *Messages) set(tag language.Tag, key, format string) error {
	if key == "" {
		return fmt.Errorf("comment: message key is empty")
	}
	if err := m.cat.SetString(tag, key, format); err != nil {
		return fmt.Errorf("comment: message %q: %w", key, err)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, t := range m.langs {
		if t == tag {
			return nil
		}
	}
	m.langs = append(m.langs, tag)
	m.matcher = language.NewMatcher(m.langs)
	m.printers = nil
	return nil
}

// Languages returns the languages with messages, the default first.
func (m *Messages) Languages() []language.Tag {
	m.once.Do(m.load)
	m.mu.RLock()
	defer m.mu.RUnlock()
	return append([]language.Tag(nil), m.langs...)
}

// Match picks the supported language that best fits the reader's
// preferences, each given as a tag or an Accept-Language header value ("en",
// "en-US,en;q=0.9,vi;q=0.8"); with no usable preference it is the default,
// Vietnamese.
func (m *Messages) Match(preferred ...string) language.Tag {
	m.once.Do(m.load)
	m.mu.RLock()
	defer m.mu.RUnlock()
	var tags []language.Tag
	for _, p := range preferred {
		if len(p) > 256 {
			continue
		}
		if parsed, _, err := language.ParseAcceptLanguage(p); err == nil {
			tags = append(tags, parsed...)
		}
	}
	if len(tags) == 0 || m.matcher == nil {
		return m.langs[0]
	}
	_, i, conf := m.matcher.Match(tags...)
	if conf == language.No {
		return m.langs[0]
	}
	return m.langs[i]
}

// printer returns the printer of the supported language nearest to tag,
// and whether that is the default language. Printers are cached by
// supported language, so the cache is as small as the catalog.
func (m *Messages) printer(tag language.Tag) (*message.Printer, bool) {
	m.once.Do(m.load)
	m.mu.RLock()
	best := m.langs[0]
	if _, i, conf := m.matcher.Match(tag); conf != language.No {
		best = m.langs[i]
	}
	isDefault := best == m.langs[0]
	p, ok := m.printers[best]
	m.mu.RUnlock()
	if ok {
		return p, isDefault
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if p, ok := m.printers[best]; ok {
		return p, isDefault
	}
	p = message.NewPrinter(best, message.Catalog(m.cat))
	if m.printers == nil {
		m.printers = make(map[language.Tag]*message.Printer)
	}
	m.printers[best] = p
	return p, isDefault
}

// Message returns the text of one field error in the language nearest to
// tag; a message that language lacks comes in the default language, and a
// code with no message at all comes back as the code itself.
func (m *Messages) Message(tag language.Tag, e FieldError) string {
	p, isDefault := m.printer(tag)
	msg, found := format(p, e)
	if !found && !isDefault {
		// A language a site added without this message: say it in the
		// default language rather than show a code.
		def, _ := m.printer(m.Languages()[0])
		msg, _ = format(def, e)
	}
	return msg
}

// format renders e with one printer and reports whether the catalog had a
// message for it.
func format(p *message.Printer, e FieldError) (string, bool) {
	label := p.Sprintf(message.Key("field."+e.Field, e.Field))
	args := make([]any, 0, 1+len(e.Params))
	args = append(args, label)
	args = append(args, e.Params...)
	code := string(e.Code)
	msg := p.Sprintf(message.Key(e.Field+"."+code, code), args...)
	return msg, msg != code
}

// Reason returns the text of a comment's reason in the language nearest
// to tag, for moderators: from "reason.<code>" in that language, else in
// the default language, else the code itself.
func (m *Messages) Reason(tag language.Tag, r Reason) string {
	return m.Text(tag, "reason."+string(r))
}

// Text returns the message of a key in the language nearest to tag, else
// in the default language, else the key's last part (after its first
// dot): the labels a moderation page shows, such as "report.spam",
// "takedown.authority", "action.ban" or "status.pending".
func (m *Messages) Text(tag language.Tag, key string) string {
	_, code, found := strings.Cut(key, ".")
	if !found {
		code = key
	}
	k := message.Key(key, strings.ReplaceAll(code, "%", "%%"))
	p, isDefault := m.printer(tag)
	if msg := p.Sprintf(k); msg != code || isDefault {
		return msg
	}
	def, _ := m.printer(m.Languages()[0])
	return def.Sprintf(k)
}

// ByField returns the messages for a list of field errors, keyed by field,
// the messages of one field joined by a space: what a template shows beside
// each input.
func (m *Messages) ByField(tag language.Tag, errs FieldErrors) map[string]string {
	out := make(map[string]string, len(errs))
	for _, e := range errs {
		msg := m.Message(tag, e)
		if prev, ok := out[e.Field]; ok {
			msg = prev + " " + msg
		}
		out[e.Field] = msg
	}
	return out
}

// List returns the messages for a list of field errors, in order.
func (m *Messages) List(tag language.Tag, errs FieldErrors) []string {
	out := make([]string, len(errs))
	for i, e := range errs {
		out[i] = m.Message(tag, e)
	}
	return out
}
