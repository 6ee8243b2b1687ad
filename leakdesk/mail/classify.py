"""Is an inbox message an enquiry, and from whom? Or why is it not a lead?

Reads mail the way a good front-desk person does, and says why. First the
prospect: the person behind a form's fields or a chat transcript, the
original sender of a forward, the person an introduction is about, the
caller of a voicemail, or the sender. Then the evidence, each piece with
its weight ("+ form layout with an outside address", "− List-Unsubscribe",
"− invoice, receipt or statement: 'amount due'"). The sum decides:

- a lead when the evidence for it is clear;
- set aside without a person's look only when the evidence against it is
  strong: LeakDesk's own weekly report, a bounce, a read receipt, an
  auto-reply, team mail, a rule, or enough markers of a kind (an invoice,
  a pitch, a scam) — and a robot sender alone never sets aside a message
  that carries an outside address or phone;
- anything in between waits in Check these for a person.

What people decided before (leakdesk.mail.learned) is evidence too.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property

from leakdesk.domain import Channel
from leakdesk.domain.messages import addresses
from leakdesk.domain.rules import Rules as Rules
from leakdesk.mail.authored import (
    Forwarded,
    before_signature,
    best_phone,
    caller_name,
    forwarded,
    named_sender,
    own_text,
    quoted,
    said_by,
    signature_name,
    writer_phones,
)
from leakdesk.mail.content import Content, extract
from leakdesk.mail.fields import (
    EMAIL,
    FormFields,
    labelled_phone,
    looks_like_name,
    normalise_phone,
    read_fields,
    writer_region,
)
from leakdesk.mail.labels import folded
from leakdesk.mail.learned import Learned
from leakdesk.mail.markers import Markers
from leakdesk.mail.parse import ParsedMessage, UnparseableMessage, decode, parse_message
from leakdesk.mail.signals import Kind, found, scan

AUTO_SUBJECTS = re.compile(
    r"^\s*(automatic reply|auto(matic)?[- ]?(reply|response)|out of (the )?office|autoreply|auto:|"
    r"abwesenheitsnotiz|automatische antwort|r[ée]ponse automatique|absence|respuesta autom[aá]tica|"
    r"fuera de la oficina|risposta automatica|fuori ufficio|automatisch antwoord|afwezig|autosvar|"
    r"resposta autom[aá]tica|ausente|automaattinen vastaus|odpowied[źz] automatyczna|自动回复|"
    r"balasan automatik|jawapan automatik|ตอบกลับอัตโนมัติ|پاسخ خودکار|स्वचालित उत्तर|स्वचालित जवाब|"
    r"automatski odgovor|odsutnost|izvan ureda|автоматичен отговор|извън офиса|automatinis atsakymas|"
    r"resposta autom[àa]tica|fora de l'oficina|automatická odpoveď|mimo kancelárie|jibu la kiotomatiki|"
    r"خودکار جواب|دفتر سے باہر|தானியங்கு பதில்|தானியங்கி பதில்|அலுவலகத்திற்கு வெளியே|outomatiese antwoord|"
    r"buite kantoor|afwesig|p[ëe]rgjigje automatike|jasht[ëe] zyr[ëe]s|ავტომატური პასუხი|ოფისის გარეთ|"
    r"automaatne vastus|automātiskā atbilde|samodejni odgovor|avtomatski odgovor|odsotnost|"
    r"аутоматски одговор|odsustvo|одсуство|স্বয়ংক্রিয় উত্তর)",
    re.IGNORECASE)
READ_SUBJECTS = re.compile(r"^\s*(read|gelesen|lu|le[ií]do|letto|gelezen|lido|已读|読了|przeczytane|przeczytano|läst|"
                           r"læst|lest|開封済み|开封|dibaca|อ่านแล้ว|خوانده شد|पढ़ा गया|pročitano|прочетено|perskaityta|"
                           r"llegit|prečítané|gelees|lexuar|e lexuar|წაკითხულია|படிக்கப்பட்டது|پڑھا گیا|"
                           r"پڑھ لیا گیا|loetud|izlasīts|prebrano|прочитано|পড়া হয়েছে)\s*[:：]",
                           re.IGNORECASE)
CALENDAR_SUBJECTS = re.compile(
    r"^\s*(invitation|updated invitation|accepted|declined|tentative|tentatively accepted|canceled event|"
    r"cancelled event|einladung|zugesagt|abgesagt|angenommen|abgelehnt|invitation mise à jour|accepté|refusé|"
    r"invitación|aceptado|rechazado|invito|accettato|rifiutato|uitnodiging|geaccepteerd|convite|aceite|"
    r"zaproszenie|zaakceptowano|odrzucono|inbjudan|accepterat|avböjt|accepteret|afvist|"
    r"招待|承諾|辞退|会議出席依頼|jemputan|jemputan dikemas kini|คำเชิญ|دعوت‌نامه|دعوتنامه|आमंत्रण|निमंत्रण|"
    r"pozivnica|ažurirana pozivnica|prihvaćeno|odbijeno|покана|актуализирана покана|прието|отхвърлено|"
    r"kvietimas|atnaujintas kvietimas|priimta|atmesta|invitació|invitació actualitzada|acceptat|rebutjat|"
    r"convite atualizado|invitación actualizada|pozvánka|aktualizovaná pozvánka|prijaté|odmietnuté|"
    r"imbitasyon|mwaliko|دعوت نامہ|اپ ڈیٹ شدہ دعوت نامہ|قبول کر لیا|مسترد|அழைப்பு|புதுப்பிக்கப்பட்ட அழைப்பு|"
    r"ஏற்கப்பட்டது|நிராகரிக்கப்பட்டது|opgedateerde uitnodiging|aanvaar|afgewys|geweier|ftes[ëe]|"
    r"ftes[ëe] e p[ëe]rdit[ëe]suar|pranuar|refuzuar|მოწვევა|განახლებული მოწვევა|მიღებულია|უარყოფილია|kutse|"
    r"uuendatud kutse|muudetud kutse|nõustutud|keeldutud|ielūgums|uzaicinājums|"
    r"atjaunināts ielūgums|atjaunināts uzaicinājums|pieņemts|noraidīts|povabilo|posodobljeno povabilo|sprejeto|"
    r"zavrnjeno|позивница|ажурирана позивница|прихваћено|одбијено|আমন্ত্রণ|আপডেট করা আমন্ত্রণ|গৃহীত|প্রত্যাখ্যাত)"
    r"\s*[:：]", re.IGNORECASE)
ROBOT_LOCALS = re.compile(r"^(no-?reply|do-?not-?reply|donotreply|wordpress|forms?|notifications?|notify|mailer|"
                          r"webmaster|website|web|info-noreply|automailer|submissions?|bookings?-noreply|"
                          r"form-submission|alerts?|system|billing|invoices?|receipts?|statements?|accounts-payable|"
                          r"voicemail|calls?|security|support-noreply|bounces?|news|newsletters?|marketing|"
                          r"updates?|mailer-daemon|postmaster|auto|automated|robot|daemon|messages?|leads?|"
                          r"reply|hello-noreply|digest|reports?|payments?|accounting|service|services|"
                          r"customerservice|kundenservice|support|helpdesk|care|microsoftexchange[0-9a-f]*|"
                          r"calendar-notification|calendar|vm|pbx|fax|scanner|printer|monitoring|shipment-tracking|"
                          r"shipping|tracking|invitations?|notificaci[oó]n(es)?|notificaco(es)?|notifiche|"
                          r"notifica(zioni)?|benachrichtigung(en)?|mitteilungen|meldingen|avisos?|alertas?|"
                          r"no-?responder|nao-?responda|ne-?pas-?repondre|nepasrepondre|keine-?antwort|"
                          r"nicht-?antworten|non-?rispondere|niet-?beantwoorden|versand|envios|spedizioni|"
                          r"dmarc-?reports?|dmarc|rua|quarantine|spam-?quarantine|powiadomienia|nie-?odpowiadaj|"
                          r"svara-?inte|aviseringar|meddelanden|noreply-?jp|info-?noreply|notificari|notificare|"
                          r"ilmoitukset|ertesites|ertesito|buyershelp|enquiry|enquiries|leads?-?alerts?|notifikasi|"
                          r"pemberitahuan|jangan-?balas|tidak-?balas|e-?racun|e-?racuni|racuni|fakture?|fakturi|"
                          r"fakturiranje|obavijesti?|saskaitos|pranesimai|facturaci[oó]n|facturacio|faturamento|nfe|"
                          r"cfdi|notificacions|nao-?responder|ne-?odgovaraj|neodgovaraj|ne-?odgovarati|neatsakyti|"
                          r"no-?respongueu|neodpovedat|njoftime?|faturimi?|faturat|kennisgewings?|rekeninge|"
                          r"geen-?antwoord|"
                          r"moenie-?antwoord|mos-?pergjigj(?:u|ni)?|arved|teavitus(ed)?|uudiskiri|rekini|pazinojumi|"
                          r"jaunumi|obvestila|"
                          r"obvestilo|novice|obavestenja|obavestenje|ne-?odgovarjajte|neatbildet)([+._-].*)?$",
                          re.IGNORECASE)
# Builders and services, named in a reason (never decided on: any form layout counts).
BUILDERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Contact Form 7", ("sent from a contact form on", "contact form 7")),
    ("WPForms", ("wpforms",)),
    ("Gravity Forms", ("gravity forms", "gravityforms", "gform")),
    ("Ninja Forms", ("ninja forms", "ninjaforms")),
    ("Formidable", ("formidable",)),
    ("Fluent Forms", ("fluent forms", "fluentform")),
    ("Elementor", ("powered by: elementor", "powered by elementor", "elementor")),
    ("Divi", ("divi",)),
    ("HubSpot", ("hubspot",)),
    ("Squarespace", ("squarespace",)),
    ("Wix", ("wix-forms", "wixforms", "@crm.wix.com", "wix.com")),
    ("Webflow", ("webflow",)),
    ("Shopify", ("shopify",)),
    ("Jotform", ("jotform",)),
    ("Typeform", ("typeform",)),
    ("Google Forms", ("google forms", "docs.google.com/forms", "google form")),
    ("Microsoft Forms", ("microsoft forms", "forms.office.com")),
    ("Netlify", ("netlify",)),
    ("Formspree", ("formspree",)),
    ("Tally", ("tally.so", "tally forms")),
    ("Zoho Forms", ("zoho",)),
    ("Fillout", ("fillout",)),
    ("Formstack", ("formstack",)),
    ("Paperform", ("paperform",)),
    ("Wufoo", ("wufoo",)),
    ("MW WP Form", ("mw wp form", "mw-wp-form")),
    ("Cognito Forms", ("cognito",)),
    ("Calendly", ("calendly",)),
    ("Acuity", ("acuity",)),
)
CHANNEL_HINTS: tuple[tuple[Channel, tuple[str, ...]], ...] = (
    (Channel.PHONE, ("voicemail", "voice mail", "voice message", "missed call", "call from", "callrail",
                     "phone message", "telephone message", "telefonnotiz", "rückrufbitte", "message téléphonique",
                     "telefoonnotitie", "terugbelverzoek",
                     "text message", "new text", "sms from", "new sms", "google voice", "telepon masuk",
                     "panggilan tak terjawab", "הודעה קולית", "שיחה שלא נענתה",
                     "ringcentral", "aircall", "dialpad", "call tracking", "new call", "mailbox message",
                     "sprachnachricht", "anruf", "message vocal", "appel manqué", "mensaje de voz", "llamada perdida",
                     "messaggio vocale", "chiamata persa", "voicemailbericht", "gemiste oproep", "correio de voz",
                     "chamada perdida", "语音留言", "未接来电", "poczta głosowa", "nieodebrane połączenie",
                     "wiadomość głosowa", "röstmeddelande", "missat samtal", "röstbrevlåda", "telefonsvarer",
                     "ubesvaret opkald", "留守番電話", "不在着信", "音声メッセージ", "3cx", "cloudtalk", "justcall",
                     "binotel", "ringostat", "zadarma", "пропущений дзвінок", "пропущенный звонок",
                     "голосове повідомлення",
                     "голосовое сообщение", "cevapsız arama", "sesli mesaj", "zmeškaný hovor", "hlasová zpráva",
                     "αναπάντητη κλήση", "φωνητικό μήνυμα", "สายที่ไม่ได้รับ", "ข้อความเสียง", "panggilan tidak dijawab",
                     "panggilan terlepas", "mel suara", "mesej suara", "تماس بی‌پاسخ", "تماس از دست رفته", "پیام صوتی",
                     "پست صوتی", "मिस्ड कॉल", "वॉइसमेल", "वॉयस मेल", "छूटी हुई कॉल", "knowlarity", "exotel",
                     "myoperator", "ozonetel", "propušten poziv", "propušteni poziv", "glasovna poruka",
                     "glasovna pošta", "пропуснато обаждане", "пропуснат разговор", "гласово съобщение",
                     "гласова поща", "praleistas skambutis", "balso pranešimas", "balso paštas", "trucada perduda",
                     "missatge de veu", "bústia de veu", "mensagem de voz", "recado de voz", "buzón de voz",
                     "hindi nasagot na tawag", "ujumbe wa sauti", "simu ambayo haikupokelewa", "hlasová správa",
                     "hlasová schránka", "openphone", "grasshopper", "vonage", "nextiva", "ooma",
                     "وائس میل", "صوتی پیغام", "مسڈ کال", "குரல் அஞ்சல்", "குரல் செய்தி", "தவறிய அழைப்பு",
                     "stemboodskap", "stempos", "mesazh zanor", "postë zanore", "thirrje e humbur",
                     "ხმოვანი შეტყობინება", "ხმოვანი ფოსტა", "გამოტოვებული ზარი", "ზარი ნომრიდან", "vastamata kõne",
                     "vastamata kõned", "häälsõnum", "kõnepost", "neatbildēts zvans", "neatbildēti zvani",
                     "balss pasts", "balss ziņa", "balss ziņojums", "zgrešen klic", "neodgovorjen klic",
                     "glasovno sporočilo", "glasovni predal", "пропуштен позив", "пропуштени позив", "говорна пошта",
                     "гласовна порука", "govorna pošta", "মিসড কল", "ভয়েস মেইল", "ভয়েসমেইল", "ভয়েস মেসেজ")),
    (Channel.WHATSAPP, ("whatsapp", "whats app", "וואטסאפ", "ווטסאפ", "واتساب", "واتس اب", "واتساپ", "واتس‌اپ",
                        "واتس اپ", "व्हाट्सएप", "व्हाट्सऐप", "वॉट्सऐप",
                        "واٹس ایپ", "واٹس اپ", "وٹس ایپ", "வாட்ஸ்அப்", "வாட்ஸ் அப்", "ვოტსაპ", "ვაცაპ", "вотсап", "ватсап",
                        "হোয়াটসঅ্যাপ")),
    (Channel.CHAT, ("chat transcript", "livechat", "live chat", "new chat", "chat with", "tawk.to", "intercom",
                    "crisp", "tidio", "drift", "conversation transcript", "offline message", "olark", "zendesk chat",
                    "webchat", "web chat", "facebookmail", "message to your page",
                    "jivochat", "smartsupp", "messenger", "instagram", "chat-transcript", "chatverlauf",
                    "transcription du chat", "transcripción del chat", "chat offline", "聊天记录",
                    "rozmowa na czacie", "chattkonversation", "チャット履歴", "jivo", "jivosite", "binotel chat",
                    "kakaotalk", "카카오톡", "카톡", "zalo",
                    "офлайн-повідомлення", "офлайн сообщение", "line oa", "line official", "ไลน์", "แชท", "goftino",
                    "گفتینو", "raychat", "رای‌چت", "رایچت", "پیام آفلاین", "chatwoot", "freshchat", "salesiq",
                    "تلگرام", "चैट", "viber", "telegram", "manychat", "octadesk", "huggy", "userlike",
                    "chatra", "чат", "xat", "bate-papo", "pokalbis",
                    "چیٹ", "لائیو چیٹ", "அரட்டை", "நேரலை அரட்டை", "klets", "kletsgesprek", "bisedë e re", "biseda live",
                    "chat-i", "ჩატი", "ონლაინ ჩატი", "vestlus", "tērzēšana", "čats", "klepet",
                    "ćaskanje", "ћаскање", "চ্যাট", "মেসেঞ্জার")),
    (Channel.REFERRAL, ("referral", "referred", "recommended by", "recommendation from", "überweisung",
                        "empfehlung", "recommandé par", "recomendado por", "raccomandato da", "aanbevolen door",
                        "indicação", "推荐", "polecenie", "poleciła", "polecił", "rekommenderad av", "紹介",
                        "preporuka", "po preporuci", "препоръка", "по препоръка", "rekomendacija", "recomanació",
                        "recomanat per", "recomendação", "recomendación", "odporúčanie",
                        "کی سفارش", "ریفرل", "பரிந்துரை", "aanbeveel deur", "aanbeveling", "rekomandim",
                        "რეკომენდაცია", "რეკომენდაციით", "soovitus", "ieteikums",
                        "priporočilo", "препорука", "по препоруци", "সুপারিশ", "রেফারেন্স")),
)
SUBJECT_PREFIX = re.compile(r"^\s*((re|fwd?|fw|aw|wg|sv|vs|tr|rv|antw|enc|odp|pd|vb|r|回复|转发|返信|転送|odg|отг|"
                            r"ats|res|atb|pārs|одг)\s*"
                            r"(\[\d+\])?\s*[:：]\s*)+",
                            re.IGNORECASE)
# Searched in lowercased text: case-blind matching made it seven times slower.
INVOICE_NUMBER = re.compile(r"(invoice|inv|rechnung|facture|factura|fattura|factuur|fatura|faktura|請求書|invois|"
                            r"ใบแจ้งหนี้|ใบกำกับภาษี|فاکتور|فاكتور|صورتحساب|चालान|इनवॉइस|बिल|račun|racun|фактура|"
                            r"sąskaita|"
                            r"sąskaitą|saskaita|faktūra|faktūrą|faktúra|cfdi|nota fiscal|nf-e|"
                            r"faktuur|faturë|fature|faturën|انوائس|بل نمبر|ரசீது|விலைப்பட்டியல்|பில்|ინვოისი|"
                            r"ინვოისის|ფაქტურა|ანგარიშ-ფაქტურა|\barve|"
                            r"rēķins|rēķina|rēķinu|rekins|рачун|চালান|ইনভয়েস)[\s#:.-]*"
                            r"(no\.?|nr\.?|n°|number|nummer|numéro|número|numero|numer|番号|เลขที่|شماره|संख्या|नंबर|"
                            r"br\.?|broj|№|núm\.?|nº|n\.º|č\.|nommer|numri|எண்|نمبر|št\.?|бр\.?|број|নং|নম্বর)?"
                            r"[\s#:.-]*[a-z]{0,4}-?\d{3,}")
# Looked for before the slower number pattern.
INVOICE_WORDS = ("inv", "rechnung", "factur", "fattur", "factuur", "fatura", "faktur", "請求", "ใบแจ้งหนี้",
                 "ใบกำกับภาษี", "فاکتور", "فاكتور", "صورتحساب", "चालान", "इनवॉइस", "बिल", "račun", "racun",
                 "фактур", "sąskait", "saskait", "faktūr", "faktúr", "cfdi", "nota fiscal", "nf-e",
                 "faktuur", "fatur", "انوائس", "بل نمبر", "ரசீது", "விலைப்பட்டியல்", "பில்", "ინვოის", "ფაქტურ", "arve",
                 "rēķin",
                 "rekins", "рачун", "চালান", "ইনভয়েস")
_INVOICE_WORD = Markers(((True, INVOICE_WORDS),))  # anywhere in a word ("Rechnungsnummer", "facturación")
FREE_MAIL = frozenset({"gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "live.com", "yahoo.com",
                       "icloud.com", "me.com", "aol.com", "gmx.de", "gmx.net", "web.de", "orange.fr", "free.fr",
                       "qq.com", "163.com", "proton.me", "protonmail.com", "yahoo.co.uk", "hotmail.co.uk"})
ORG_WORDS = frozenset({
    "support", "service", "services", "team", "customer", "customers", "kundenservice", "kundendienst",
    "empresas", "inc", "ltd", "llc", "gmbh", "ag", "sarl", "sas", "sl", "bv", "pty", "co", "company", "group",
    "bank", "banco", "sparkasse", "insurance", "billing", "accounts", "accounting", "buchhaltung",
    "administración", "administration", "notifications", "notification", "news", "newsletter", "info", "ai",
    "app", "online", "shop", "store", "system", "systems", "voicemail", "phones", "phone", "calendar", "mail",
    "office", "admin", "sales", "marketing", "commission", "international", "lab", "supplies", "clinic",
    "profile", "business", "electronic", "signature", "security", "microsoft", "google", "facebook",
    "instagram", "linkedin", "indeed", "paypal", "stripe", "square", "xero", "quickbooks", "docusign", "box",
    "editorial", "profis", "contabilidad", "comptabilité", "verwaltung", "hausverwaltung", "solutions",
    "digital", "media", "agency", "agentur", "agence", "agencia", "recruitment", "recruiting", "careers",
    "practice", "surgery", "praktijk", "huisartsenpraktijk", "praxis", "arztpraxis", "cabinet", "kanzlei",
    "studio", "clinique", "clínica", "clinica", "kliniek", "ambulatorio", "consultorio",
    "sp", "spółka", "biuro", "rachunkowe", "hurtownia", "ab", "aktiebolag", "hb", "ekonomi", "redovisning",
    "byrå", "grossist", "aps", "株式会社", "有限会社", "合同会社", "経理部", "総務部", "事務局", "カスタマーサポート",
    "dmarc", "report", "reports", "quarantine", "pošta", "velkoobchod", "účetnictví", "şti", "ticaret", "muhasebe",
    "λογιστήριο", "εταιρεία", "ικε", "επε", "тов", "фоп", "ооо", "бухгалтерія", "бухгалтерия", "служба", "сервіс",
    "oy", "kft", "zrt", "bt", "srl", "pvt", "llp", "tilitoimisto", "könyvelő", "könyvelés", "contabilitate", "posta",
    "công", "ty", "tnhh", "ngân", "hàng", "digibank", "주식회사", "주", "شركة", "مؤسسة", "ذ.م.م", "بنك",
    "management", "בע\"מ", "דואר", "pt", "tbk", "cv.", "sdn", "bhd", "berhad", "enterprise", "enterprises", "plt",
    "trading", "syarikat", "percetakan", "perniagaan", "perkhidmatan", "akaun", "jabatan", "pusat", "kedai", "limited",
    "traders", "industries", "บริษัท", "จำกัด", "หจก", "บจก", "มหาชน", "ฝ่ายบัญชี", "ฝ่ายขาย", "ฝ่ายบริการลูกค้า",
    "ธนาคาร", "ร้าน", "شرکت", "شركت", "سامانه", "حسابداری", "حسابداري", "بانک", "بانك", "فروشگاه", "گروه", "موسسه",
    "مؤسسه", "دفتر", "واحد", "پشتیبانی", "پشتيباني", "خدمات", "سازمان", "اداره", "استودیو", "استوديو", "بازرگانی",
    "بازرگاني", "تولیدی", "توليدي", "प्राइवेट", "लिमिटेड", "प्रा", "लि", "कंपनी", "विभाग", "बैंक", "एंटरप्राइजेज",
    "ट्रेडर्स", "इंडस्ट्रीज", "सेवा", "केंद्र", "कार्यालय", "संस्थान", "समूह",
    "ood", "оод", "еоод", "ад", "еад", "ет", "uab", "mb", "všį", "ltda", "eireli", "corp", "corporation", "sapi",
    "obrt", "računovodstvo", "prodaja", "podrška", "trgovina", "счетоводство", "продажби", "поддръжка", "магазин",
    "фактури", "банка", "обслужване", "buhalterija", "parduotuvė", "aptarnavimas", "sąskaitos", "facturació",
    "comptabilitat", "botiga", "serveis", "facturación", "facturacion", "cobranza", "ventas", "soporte", "atención",
    "tienda", "refaccionaria", "promociones", "notificaciones", "financeiro", "faturamento", "cobrança",
    "atendimento", "vendas", "suporte", "loja", "distribuidora", "promoções", "promotions", "promotion",
    "účtovníctvo", "predaj", "obchod",
    "smc", "caterers", "surgicals", "پرائیویٹ", "لمیٹڈ", "کمپنی", "بینک", "ٹریڈرز", "انٹرپرائزز", "سروس", "سروسز",
    "ادارہ", "اکاؤنٹس", "ملز", "کیٹررز", "گروپ",
    "நிறுவனம்", "வங்கி", "பிரைவேட்", "லிமிடெட்", "கடை", "மருத்துவமனை", "சேவை", "மையம்",
    "লিমিটেড", "লিঃ", "কোম্পানি", "ব্যাংক", "প্রাইভেট", "এন্টারপ্রাইজ", "সার্ভিস", "গ্রুপ", "ট্রেডার্স", "কর্পোরেশন",
    "সংস্থা",
    "bk", "cc", "edms", "bpk", "eiendomme", "loodgieters", "rekeninge", "boekhouding", "dienste", "groothandel",
    "prokureurs", "ouditeure", "rekenmeesters", "skool",
    "shpk", "sh", "financa", "departamenti", "klinika", "njoftime", "shërbimi", "banka", "kompania", "dyqani",
    "kontabiliteti", "faturimi",
    "შპს", "სს", "ბანკი", "სასტუმრო", "კომპანია", "ჯგუფი", "ბუღალტერია", "ასოციაცია", "მომსახურება", "მაღაზია",
    "ehf", "hf", "sf", "սպը", "փբը", "բբը", "дооел", "ኃ.የተ.የግ.ማ", "ኃላ.የተ.የግ.ማ",
    "კლინიკა", "სერვისი",
    "oü", "as", "mtü", "kü", "fie", "tü", "arved", "raamatupidamine", "klienditeenindus", "müük", "pood", "kauplus",
    "teavitus", "pank", "ühistu", "korteriühistu", "sia", "biedrība", "grāmatvedība", "apkalpošana", "veikals",
    "rēķini", "jaunumi", "doo", "доо", "pr", "пр", "preduzetnik", "предузетник", "szr", "сзр",
    "knjigovodstvo", "књиговодство", "продаја", "подршка", "služba", "sistem", "систем", "podpora", "zavod",
    "društvo", "plc",
})
MARKETPLACES = ("bark.com", "thumbtack", "angi", "homeadvisor", "google local services", "localservices",
                "myhammer", "my-hammer", "checkatrade", "mybuilder", "ratedpeople", "rated people",
                "trustatrader", "porch.com", "networx", "blauarbeit", "travaux.com", "habitissimo",
                "cronoshare", "instapro", "werkspot", "airtasker", "hipages", "oneflare", "serviceseeking",
                "taskrabbit", "starofservice", "prontopro", "offerta.se", "oferteo", "fixly", "meetsmore", "ミツモア",
                "zehitomo", "homestars", "mittanbud", "3byggetilbud", "byggahus", "servicefinder", "nejremeslnici",
                "nejřemeslníci", "armut", "olx", "prom.ua", "kabanchik", "profi.ru", "youdo", "ustalar", "mastery.ua",
                "indiamart", "justdial", "sulekha", "urbanclap", "urban company", "jofogas", "jófogás", "szakilistak",
                "szakilisták", "tarjouspalvelu", "urakkamaailma", "soomgo", "숨고", "dubizzle", "servicemarket",
                "justlife", "bookingcare", "gumtree", "sweepsouth", "snupit", "haraj", "chotot", "chợ tốt", "bayut",
                "midrag", "מדרג", "tokopedia", "shopee", "bukalapak", "urbancompany", "wedmegood", "weddingwire.in",
                "shaadisaga", "weddingz", "venuelook", "tradeindia", "housejoy", "recommend.my", "kaodim",
                "servishero", "mudah.my", "carousell", "divar.ir", "sheypoor", "kaidee", "fastwork", "seekster",
                "getninjas", "triider", "mercadolibre", "mercado libre", "mercadolivre",
                "mercado livre", "elo7", "vivanuncios", "segundamano", "bazar.bg", "alo.bg", "alio.lt",
                "jiji", "milanuncios", "wallapop", "bazos",
                "zameen", "pakwheels", "practo", "quikr", "nobroker", "kandua", "junkmail", "property24",
                "privateproperty", "lekkeslaap", "safarinow", "merrjep", "njoftime.com", "myhome.ge", "ss.ge",
                "mymarket.ge", "myauto.ge", "booking.com", "airbnb", "koguteenused", "getapro", "mojmojster", "utrenu",
                "bikroy", "caretutors", "sheba.xyz")
MARKETPLACE = Markers(((True, MARKETPLACES),), whole_words=True)
# Whether a text holds an amount: a currency's sign or code before a figure, or after one ("€ 1.250", "1.250,00
# eur", "rm 480", "2 400 บาท", "r$ 250", "1 200 лв"). (Searched for, never extracted: a figure's edge digit will do.)
MONEY = re.compile(r"[$€£¥₹฿₱₾₨৳]\s?\d|\d[.,]?\s?(?:€|₾|₨|(?:eur|usd|gbp|aud|chf|sek|лв|kn|ksh|kes|mxn|reais|pesos|"
                   r"pkr|zar|rand|gel|lek|lekë|leke|rs|rsd|din|дин|bdt|taka)\b|"
                   r"บาท|ریال|تومان|रुपये|रुपए|روپے|ரூபாய்|ლარი|টাকা)|"
                   r"\b(?:usd|eur|gbp|aud|rm|rs|inr|myr|thb|irr|ksh|kes|php|mxn|brl|bgn|hrk|pkr|zar|gel|lek|ரூ|rsd|"
                   r"bdt|tk)"
                   r"\.?\s?\d")
LEAD_AT, ASIDE_AT = 2.0, -3.0
OWN_REPORT_HEADER, OWN_REPORT = "weekly-report", "LeakDesk's own weekly report"  # X-LeakDesk: weekly-report
_HEX_RUN = re.compile(r"[0-9a-f]{12,}")


def _mark_ranges() -> str:
    """Every combining mark of the Basic Multilingual Plane, as a character class's ranges."""
    marks = [c for c in range(0x300, 0x10000) if unicodedata.category(chr(c)) in ("Mn", "Mc", "Me")]
    ranges: list[tuple[int, int]] = []
    for c in marks:
        if ranges and ranges[-1][1] == c - 1:
            ranges[-1] = (ranges[-1][0], c)
        else:
            ranges.append((c, c))
    return "".join(f"\\u{a:04x}" if a == b else f"\\u{a:04x}-\\u{b:04x}" for a, b in ranges)


# The vowel signs and marks of Thai, Devanagari, Tamil, Bengali and every other script are no word characters
# to re, but they are part of words: "บริษัท", "लिमिटेड", "நிறுவனம்", "লিমিটেড" are each one word.
_DISPLAY_WORDS = re.compile(rf"[\w!{_mark_ranges()}]+")
_INVOICE_FILE = re.compile(r"invoice|rechnung|facture|factura|fattura|factuur|fatura|faktura|receipt|statement|"
                           r"remittance|請求書|領収書|rachunek|kvitto|invois|penyata|ใบกำกับภาษี|ใบแจ้งหนี้|ใบเสร็จ|"
                           r"فاکتور|فاكتور|صورتحساب|चालान|इनवॉइस|racun|račun|faktur|фактур|saskait|sąskait|"
                           r"nota[ _-]?fiscal|danfe|nf-e|cfdi|boleto|recibo|comprobante|rebut|faktuur|fatur|انوائس|"
                           r"ინვოის|ფაქტურ|விலைப்பட்டியல்|ரசீது|(?<![a-z])arve|rekin|"
                           r"rēķin|рачун")
# Letters around, not word characters: "CV_Ines_Martin.pdf" is a CV.
_CV_FILE = re.compile(r"(?<![a-z])(cv|resume|lebenslauf|curriculum|curr[ií]culo|bewerbung|candidature|życiorys|"
                      r"zyciorys|meritförteckning|ansökan|履歴書|職務経歴書|biodata|बायोडाटा|रिज्यूमे|رزومه|เรซูเม|"
                      r"ประวัติย่อ|"
                      r"životopis|zivotopis|curr[ií]culo|hoja[ _-]de[ _-]vida|gyvenimo[ _-]apra[sš]ymas|"
                      r"автобиография|რეზიუმე|ரெஸ்யூம்|பயோடேட்டா|سی وی|elulookirjeldus|življenjepis|zivljenjepis|"
                      r"biografija|биографија|জীবনবৃত্তান্ত|সিভি)"
                      r"(?![a-z])")
# "mevrouw Johanna Kuipers", "Mrs Ann Lee", "Frau Dr. Sabine Koch": the person a letter is about.
_CAPITAL = "[A-ZÀ-ÝĀ-žΑ-ΩΆ-ΏА-ЯЁІЇЄҐ]"  # (Latin Extended-A mixes cases: looks_like_name checks the capital)
_HONORIFIC_NAME = re.compile(
    r"\b(?i:mrs|mr|ms|miss|mevrouw|mevr|meneer|dhr|frau|herr|madame|mme|monsieur|señora|sra|señor|sr|signora|"
    r"sig\.ra|signor|sig|senhora|senhor|pan|pani|paní|pane|κ|κα|κυρία|κύριο|κύριος|пан|пані|г-н|г-жа|encik|puan|"
    r"cik|tuan|shri|shrimati|smt|mev|mevrou|mnr|znj|zonja|zoti|janab|proua|härra|gospa|gospod|gospođa|gospodin|gđa|"
    r"госпођа|господин|janab)\.?\s+"
    r"(?:(?i:dr|prof)\.?\s+)?(?P<name>" + _CAPITAL + r"[\w'’-]+(?:\s+(?:van|de|der|den|von|da|di|le|la)){0,2}"
    r"(?:\s+" + _CAPITAL + r"[\w'’-]+){0,2})")
_LINK = re.compile(r"(?:https?://|www\.)\S+")
# RFC 7489's subject of an aggregate report: "Report Domain: example.com Submitter: google.com Report-ID: <…>".
_DMARC_REPORT = re.compile(r"^\s*report\s+domain:\s*\S+\s+submitter:\s*\S+", re.IGNORECASE)
_QUESTION = re.compile("[?？¿؟]")  # (the Arabic and Persian question mark too)
_BUILDERS = Markers(BUILDERS, whole_words=True)  # "divi" is not in "individual"
_CHANNEL_HINTS = Markers(CHANNEL_HINTS, word_starts=True)  # "ooma" (a phone service) is not in "Toomas"
_RELAYED_HINTS = Markers(CHANNEL_HINTS[:3], word_starts=True)  # a relay's opening lines: a call, WhatsApp or a chat


class Decision(StrEnum):
    LEAD = "lead"
    NOT_A_LEAD = "not_a_lead"
    UNDECIDED = "undecided"


@dataclass(frozen=True, slots=True)
class Evidence:
    """One reason for or against a message being a lead, with its weight."""

    weight: float
    words: str

    def __str__(self) -> str:
        return f"{'+' if self.weight > 0 else '−'} {self.words}"


def _fold_name(name: str) -> str:
    """A name as compared ("José  Núñez" and '"jose nunez"' are one)."""
    return folded(name.strip().strip('"\''))


@dataclass(frozen=True)
class Context:
    """What classification knows of the business: its addresses, rules, region, past decisions."""

    team: frozenset[str] = frozenset()  # team members' addresses and the inbox's own
    rules: Rules = field(default_factory=Rules)
    region: str = ""
    learned: Learned | None = None
    team_names: frozenset[str] = frozenset()  # team members' names as the Team window holds them

    @cached_property
    def own_domains(self) -> frozenset[str]:
        return frozenset(a.rpartition("@")[2] for a in self.team if a.rpartition("@")[2] not in FREE_MAIL)

    @cached_property
    def full_names(self) -> frozenset[str]:
        """The team's names of two words or more, folded (a first name alone is too often a client's too)."""
        return frozenset(name for name in map(_fold_name, self.team_names) if len(name.split()) >= 2)

    def by_team_member(self, address: str, display: str | None) -> bool:
        """Whether a team member wrote: from a team address, or under a team member's full name from an
        address of their own (staff forwarding from a personal phone)."""
        return address in self.team or (bool(display) and bool(self.full_names)
                                        and _fold_name(display or "") in self.full_names)


@dataclass(frozen=True)
class Verdict:
    decision: Decision
    reason: str
    channel: Channel = Channel.EMAIL
    contact_name: str | None = None
    contact_email: str | None = None
    contact_phone: str | None = None
    extra: dict[str, str] = field(default_factory=dict)
    evidence: tuple[Evidence, ...] = ()
    score: float = 0.0

    @property
    def is_lead(self) -> bool:
        return self.decision is Decision.LEAD

    @property
    def confidence(self) -> float:
        """How sure the reading is (0.5 = a coin toss), from the weight of the evidence."""
        if self.decision is Decision.UNDECIDED:
            return 0.5
        return round(1 / (1 + math.exp(-abs(self.score) / 2)), 2)


@dataclass
class _Prospect:
    name: str | None = None
    email: str | None = None
    phone: str | None = None
    channel: Channel = Channel.EMAIL
    how: str = "direct enquiry"
    extra: dict[str, str] = field(default_factory=dict)
    withheld: bool = False  # a marketplace announces a customer's request and withholds their contact

    @property
    def somebody(self) -> bool:
        """Whether anyone is known behind the message: an address, a number, a name, or a customer whose
        request a marketplace announces (its contact withheld until the lead is bought)."""
        return bool(self.email or self.phone or self.name) or self.withheld


def normalise_subject(subject: str) -> str:
    return " ".join(SUBJECT_PREFIX.sub("", subject or "").lower().split())


def _domain(addr: str) -> str:
    return addr.rpartition("@")[2].lower()


_ROBOT_ANYWHERE = re.compile("no-?reply|do-?not-?reply|notification|notificaci|no-?responder|ne-?pas-?repondre|"
                             "non-?rispondere|nicht-?antworten|keine-?antwort")


def _is_robot(addr: str) -> bool:
    local = addr.partition("@")[0].lower()
    return bool(ROBOT_LOCALS.match(local) or _ROBOT_ANYWHERE.search(local))


def _hard_reason(parsed: ParsedMessage, content: Content) -> str | None:
    """Mail that is never a new lead whatever it says: bounces, read receipts, auto-replies, DMARC reports."""
    sender = parsed.from_addr or ""
    local = sender.partition("@")[0]
    ctype = (parsed.header("content-type") or content.content_type).lower()
    return_path = parsed.header("return-path")
    auto = (parsed.header("auto-submitted") or "").strip().lower()
    if content.report == "delivery-status" or ("multipart/report" in ctype and "delivery-status" in ctype) \
            or local in ("mailer-daemon", "postmaster") or parsed.header("x-failed-recipients"):
        return "bounce (a delivery failure report)"
    if content.report == "disposition-notification" or "disposition-notification" in ctype:
        return "read receipt (a disposition notification)"
    # RFC 3834 asks auto-replies, and RFC 8098 read receipts, for an empty Return-Path too: they are no bounces.
    if auto.startswith("auto-replied"):
        return f"auto-reply (Auto-Submitted: {auto})"
    if return_path is not None and return_path.strip() in ("<>", ""):
        return "bounce (a delivery failure report)"
    if _DMARC_REPORT.match(parsed.subject or ""):
        return "automated report (a DMARC aggregate report)"
    if content.calendar in ("REPLY", "CANCEL", "COUNTER", "DECLINECOUNTER"):
        return f"calendar answer (METHOD:{content.calendar})"
    return None


def _auto_reason(parsed: ParsedMessage) -> str | None:
    """Auto-generated mail: set aside unless somebody is behind it (a form, a caller)."""
    auto = (parsed.header("auto-submitted") or "").strip().lower()
    if auto and auto != "no":
        return f"auto-reply (Auto-Submitted: {auto})"
    for name in ("x-autoreply", "x-autorespond"):
        if parsed.header(name):
            return f"auto-reply ({name})"
    # ("All" only asks others not to answer automatically: notification services set it on every mail.)
    if "oof" in (parsed.header("x-auto-response-suppress") or "").lower():
        return "auto-reply (x-auto-response-suppress)"
    if parsed.header("x-ms-exchange-generated-message-source"):
        return "auto-reply (Exchange generated)"
    if AUTO_SUBJECTS.match(parsed.subject or ""):
        return "auto-reply (out-of-office subject)"
    return None


# A carrier's e-mail gateway for text messages (6235550144@vtext.com, …@txt.att.net, …@tmomail.net): the
# local part is the texter's number (a QQ address's digits are no phone number).
_TEXT_GATEWAY = re.compile(r"(^|\.)(vtext|vzwpix|tmomail|txt|mms|sms|pix|mypixmessages|messaging\.sprintpcs)\.")


def _bulk_reason(parsed: ParsedMessage) -> str | None:
    if parsed.header("list-id"):
        return "mailing list (List-Id)"
    if parsed.header("list-unsubscribe"):
        return "bulk mail (List-Unsubscribe)"
    precedence = (parsed.header("precedence") or "").strip().lower()
    if precedence in ("bulk", "list", "junk"):
        return f"bulk mail (Precedence: {precedence})"
    return None


def _builder(sender: str, subject: str, text: str) -> str | None:
    body = text if len(text) <= 2100 else f"{text[:600]}\n{text[-1500:]}"  # a short text once, not twice
    haystack = f"{sender}\n{subject}\n{body}".lower()
    return _BUILDERS.first(haystack)


# WhatsApp's exported lines: "[12/05/2026, 10:14] Name: …" (iPhone) or "12/05/26, 10:14 - Name: …" (Android).
_WHATSAPP_EXPORT = re.compile(r"^\s*\[?\d{1,4}[./-]\d{1,2}[./-]\d{2,4},?\s+\d{1,2}[:.]\d{2}(?::\d{2})?"
                              r"\s*(?:[ap]\.?m\.?)?\]?\s*(?:-\s*)?[^:\n]{1,40}:", re.MULTILINE | re.IGNORECASE)


# A chat's lines in any app's export: a time, the speaker, then what they said after a tab or a colon
# ("09:02\tวรรณา ศรีวงศ์\tสวัสดีค่ะ", "[7:42 PM] Ana Souza: Bom dia").
_CHAT_EXPORT = re.compile(r"^\s*\[?\d{1,2}[:.]\d{2}(?:\s*[ap]\.?\s?m\.?)?\]?[\t ]+[^\t:\n]{1,40}?(?:\t|: )\S",
                          re.MULTILINE | re.IGNORECASE)


def _channel_hint(parsed: ParsedMessage, text: str, rules: Rules, relayed: bool) -> Channel | None:
    """The channel the sender or subject names; a relay's opening lines count too (a person's
    signature saying "WhatsApp: +34 …" does not make their mail a WhatsApp message)."""
    haystack = f"{parsed.from_addr}\n{parsed.from_name}\n{parsed.subject}".lower()
    for pattern, channel in rules.channel_rules:
        if pattern and pattern in haystack:
            return channel
    hinted = _CHANNEL_HINTS.first(haystack)
    if hinted is None and relayed:
        hinted = _RELAYED_HINTS.first(text[:300].lower())
    if hinted is None and relayed and len(_WHATSAPP_EXPORT.findall(text[:3000])) >= 2:
        hinted = Channel.WHATSAPP  # a chat exported from WhatsApp, in whatever language it was had
    if hinted is None and relayed and len(_CHAT_EXPORT.findall(text[:3000])) >= 2:
        hinted = Channel.CHAT  # another app's chat pasted (LINE's "09:02<tab>Name<tab>text"), or a transcript
    return hinted


def _outside(addr: str | None, ctx: Context, sender: str) -> bool:
    return bool(addr) and addr not in ctx.team and _domain(addr or "") not in ctx.own_domains \
        and not _is_robot(addr or "") and addr != sender


def _generated(addr: str, sender: str) -> bool:
    """A relay address a service makes per conversation (m-3819274650-k2j4@messages.houzz.com)."""
    local, _, domain = addr.partition("@")
    return sum(c.isdigit() for c in local) >= 6 or bool(_HEX_RUN.search(local)) \
        or _site(domain) == _site(_domain(sender))


def _site(domain: str) -> str:
    parts = domain.lower().split(".")
    return ".".join(parts[-3:]) if len(parts) > 2 and len(parts[-2]) <= 3 else ".".join(parts[-2:])


def _recipients(parsed: ParsedMessage) -> list[tuple[str, str]]:
    try:
        pairs = addresses([decode(h) for h in parsed.recipients_header])
    except (TypeError, ValueError, IndexError):
        return []
    return [(n.strip(), a.strip().lower()) for n, a in pairs if "@" in a]


_DEPARTMENT = re.compile(r"\S\s+[-–—|]\s+\S")


def looks_like_org(display: str) -> bool:
    """A display name of an organisation or a system ("RingCentral", "Farben-Schulte GmbH Buchhaltung")."""
    words = _DISPLAY_WORDS.findall(display.lower())
    if not words:
        return False
    if set(words) & ORG_WORDS or "&" in display or any(c.isdigit() for c in display):
        return True
    if _DEPARTMENT.search(display):
        return True  # "Дентал Депо – Сметководство", "Dental Depo Albania - Financa": a firm and its department
    if len(words) >= 3 and display.isupper():
        return True  # "ΙΑΤΡΙΚΑ ΕΙΔΗ ΑΤΤΙΚΗΣ Α.Ε.": a firm's name in capitals, not a person's
    # One word in capitals or with a capital inside: "CHECK24", "PayPal", "FRITZ!Box".
    return len(words) == 1 and (display.isupper() or any(c.isupper() for c in display[1:]) or "!" in display)


def _brand(display: str, sender: str) -> bool:
    """One word that is not in the address either: "Nubank" <atendimento@…>, "Colissimo" <info@…> (a person
    called "Anna" writes from anna.k@…; "Jo" from jo@…)."""
    words = display.strip().strip('"').split()
    if len(words) != 1 or not words[0][:1].isalpha():
        return False
    word = unicodedata.normalize("NFKD", words[0].lower()).encode("ascii", "ignore").decode()
    return len(word) >= 4 and word not in sender.partition("@")[0]


def _name_of(display: str, text: str) -> str | None:
    display = display.strip().strip('"')
    if display and "@" not in display and looks_like_name(display) and not looks_like_org(display):
        return display
    return signature_name(text) or (display if display and "@" not in display and looks_like_name(display)
                                    else None)


class _Reading:
    """One message being read: its prospect and the evidence, built up in steps."""

    def __init__(self, parsed: ParsedMessage, content: Content, ctx: Context) -> None:
        self.parsed, self.content, self.ctx = parsed, content, ctx
        self.sender = parsed.from_addr or ""
        self.subject = parsed.subject or ""
        self.evidence: list[Evidence] = []
        # The business's own address (a relay, a forward, team mail), or a team member under their full name
        # from an address of their own.
        self.own = ctx.by_team_member(self.sender, parsed.from_name)
        # A lead marketplace writes from a person-like address (team@bark.com): its platform is a robot too.
        self.robot = _is_robot(self.sender) or MARKETPLACE.any_in(_domain(self.sender))
        # The business's own systems (a phone system, a chat server) send from its domain.
        self.system = not self.own and _domain(self.sender) in ctx.own_domains
        # Robots quote nobody: their "From: / Date:" lines are the notification's own fields.
        if self.robot or self.system:
            self.mine = content.text[:6000].strip()
        else:  # what a person asks is said at the start, who they are in the sign-off at the end
            mine = own_text(content.text[:8000])
            self.mine = mine if len(mine) <= 1600 else f"{mine[:1200]}\n{mine[-400:]}"
        self.low = f"{self.subject}\n{self.mine}".lower()
        name = parsed.from_name
        self.org = bool(name) and (looks_like_org(name) or _brand(name, self.sender))
        language = parsed.header("content-language") or parsed.header("accept-language")  # Outlook's "fr-CA"
        self.region = writer_region(ctx.region, self.sender, language)  # a Belgian's "0476 …" is Belgian
        self.negatives: dict[str, float] = {}
        self._scanned: dict[Kind, list[str]] | None = None
        self._phones: tuple[str | None, str | None] | None = None
        self._hints: dict[bool, Channel | None] = {}

    @property
    def relay(self) -> bool:
        return self.robot or self.own or self.system

    def phone(self, need_cue: bool = False) -> str | None:
        """The writer's own number in their text (read once: several readings ask)."""
        if self._phones is None:
            self._phones = writer_phones(self.mine[:6000], self.region)
        return self._phones[0] if need_cue else self._phones[1]

    def hint(self, relayed: bool) -> Channel | None:
        """The channel the sender, the subject (or, ``relayed``, a relay's opening lines) name."""
        if relayed not in self._hints:
            self._hints[relayed] = _channel_hint(self.parsed, self.mine, self.ctx.rules, relayed)
        return self._hints[relayed]

    def documents(self) -> bool:
        """Whether the words say this is a bill, a scam or an application (whose addresses are no prospect's)."""
        return bool(self.scanned(Kind.INVOICE) or self.scanned(Kind.PHISHING) or self.scanned(Kind.JOB))

    @cached_property
    def own_list(self) -> bool:
        """Whether the mail came through a list of the business's own (a Google Group that is the office's
        inbox): its List-Id, List-Unsubscribe and Precedence say nothing of the mail."""
        listed = (self.parsed.header("list-id") or "").lower()
        return bool(listed) and any(domain in listed for domain in self.ctx.own_domains)

    @cached_property
    def asks_up_front(self) -> bool:
        """Whether the subject or the opening lines ask about a service (a newsletter's "more information"
        and "prices" are in its footer). Asked twice of bulk mail, read once."""
        opening = self.mine[:min(600, len(self.mine) * 2 // 3)]  # a short mail's last third is its footer
        return bool(self.scanned(Kind.ENQUIRY)) and Kind.ENQUIRY in scan(f"{self.subject}\n{opening}".lower())

    def scanned(self, kind: Kind) -> list[str]:
        if self._scanned is None:
            low = self.low if len(self.low) <= 1600 else f"{self.low[:1300]}\n{self.low[-300:]}"
            self._scanned = scan(low)
        return self._scanned.get(kind, [])

    def add(self, weight: float, words: str, kind: str | None = None) -> None:
        self.evidence.append(Evidence(weight, words))
        if kind and weight < 0:
            self.negatives[kind] = self.negatives.get(kind, 0.0) + weight

    def markers(self, kind: Kind, first: float, each: float, cap: float) -> list[str]:
        """Evidence from the words of ``kind``: ``first`` for one, ``each`` for every further one."""
        words = self.scanned(kind)
        if words:
            weight = first + each * (len(words) - 1)
            weight = max(cap, weight) if weight < 0 else min(cap, weight)
            quoted = ", ".join(f"'{w.strip()}'" for w in words[:3])
            self.add(weight, f"{kind.value}: {quoted}", kind.value)
        return words

    # -- the prospect ------------------------------------------------------------------
    def prospect(self) -> _Prospect | None:
        ctx, sender = self.ctx, self.sender
        original = self._forwarded_original()
        if original is not None and original.address not in ctx.team:
            prospect = self._from_forward(original)
            if prospect is not None:
                return prospect
        relay = self.relay
        own = ctx.team | ({sender} if relay else set())
        form = self._signature_aside(read_fields(self.mine[:8000], self.region, frozenset(own)), self.mine[:8000],
                                     self.parsed.from_name, self.region, relay)
        form = self._without_relay_addresses(form)
        reply_header = self.parsed.header("reply-to")
        reply_to = [(n, a.lower()) for n, a in addresses([decode(reply_header)]) if "@" in a] if reply_header else []
        outside_reply = next(((n, a) for n, a in reply_to if a != sender and _outside(a, ctx, sender)
                              and not _generated(a, sender)), None)
        caller_hint = self.hint(relay or self.org)
        if self.own and outside_reply is not None and not form.found and self.own_list:
            # The office's own group put its name on a person's mail ("'Heather' via Office"): they wrote it.
            self.add(2, f"written by a person through the office's group ({outside_reply[1]})")
            phone = form.phone or self.phone()
            return _Prospect(outside_reply[0] or None, outside_reply[1], phone, caller_hint or Channel.EMAIL,
                             f"written through {_domain(self.sender)}'s group")
        named = self._named if relay or self.org or caller_hint else lambda: None
        if form.found and form.labelled >= 2:
            # A form's own answers ("How did you hear about us: Instagram") do not make it a chat.
            channel = _relay_channel(self.hint(False), self.parsed, "")
            email = form.email or (outside_reply[1] if outside_reply else None)
            if email is None and not relay and not self.org and _outside(sender, ctx, ""):
                email = sender
            if email is None and relay:  # under a label in a language not known here ("Correu electrònic")
                email = self._only_outside_address()
            name = self._fit_name(form.name or (outside_reply[0] if outside_reply else None) or named())
            # A transcript's visitor gives their number in their own lines; the agent's lines hold the office's.
            phone = (self._callback() if channel is Channel.PHONE else None) or form.phone \
                or (self._said_phone(name) if name else None) or self.phone(need_cue=True) \
                or self._labelled_phone(relay)
            # A robot's payment notice lists its payer under labels too ("Customer email", "Sender"): no form.
            paid = (self.robot or self.system) and len(self.scanned(Kind.INVOICE)) >= 2
            self.add(2 if paid else 6, "form layout with an outside address" if email
                     else "form layout with a phone number")
            return _Prospect(name, email, phone, channel, "web form")
        if relay and outside_reply is not None:
            self.add(1 if self.documents() else 3, f"Reply-To an outside address ({outside_reply[1]})")
            name = self._fit_name(outside_reply[0] or form.name or named())
            phone = form.phone or self.phone(need_cue=True) or self._labelled_phone(True)
            channel = _relay_channel(caller_hint, self.parsed, self.mine)
            return _Prospect(name, outside_reply[1], phone, channel, "web form")
        introduced = self._introduced() or self._referred_in_text()
        if introduced is not None:
            return introduced
        if relay or (self.org and caller_hint in (Channel.PHONE, Channel.WHATSAPP)):
            channel = _relay_channel(caller_hint, self.parsed, self.mine)
            return self._behind_robot(form, caller_hint, channel, named())
        name = _name_of(self.parsed.from_name, self.mine)
        local = sender.partition("@")[0]
        texted = normalise_phone(local, self.region) \
            if local.lstrip("+").isdigit() and _TEXT_GATEWAY.search(_domain(sender)) else None  # 6235550144@vtext
        phone = form.phone or self.phone() or texted
        channel = caller_hint or (Channel.PHONE if texted else Channel.EMAIL)  # a text message through a gateway
        return _Prospect(name, sender, phone, channel, "direct enquiry")

    def _named(self) -> str | None:
        """The person a notification is about, or a caller's own name (looked for only when needed)."""
        named = named_sender(self.subject, self.mine)
        hint = self.hint(True)
        if named is None and hint in (Channel.PHONE, Channel.WHATSAPP):
            display = (self.parsed.from_name or "").strip('" ')
            person = display if display and not looks_like_org(display) and looks_like_name(display) \
                and "@" not in display else None
            # A one-word display name is the phone service's brand ("Placetel") more often than the caller.
            named = person if person and len(person.split()) > 1 else caller_name(self.mine) or person
        if named and named.lower() == (self.parsed.from_name or "").lower() and looks_like_org(named):
            return None
        return named

    @cached_property
    def _quotes(self) -> list[str]:
        """The passages the text quotes: what a notification relays of its customer's own words."""
        return quoted(self.mine[:4000])

    def _callback(self) -> str | None:
        """The number a caller asks to be called back on in a voicemail's quoted transcript ("best is my
        Mexican cell, 33 1204 7789"): it comes before the caller ID."""
        return next((number for q in self._quotes if (number := best_phone(q, self.region, need_cue=True))), None)

    @cached_property
    def _outside_addresses(self) -> list[str]:
        """The outside addresses in the text, in order, each once (not a relay's own per-conversation ones)."""
        found = dict.fromkeys(e.lower() for e in EMAIL.findall(self.mine[:6000]))
        return [e for e in found if _outside(e, self.ctx, self.sender) and not _generated(e, self.sender)]

    def _only_outside_address(self) -> str | None:
        """The one outside address in a relay's text, when it holds exactly one."""
        return self._outside_addresses[0] if len(self._outside_addresses) == 1 else None

    def _relayed_name(self) -> str | None:
        """The person a notification's Reply-To names at an address its service makes per conversation
        ("Katarina" <ox3c2xjkiknswc4cf7my@reply.airbnb.com>): answering it reaches them."""
        header = self.parsed.header("reply-to")
        if not header:
            return None
        for name, address in addresses([decode(header)]):
            name = name.strip().strip('"')
            if name and _generated(address.lower(), self.sender) and looks_like_name(name) \
                    and not looks_like_org(name) and name.lower() != (self.parsed.from_name or "").lower():
                return name
        return None

    def _quoted_request(self) -> str | None:
        """The customer's own words a notification quotes („…“, “…”, «…», 「…」) when they ask something or
        give their number (mail through a mailing list quotes what it likes)."""
        if self.parsed.header("list-id"):
            return None
        asking = [q for q in self._quotes if _QUESTION.search(q) or best_phone(q, self.region)]
        return max(asking, key=len) if asking else None

    def _labelled_phone(self, relay: bool) -> str | None:
        """A relayed form's number under a label in a language not known here; never a bill's ("Bankgiro:
        5050-1234") or an application's."""
        return labelled_phone(self.mine, self.region) if relay and not self.documents() else None

    def _quoted_phone(self) -> str | None:
        """A number in the customer's own words a notification quotes ("… call me on 01911-734026"): theirs."""
        asked = self._quoted_request()
        return best_phone(asked, self.region) if asked else None

    def _said_phone(self, name: str) -> str | None:
        """The number a chat transcript's visitor gives in their own lines ("Alicia Moreno: 510-555-0139")."""
        said = said_by(self.mine, name)
        return best_phone(said, self.region) if said else None

    def _fit_name(self, name: str | None) -> str | None:
        """A name that is not the robot's or the business's own display name."""
        if name and name.lower() in ((self.parsed.from_name or "").lower(), *(a.lower() for a in self.ctx.team)):
            return None
        return name

    def _without_relay_addresses(self, form: FormFields) -> FormFields:
        """A relay's own addresses (profis@check24.de in a CHECK24 mail) are not the prospect's."""
        if form.email and self.relay and _site(_domain(form.email)) == _site(_domain(self.sender)):
            return FormFields(form.name, None, form.phone, form.message, form.labelled)
        return form

    def _behind_robot(self, form: FormFields, hint: Channel | None, channel: Channel,
                      named: str | None) -> _Prospect | None:
        sender = self.sender
        if hint in (Channel.PHONE, Channel.WHATSAPP) or (hint is Channel.CHAT and self.own):  # a pasted chat too
            phone = self._callback() or form.phone or best_phone(f"{self.subject}\n{self.mine}", self.region)
            if phone:
                self.add(5, f"a {hint.label.lower()} message with the caller's number")
                typed = self._outside_addresses  # an address the customer typed in the chat
                email = form.email or (typed[0] if typed else None)
                return _Prospect(self._fit_name(form.name or named), email, phone, hint,
                                 f"{hint.label} message via {_domain(sender)}")
        outside = self._outside_addresses[0] if self._outside_addresses else None
        named = named or self._relayed_name()
        phone = form.phone or (self.phone(need_cue=True) if outside or named else None)
        name = self._fit_name(form.name or named)
        nobody = not (outside or phone or name)
        announced = nobody and bool(found(Kind.FORM, self.subject.lower()))  # "New job: …", not "Your digest"
        if nobody and channel is Channel.OTHER and self.scanned(Kind.ENQUIRY):
            self.add(5, f"a marketplace's request (its customer's contact is withheld by {_domain(sender)})")
            return _Prospect(None, None, self._quoted_phone(), channel, "web form", withheld=announced)
        # A service's notice (not the team's mail, no bill) with somebody's request behind it, unnamed.
        withheld = nobody and not (self.own or self.documents())
        if withheld and announced and not self.parsed.header("list-id") \
                and (self.scanned(Kind.ENQUIRY) or _QUESTION.search(self.mine[:1500])):
            # "Novo pedido: Veterinário em Belo Horizonte" from any service: a request, its contact withheld
            # (but for a number the customer typed into the words it quotes)
            self.add(4, f"a request {_domain(sender)} announces (its customer's contact withheld)")
            return _Prospect(None, None, self._quoted_phone(), channel, "web form", withheld=True)
        asked = self._quoted_request() if withheld else None
        if asked is not None:  # a guest's question, a buyer's message: somebody wrote it, their contact withheld
            self.add(4, f"a customer's own message quoted by {_domain(sender)}")
            return _Prospect(None, None, best_phone(asked, self.region), channel, "web form", withheld=True)
        if phone is None and name:
            phone = self._said_phone(name) or self._quoted_phone()
        if nobody:  # (a number in a named person's own chat lines needs their name)
            return None
        # A named person outweighs an address or number in the text: finding their number as well
        # never makes the notification less of a lead.
        # A marketplace's customer, named by a verb or under a label ("Auftraggeber: Gisela M."), is its lead.
        by_name = 5 if name and (channel is Channel.OTHER or (named and channel is Channel.CHAT)) \
            else 4 if named else 2 if name else 0
        by_contact = (0.5 if self.documents() else 2) if outside or phone else 0
        if self.scanned(Kind.INVOICE):  # a payment notice names its payer, a bill its customer: no enquirer
            by_name = min(by_name, 1)
        if by_name > by_contact:
            self.add(by_name, f"a message from a named person ({name})")
        else:
            what = "address" if outside else "phone number"
            self.add(by_contact, f"an outside {what} in the text ({outside or phone})")
        return _Prospect(name, outside, phone, channel, "web form")

    def _signature_aside(self, form: FormFields, text: str, name: str, region: str, relay: bool) -> FormFields:
        """A person's letter whose only labelled lines are their signature's ("Tel.: …", "E-Mail: …") is
        no form: the fields above the sign-off decide."""
        if relay or form.labelled < 2:
            return form
        above = read_fields(before_signature(text, name), region, self.ctx.team)
        return above if above.labelled < 2 else form

    def _from_forward(self, original: Forwarded) -> _Prospect | None:
        ctx, sender = self.ctx, self.sender
        region = writer_region(ctx.region, original.address)
        form = self._signature_aside(read_fields(original.text, region, ctx.team), original.text,
                                     original.name or "", region, _is_robot(original.address))
        by_team = ctx.by_team_member(sender, self.parsed.from_name)
        extra = {} if by_team else {"referrer": sender}
        if form.found and form.labelled >= 2:
            self.add(6, "a forwarded form with an outside address" if form.email
                     else "a forwarded form with a phone number")
            return _Prospect(form.name, form.email, form.phone, Channel.WEB_FORM, f"forwarded by {sender}",
                             extra)
        if _is_robot(original.address):
            return None
        text = own_text(original.text)
        self.add(3, f"forwards an enquiry from {original.address}")
        self.low += "\n" + text[:3000].lower()
        self._scanned = None
        return _Prospect(_name_of(original.name or "", text), original.address, best_phone(text, region),
                         Channel.EMAIL if by_team else Channel.REFERRAL, f"forwarded by {sender}", extra)

    def _forwarded_original(self) -> Forwarded | None:
        for raw in self.content.attached[:1]:
            try:
                inner = parse_message(raw)
            except UnparseableMessage:
                continue
            if inner.from_addr:
                return Forwarded(inner.from_name or None, inner.from_addr, extract(raw).text)
        return forwarded(self.subject, self.content.text)

    def _introduced(self) -> _Prospect | None:
        ctx, sender = self.ctx, self.sender
        if self.relay or sum(h.count("@") for h in self.parsed.recipients_header) < 2:
            return None  # nobody else is copied in
        others = [(n, a) for n, a in _recipients(self.parsed) if _outside(a, ctx, sender)]
        if not others:
            return None
        words = self.scanned(Kind.INTRODUCTION)
        # In any language, an introduction turns to the person it copies in by name ("Sasho, this is the
        # clinic I told you about": "Сашо, ова е ординацијата…").
        addressed = None if words else next(((n, a) for n, a in others if _addressed(n, self.mine)), None)
        if not words and addressed is None:
            return None
        if addressed is not None:
            name, address = addressed
        else:
            name, address = others[0]
            for n, a in others:  # the one the text names, when several are copied in
                first = (n or a.split("@")[0]).split()[0].lower() if (n or a) else ""
                if first and first in self.low:
                    name, address = n, a
                    break
        why = f"'{words[0].strip()}'" if words else "turns to them by name"
        self.add(3, f"introduces {name or address} ({why})")
        # An introduction turns to the person it introduces: "your number is …" is theirs, not the business's.
        body = before_signature(self.mine, self.parsed.from_name)
        phone = best_phone(body, self.region) or best_phone(body, self.region, yours_too=True)
        return _Prospect(name or None, address, phone, Channel.REFERRAL, f"introduced by {sender}",
                         {"referrer": sender})

    def _referred_in_text(self) -> _Prospect | None:
        """A referral letter that gives the person's own address ("I refer Mrs Johanna Kuipers … by e-mail
        at j.kuipers58@ziggo.nl"), or names them and gives their number ("σου παραπέμπω τον ασθενή μου
        κ. Παναγιώτη Σταματόπουλο … στο κινητό του 6972 550 118"): that person is the prospect, the writer
        the referrer."""
        ctx, sender = self.ctx, self.sender
        if self.relay:
            return None
        words = self.scanned(Kind.REFERRAL)
        if not words:
            return None
        text = before_signature(self.mine, self.parsed.from_name)
        address = next((e.lower() for e in EMAIL.findall(text) if _outside(e.lower(), ctx, sender)
                        and _domain(e.lower()) != _domain(sender)), None)
        named = _HONORIFIC_NAME.search(text)
        name = named.group("name") if named and looks_like_name(named.group("name")) else None
        # The writer's own numbers are in their signature: a number above it, beside a named person, is theirs.
        phone = best_phone(text, writer_region(ctx.region, address) if address else self.region)
        if address is None and not (name and phone):
            return None
        self.add(3, f"refers {name or address} ('{words[0].strip()}')")
        return _Prospect(name, address, phone, Channel.REFERRAL, f"referred by {sender}", {"referrer": sender})


def _addressed(name: str, text: str) -> bool:
    """Whether a line of ``text`` starts by turning to the person ``name`` by their first name ("Sasho, …")."""
    first = name.strip().strip('"').split()[0] if name.strip().strip('"') else ""
    if len(first) < 3 or not first[0].isalpha():
        return False
    return re.search(rf"(?m)^[ \t]*{re.escape(first)}[ \t]*[,،，]", text) is not None


def _relay_channel(hint: Channel | None, parsed: ParsedMessage, text: str) -> Channel:
    if hint in (Channel.CHAT, Channel.WHATSAPP, Channel.PHONE):
        return hint
    haystack = f"{parsed.from_addr}\n{parsed.from_name}\n{parsed.subject}\n{text[:300]}".lower()
    if MARKETPLACE.any_in(haystack):
        return Channel.OTHER  # a lead bought from a marketplace
    return Channel.WEB_FORM


def is_own_report(parsed: ParsedMessage) -> bool:
    """The weekly report LeakDesk put in this inbox (leakdesk.report.weekly_mail): never a lead, nor a
    team member's answer to one (its tables name leads and figures, which must not read as a form)."""
    own_id = (parsed.message_id or "").lower().rstrip(">").endswith("@leakdesk.invalid")  # its own making
    return own_id and (parsed.header("x-leakdesk") or "").strip().lower() == OWN_REPORT_HEADER


def classify(parsed: ParsedMessage, content: Content, ctx: Context) -> Verdict:
    """The verdict on one inbox message, with its evidence."""
    if is_own_report(parsed):
        return Verdict(Decision.NOT_A_LEAD, OWN_REPORT, evidence=(Evidence(-10, OWN_REPORT),), score=-10)
    sender = parsed.from_addr or ""
    rules = ctx.rules
    if sender in rules.ignore_senders or _domain(sender) in rules.ignore_domains:
        return Verdict(Decision.NOT_A_LEAD, "ignored sender (your rule)",
                       evidence=(Evidence(-10, "your rule ignores this sender"),), score=-10)
    hard = _hard_reason(parsed, content)
    if hard is not None and sender not in rules.lead_senders:
        return Verdict(Decision.NOT_A_LEAD, hard, evidence=(Evidence(-10, hard),), score=-10)
    reading = _Reading(parsed, content, ctx)
    prospect = reading.prospect()
    somebody = prospect is not None and prospect.somebody
    carried = somebody and prospect is not None and prospect.how != "direct enquiry"  # a form, a caller, a forward
    exempt = sender in rules.lead_senders or sender in rules.form_senders
    if content.calendar is not None and not (carried and reading.relay) and not exempt:
        why = f"calendar invitation or answer (METHOD:{content.calendar})"
        return Verdict(Decision.NOT_A_LEAD, why, evidence=(*reading.evidence, Evidence(-10, why)), score=-10)
    auto = _auto_reason(parsed)
    if auto is not None and not carried and not exempt:
        return Verdict(Decision.NOT_A_LEAD, auto, evidence=(*reading.evidence, Evidence(-10, auto)), score=-10)
    # Only a team address sets mail aside unweighed: a prospect may share a team member's name.
    if reading.own and sender in ctx.team and not carried and not exempt:
        return Verdict(Decision.NOT_A_LEAD, "from a team address",
                       evidence=(Evidence(-10, "sent from a team address"),), score=-10)
    bulk = None if reading.own_list else _bulk_reason(parsed)
    if bulk is not None and not carried and not exempt and not reading.asks_up_front:
        return Verdict(Decision.NOT_A_LEAD, bulk, evidence=(Evidence(-10, f"{bulk}, nobody behind it"),),
                       score=-10)
    _weigh(reading, parsed, content, prospect, auto, carried)
    if sender in rules.lead_senders or sender in rules.form_senders or _domain(sender) in rules.form_senders:
        reading.add(8, "your rule: mail from this sender is a lead")
    learned = ctx.learned.judge(learning_tokens(parsed, content, reading.mine)) if ctx.learned else None
    if learned is not None:
        reading.add(learned[0], learned[1], learned[1])
    score = sum(e.weight for e in reading.evidence)
    evidence = tuple(sorted(reading.evidence, key=lambda e: -abs(e.weight)))
    if prospect is not None and score >= LEAD_AT:
        return _lead(parsed, content, reading, prospect, evidence, score)
    if score <= ASIDE_AT:
        weak = ("sent by a robot", "newsletter or bulk mail", Kind.NOTIFICATION.value)
        what = [kv for kv in reading.negatives.items() if kv[0] not in weak and kv[1] <= -2] \
            or list(reading.negatives.items())  # what the mail is about says more than who sent it
        strongest = min(what, key=lambda kv: kv[1])[0] if what else "automated message with nobody behind it"
        weak_only = all(kind in weak for kind in reading.negatives)
        if not (somebody and weak_only):
            return Verdict(Decision.NOT_A_LEAD, _aside_reason(strongest), Channel.EMAIL, *_contact(prospect),
                           evidence=evidence, score=score)
    top = "; ".join(str(e) for e in evidence[:3]) or "nothing says either way"
    return Verdict(Decision.UNDECIDED, f"not sure: {top}", prospect.channel if prospect else Channel.EMAIL,
                   *_contact(prospect), extra=prospect.extra if prospect else {}, evidence=evidence, score=score)


def _contact(prospect: _Prospect | None) -> tuple[str | None, str | None, str | None]:
    """(name, email, phone) of the prospect, for a person to check."""
    if prospect is None:
        return None, None, None
    return prospect.name or prospect.email or prospect.phone, prospect.email, prospect.phone


def _aside_reason(kind: str) -> str:
    return {"sent by a robot": "automated message with nobody behind it",
            "newsletter or bulk mail": "newsletter or bulk mail",
            "mailing list": "mailing list (List-Id)"}.get(kind, kind)


def _weigh(reading: _Reading, parsed: ParsedMessage, content: Content, prospect: _Prospect | None,
           auto: str | None, carried: bool) -> None:
    sender = reading.sender
    nobody = prospect is None or not prospect.somebody
    names = " ".join(a.filename.lower() for a in content.attachments)
    cv = bool(names) and bool(_CV_FILE.search(names))
    offers = reading.scanned(Kind.PITCH) or reading.scanned(Kind.JOB) or cv  # a CV offers its writer
    if reading.robot or reading.system:
        reading.add(-3 if nobody else -1, f"sent by a robot ({sender})" + (", nobody behind it" if nobody else ""),
                    "sent by a robot")
    elif prospect is not None and prospect.email == sender and not reading.own:
        if reading.org:
            reading.add(0.5, f"from an organisation's address ({parsed.from_name})")
        else:  # a person offering their services or themselves is no prospect
            reading.add(0.5 if offers else 1.5, f"written by a person ({parsed.from_name or sender})")
    if auto is not None:
        reading.add(-1 if carried else -3, auto, "auto-reply")
    own_list = reading.own_list  # the office's own group ("Heather via Office"): its list headers are its own
    listed = None if own_list else parsed.header("list-id")
    unsubscribe = None if own_list else parsed.header("list-unsubscribe")
    if listed:
        reading.add(-3, "mailing list (List-Id)", "mailing list")
    if unsubscribe:
        reading.add(-2, "List-Unsubscribe", "newsletter or bulk mail")
    precedence = (parsed.header("precedence") or "").strip().lower()
    if precedence in ("bulk", "list", "junk") and not own_list:
        reading.add(-2, f"Precedence: {precedence}", "newsletter or bulk mail")
    if content.calendar is not None:
        reading.add(-2, f"a calendar invitation (METHOD:{content.calendar})", Kind.CALENDAR.value)
    elif CALENDAR_SUBJECTS.match(reading.subject) and not carried:
        reading.add(-2, "a calendar subject", Kind.CALENDAR.value)
    if READ_SUBJECTS.match(reading.subject) and len(reading.mine) < 600:
        reading.add(-6, "a read receipt's subject", Kind.READ_RECEIPT.value)
    if not (listed or unsubscribe) or reading.asks_up_front:  # bulk mail's "more information" is its footer's
        reading.markers(Kind.ENQUIRY, 1.5 if not offers else 1, 1, 3 if not offers else 1.5)
    opening = reading.mine[:4000]
    asks = "?" in opening or "？" in opening or "¿" in opening or "؟" in opening
    if asks and _QUESTION.search(_LINK.sub(" ", opening)):  # a link's "?id=" asks nothing
        reading.add(0.5, "asks a question")
    if found(Kind.FORM, reading.subject.lower()) and not (nobody and reading.relay):  # "new message in your account"
        reading.add(1.5, "the subject announces an enquiry")
    numbered = _INVOICE_WORD.any_in(reading.low) and bool(INVOICE_NUMBER.search(reading.low))
    words = reading.scanned(Kind.INVOICE)
    amount = bool(words) and bool(MONEY.search(reading.low))  # (only an invoice's amount says anything)
    billed = bool(names) and bool(_INVOICE_FILE.search(names))
    # One word of billing in a person's mail that asks about a service, with no invoice number, amount or
    # invoice attached, is about the bill to come ("my landlord will pay the invoice"): it weighs half.
    future = len(words) == 1 and not (numbered or amount or billed or reading.robot or reading.system) \
        and bool(reading.scanned(Kind.ENQUIRY))
    invoice = reading.markers(Kind.INVOICE, -1 if future else -2, -1.5, -7)
    if numbered:
        reading.add(-1.5 if invoice else -0.5, "an invoice number", Kind.INVOICE.value)
    if invoice and amount:
        reading.add(-1.5, "an amount of money", Kind.INVOICE.value)
    if billed:
        reading.add(-1.5, "an invoice attached", Kind.INVOICE.value)
    reading.markers(Kind.PHISHING, -2.5, -2, -8)
    reading.markers(Kind.JOB, -3.5, -3, -9)
    if cv:  # in any language: a CV and not a word of asking about a service is an application
        reading.add(-2 if reading.scanned(Kind.ENQUIRY) else -3.5, "a CV attached", Kind.JOB.value)
    delivers = (reading.robot or reading.system) and not (billed or cv or asks)
    named = _named_attachment(content, reading.subject) if delivers else None
    if named:
        # A service delivering a document its subject names ("Reikningur nr. 1847" with Reikningur_1847.pdf):
        # a bill, a statement or a report in any language, not somebody asking (it waits in Check these).
        reading.add(-2, f"a document the subject names attached ({named})", "a document delivered")
    reading.markers(Kind.PITCH, -2, -2, -8)
    if auto is None:
        reading.markers(Kind.AUTO_REPLY, -3.5, -3, -9)
    reading.markers(Kind.NOTIFICATION, -1, -1, -3)


_DOCUMENT_TYPES = ("application/pdf", "application/octet-stream", "application/vnd.", "application/msword")


def _named_attachment(content: Content, subject: str) -> str | None:
    """A document attached under the name the subject gives it: a word of four letters or more, or a number of
    three digits or more, of the subject in the file's name."""
    marks = set(re.findall(r"[^\W_]{4,}|\d{3,}", subject.lower()))
    for attachment in content.attachments:
        if attachment.content_type.startswith(_DOCUMENT_TYPES):
            name = attachment.filename.lower()
            if any(mark in name for mark in marks):
                return attachment.filename
    return None


def _lead(parsed: ParsedMessage, content: Content, reading: _Reading, prospect: _Prospect,
          evidence: tuple[Evidence, ...], score: float) -> Verdict:
    sender = reading.sender
    channel = prospect.channel
    if prospect.how == "web form":
        builder = _builder(sender, parsed.subject, content.text)
        what = f"web form ({builder or 'form'})" if channel is Channel.WEB_FORM else \
            f"{channel.label} via {builder or _domain(sender)}"
    else:
        what = prospect.how
    phone = prospect.phone
    if phone is None and channel in (Channel.PHONE, Channel.WHATSAPP):
        phone = best_phone(f"{parsed.subject}\n{reading.mine}", reading.region)
    name = prospect.name or prospect.email or phone
    return Verdict(Decision.LEAD, what, channel, name, prospect.email, phone, prospect.extra, evidence, score)


def learning_tokens(parsed: ParsedMessage, content: Content, mine: str | None = None) -> frozenset[str]:
    """What a past decision is remembered by: the sender, its domain, and the words written."""
    text = own_text(content.text) if mine is None else mine
    sender = parsed.from_addr or ""
    tokens = {f"from:{sender}", f"domain:{_domain(sender)}"}
    if _is_robot(sender):
        tokens.add("robot")
    if parsed.header("list-unsubscribe") or parsed.header("list-id"):
        tokens.add("bulk")
    words = re.findall(r"[^\W\d_]{3,}", f"{normalise_subject(parsed.subject)} {text[:1500]}".lower())
    tokens.update(words[:120])
    return frozenset(tokens)


__all__ = ["Context", "Decision", "Evidence", "Rules", "Verdict", "classify", "is_own_report", "learning_tokens",
           "normalise_phone", "normalise_subject"]
