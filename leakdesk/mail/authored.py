"""What the sender wrote themselves: the text above the quote, their
signature's name and phone, and the original of a forward.

Mail clients quote the message being answered below a line of their own
("On Tue, 10 Nov 2026, Ann wrote:", "Am ... schrieb ...:", "Le ... a écrit :",
Outlook's "-----Original Message-----" or its "From: / Sent:" block, ">"
lines). Everything from there down is someone else's text: the business's
own phone numbers in a staff signature live there, and must never become
the prospect's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

from leakdesk.domain.messages import addresses
from leakdesk.mail.cues import Cues
from leakdesk.mail.fields import EMAIL, looks_like_name, normalise_phone
from leakdesk.mail.labels import Field, field_of
from leakdesk.mail.markers import Markers, word_char

# A line that introduces quoted text, in the common clients and languages.
_ATTRIBUTION = re.compile(
    r"^\s*(on\b.{4,200}\bwrote\s*:|am\b.{4,200}\bschrieb\b.{0,120}:|le\b.{4,200}\ba\s+[ée]crit\s*:|"
    r"el\b.{4,200}\bescribi[óo]\s*:|il\b.{4,200}\bha\s+scritto\s*:|op\b.{4,200}\bschreef\b.{0,120}:|"
    r"em\b.{4,200}\bescreveu\s*:|.{0,200}(写道|寫道)\s*[:：]|.{2,200}\bwrote\s*:|"
    r"w dniu\b.{4,200}\b(pisze|napisał\(a\)|napisała?)\s*:|.{2,200}\bnapisał(\(a\)|a)?\s*:|"
    r"(den|på)\b.{4,200}\bskrev\b.{0,120}:|.{2,200}\bskrev\s*:|.{2,200}(のメッセージ|は書きました|"
    r"が書きました)\s*[:：]|"
    r".{2,200}\b(napsal\(a\)|napsal|napsala|yazdı|έγραψε|писал\(а\)|писал|писала|написав\(ла\)|написав|написала|"
    r"пише|пишет|писали|írta|kirjoitti|a scris|napisao\(la\)|napisao je|napisala je|je napisao|"
    r"je napisala|napisao|napisala|написа|rašė|parašė|va escriure|napísal\(a\)|napísal|napísala|aliandika|"
    r"ay sumulat|shkroi|ka shkruar|geskryf|rakstīja|napisal\(a\)|je napisal|napisal|napisao/la|написао/ла|је написао|"
    r"је написала|написао|"
    r"লিখেছেন|লিখেছে)\s*:|"
    r"noong\b.{4,200}\bsumulat\b.{0,200}:|.{2,200}\bkirjutas\b.{0,200}:|"
    r"(ви|вы|you)\s+(писали|wrote)\b.{0,120}:|"
    r".{2,200}(เขียนว่า|\bmenulis|ने लिखा|نوشت|نے لکھا|எழுதியது|எழுதினார்|წერს|"
    r"დაწერა)\s*[:：][\u200e\u200f\u202a-\u202e]*)"
    r"\s*$",
    re.IGNORECASE)
_SEPARATOR = re.compile(
    r"^\s*(-{2,}\s*(original message|ursprüngliche nachricht|message d'origine|mensaje original|"
    r"messaggio originale|oorspronkelijk bericht|mensagem original|原始邮件|oryginalna wiadomość|"
    r"ursprungligt meddelande|oprindelig meddelelse|opprinnelig melding|元のメッセージ|původní zpráva|özgün ileti|"
    r"orijinal mesaj|αρχικό μήνυμα|исходное сообщение|оригінальне повідомлення|вихідне повідомлення|"
    r"ข้อความต้นฉบับ|mesej asal|پیام اصلی|پيام اصلي|मूल संदेश|"
    r"mesazhi origjinal|oorspronklike boodskap|اصل پیغام|அசல் செய்தி|ორიგინალი შეტყობინება|"
    r"თავდაპირველი შეტყობინება|ორიგინალი წერილი|algne kiri|algne sõnum|sākotnējais ziņojums|"
    r"izvirno sporočilo|originalna poruka|оригинална порука|মূল বার্তা)\s*-{2,}|_{20,}|"
    r"-{2,}\s*(forwarded message|weitergeleitete nachricht|message transf[ée]r[ée]|mensaje reenviado|"
    r"messaggio inoltrato|doorgestuurd bericht|mensagem encaminhada|转发的邮件|wiadomość przekazana|"
    r"przekazana wiadomość|vidarebefordrat meddelande|videresendt meddelelse|videresendt melding|"
    r"転送されたメッセージ|přeposlaná zpráva|iletilen ileti|προωθημένο μήνυμα|пересланное сообщение|"
    r"переслане повідомлення|továbbított üzenet|välitetty viesti|mesaj redirecționat|mesaj transmis|"
    r"eredeti üzenet|alkuperäinen viesti|mesaj original|ข้อความที่ส่งต่อ|mesej dimajukan|mesej yang dimajukan|"
    r"پیام (بازارسال|هدایت|فوروارد)[\u200c ]?شده|پيام (بازارسال|هدايت|فوروارد)[\u200c ]?شده|अग्रेषित संदेश|"
    r"अग्रेषित किया गया संदेश|फ़ॉरवर्ड किया गया संदेश|proslijeđena poruka|proslijeđeni e-mail|"
    r"препратено съобщение|препратено писмо|persiųstas laiškas|persiųsta žinutė|missatge reenviat|"
    r"preposlaná správa|ipinasang mensahe|naipasang mensahe|ujumbe uliosambazwa|"
    r"mesazhi i përcjellë|mesazh i përcjellë|mesazhi i përcjellur|mesazhi i percjelle|aangestuurde boodskap|"
    r"deurgestuurde boodskap|فارورڈ کردہ پیغام|فارورڈ شدہ پیغام|آگے بھیجا گیا پیغام|"
    r"முன்னனுப்பப்பட்ட செய்தி|அனுப்பப்பட்ட செய்தி|გადაგზავნილი წერილი|გადაგზავნილი შეტყობინება|edastatud kiri|"
    r"edasi saadetud kiri|edastatud sõnum|pārsūtīts ziņojums|pārsūtītā vēstule|posredovano sporočilo|"
    r"prosleđena poruka|prosledjena poruka|прослеђена порука|ফরওয়ার্ড করা মেসেজ|ফরওয়ার্ড করা বার্তা)\s*-{2,}|"
    r"-{5,}\s*forwarded message\s*-{5,}|begin forwarded message\s*:|anfang der weitergeleiteten nachricht\s*:|"
    r"d[ée]but du message r[ée]exp[ée]di[ée]\s*:|inicio del mensaje reenviado\s*:)\s*$",
    re.IGNORECASE)
# Every quote or separator line ends in a rule or a colon: the patterns above are only tried there.
_QUOTE_ENDS = ("-", "_", ":", "：", ":\u202c", ":\u200f")  # (Persian Gmail closes a line's bidi embedding)
# What every forward separator without a rule of "--" or "__" contains.
_SEPARATOR_WORDS = ("forward", "weitergeleitet", "réexpédié", "reenviado", "inoltrato", "doorgestuurd", "encaminhada",
                    "转发", "原始邮件", "original", "ursprüngliche", "przekazan", "oryginaln", "vidarebefordra",
                    "ursprungligt", "videresendt", "転送", "元のメッセージ", "přeposlan", "původní", "iletilen",
                    "προωθημένο", "αρχικό", "пересланн", "переслан", "исходн", "оригінальн", "továbbított", "eredeti",
                    "välitetty", "alkuperäinen", "redirecționat", "transmis", "ส่งต่อ", "ต้นฉบับ", "dimajukan",
                    "mesej asal", "بازارسال", "هدایت", "هدايت", "فوروارد", "پیام اصلی", "پيام اصلي", "अग्रेषित",
                    "फ़ॉरवर्ड", "मूल संदेश", "proslijeđen", "препратен", "persiųst", "reenviat", "preposlan",
                    "ipinasa", "naipasa", "sambazwa",
                    "përcjell", "percjell", "origjinal", "aangestuur", "deurgestuur", "oorspronklik", "فارورڈ",
                    "آگے بھیجا", "اصل پیغام", "முன்னனுப்ப", "அனுப்பப்பட்ட செய்தி", "அசல் செய்தி", "გადაგზავნილ",
                    "ორიგინალ", "თავდაპირველ", "edastatud", "edasi saadetud", "algne", "pārsūtīt",
                    "sākotnēj", "posredovan", "izvirno", "prosleđen", "prosledjen", "прослеђен", "оригинал", "ফরওয়ার্ড",
                    "মূল বার্তা")
_HEADER_FROM = re.compile(r"^\s*[*>]*\s*(from|von|de|da|van|fra|från|od|kimden|από|от|від|feladó|lähettäjä|de la|"
                          r"发件人|寄件者|差出人|送信者|จาก|daripada|از|से|प्रेषक|šalje|pošiljatelj|nuo|siuntėjas|"
                          r"odosielateľ|"
                          r"kutoka|mula kay|"
                          r"nga|منجانب|அனுப்புநர்|அனுப்பியவர்|ვინ|ვისგან|გამგზავნი|saatja|no|пошиљалац|од|থেকে|প্রেরক)"
                          r"\s*[*]*\s*[:：]\s*(.+)$",
                          re.IGNORECASE)
_HEADER_NEXT = re.compile(r"^\s*[*>]*\s*(sent|date|gesendet|datum|envoy[ée]|enviado|fecha|inviato|data|"
                          r"verzonden|verstuurd|to|an|à|para|a|aan|subject|betreff|objet|asunto|oggetto|"
                          r"onderwerp|assunto|发送时间|日期|收件人|主题|cc|wysłano|wysłane|do|temat|data wysłania|"
                          r"skickat|till|ämne|sendt|til|emne|送信日時|日時|宛先|件名|送信先|odesláno|komu|předmět|"
                          r"gönderildi|gönderilme tarihi|tarih|kime|konu|αποστολή|ημερομηνία|προς|θέμα|отправлено|"
                          r"дата|кому|тема|надіслано|копия|копія|dátum|tárgy|címzett|elküldve|päivämäärä|aihe|"
                          r"vastaanottaja|lähetetty|trimis|subiect|către|ถึง|เรื่อง|สำเนาถึง|สำเนา|วันที่|ส่ง|kepada|"
                          r"perkara|"
                          r"subjek|tarikh|dihantar|s\.k\.?|به|موضوع|تاریخ|تاريخ|رونوشت|ارسال شده|ارسال‌شده|"
                          r"को|प्रति|विषय|दिनांक|तारीख|भेजा गया|प्रतिलिपि|poslano|prima|predmet|kopija|изпратено|до|"
                          r"относно|копие|išsiųsta|kam|tema|enviat|per a|assumpte|odoslané|kópia|ipinadala|"
                          r"petsa|para kay|paksa|imetumwa|tarehe|kwa|mada|kichwa|"
                          r"dërguar|derguar|për|subjekti|subjekt|datë|gestuur|ارسال کردہ|بنام|سی سی|"
                          r"அனுப்பப்பட்டது|தேதி|பொருள்|பெறுநர்|நகல்|"
                          r"თემა|თარიღი|ვის|ვისთვის|ადრესატი|მიმღები|გაგზავნილია|ასლი|saadetud|saatmisaeg|kuupäev|"
                          r"adressaat|"
                          r"saaja|teema|koopia|nosūtīts|datums|temats|tēma|zadeva|za|kp|poslato|послато|датум|за|"
                          r"копија|"
                          r"তারিখ|প্রতি|বিষয়|সিসি|পাঠানো হয়েছে)\s*[*]*\s*[:：]",
                          re.IGNORECASE)
_HEADER_DATE = re.compile(r"^\s*[*>]*\s*(sent|date|gesendet|datum|envoy[ée]|enviado|fecha|inviato|data|verzonden|"
                          r"verstuurd|发送时间|日期|時間|wysłano|wysłane|data wysłania|skickat|sendt|送信日時|日時|"
                          r"odesláno|gönderildi|gönderilme tarihi|tarih|αποστολή|ημερομηνία|отправлено|дата|"
                          r"надіслано|dátum|elküldve|päivämäärä|lähetetty|trimis|วันที่|ส่ง|tarikh|dihantar|تاریخ|تاريخ|"
                          r"ارسال شده|ارسال‌شده|दिनांक|तारीख|भेजा गया|poslano|išsiųsta|enviat|odoslané|"
                          r"ipinadala|petsa|imetumwa|tarehe|"
                          r"dërguar|derguar|datë|gestuur|ارسال کردہ|அனுப்பப்பட்டது|தேதி|თარიღი|გაგზავნილია|saadetud|"
                          r"saatmisaeg|kuupäev|nosūtīts|datums|poslato|послато|датум|"
                          r"তারিখ|পাঠানো হয়েছে)"
                          r"\s*[*]*\s*[:：]", re.IGNORECASE)
_FORWARD_SUBJECT = re.compile(r"^\s*((fwd?|fw|wg|tr|rv|enc|vs|doorst|i|pd|przek|vb|vidarebefordran|ilt|πρθ|пересл|转发|"
                              r"轉寄|転送|pārs)"
                              r"\s*[:：]\s*)+", re.IGNORECASE)
_CLOSINGS = re.compile(
    r"^\s*(thanks|thank you|many thanks|thanks again|cheers|regards|kind regards|best regards|warm regards|"
    r"best wishes|all the best|best|sincerely|yours sincerely|yours|with thanks|"
    r"mit freundlichen gr(ü|ue)(ß|ss)en|viele gr(ü|ue)(ß|ss)e|liebe gr(ü|ue)(ß|ss)e|beste gr(ü|ue)(ß|ss)e|"
    r"gr(ü|ue)(ß|ss)e|lg|vg|mfg|cordialement|bien cordialement|bien à vous|merci|merci beaucoup|salutations|"
    r"bonne journ[ée]e|saludos|un saludo|atentamente|gracias|muchas gracias|cordiali saluti|saluti|grazie|"
    r"distinti saluti|un saluto|met vriendelijke groet(en)?|vriendelijke groet(en)?|groeten|groet|bedankt|"
    r"atenciosamente|cumprimentos|obrigad[oa]|abra[çc]os|此致|谢谢|謝謝|祝好|敬礼|"
    r"pozdrawiam|z poważaniem|z wyrazami szacunku|serdecznie pozdrawiam|pozdrowienia|dziękuję|dzięki|"
    r"med vänliga hälsningar|vänliga hälsningar|hälsningar|mvh|tack|tack på förhand|med venlig hilsen|"
    r"venlig hilsen|med vennlig hilsen|vennlig hilsen|hilsen|mvh|"
    r"よろしくお願いいたします|よろしくお願いします|宜しくお願いいたします|何卒よろしくお願いいたします|"
    r"ありがとうございます|以上、よろしくお願いいたします|s pozdravem|s přátelským pozdravem|děkuji|děkujeme|"
    r"děkujeme za spolupráci|saygılarımla|iyi çalışmalar|teşekkürler|teşekkür ederim|sevgiler|με εκτίμηση|"
    r"ευχαριστώ|φιλικά|με φιλικούς χαιρετισμούς|с уважением|спасибо|с наилучшими пожеланиями|з повагою|дякую|"
    r"щиро дякую|üdvözlettel|tisztelettel|köszönöm|ystävällisin terveisin|terveisin|kiitos|cu stimă|mulțumesc|"
    r"o zi bună|toate cele bune|thanks & regards|thanks and regards|thanks & rgds|"
    r"ขอบคุณ(มาก)?(ค่ะ|ครับ|คะ)?|ขอบพระคุณ(ค่ะ|ครับ)?|ขอแสดงความนับถือ|ด้วยความเคารพ|ด้วยความนับถือ|"
    r"terima kasih|sekian,? terima kasih|sekian|salam hormat|yang benar|yang ikhlas|wassalam|ribuan terima kasih|"
    r"با احترام|با تشکر|با تشكر|با تشکر و احترام|با تشكر و احترام|با سپاس|با سپاس فراوان|سپاس|سپاسگزارم|"
    r"ممنون|ممنونم|ارادتمند|قربان شما|"
    r"धन्यवाद|सधन्यवाद|सादर|आभार|शुक्रिया|भवदीय|dhanyavaad|dhanyavad|dhanyawad|shukriya|"
    r"lijep pozdrav|lijepi pozdrav|srdačan pozdrav|srdačno|s poštovanjem|pozdrav|pozdravi|lp|hvala|hvala lijepa|"
    r"unaprijed hvala|hvala unaprijed|zahvaljujem|поздрави|с уважение|с поздрав|благодаря|благодаря ви|"
    r"хубав ден|поздрав|pagarbiai|su pagarba|ačiū|iš anksto ačiū|dėkoju|gražios dienos|geros dienos|"
    r"linkėjimai|linkiu geros dienos|salutacions|cordialment|gràcies|moltes gràcies|una salutació|fins aviat|"
    r"att|att\.|grato|grata|um abraço|abs|saludos cordiales|quedo atento|quedo atenta|quedo a la espera|"
    r"quedo en espera|gracias de antemano|de antemano gracias|un abrazo|atte|atte\.|salamat|salamat po|"
    r"maraming salamat|maraming salamat po|asante|asante sana|wako|wako mwaminifu|kila la heri|shukrani|"
    r"s pozdravom|ďakujem|ďakujem pekne|s úctou|pekný deň|"
    r"شکریہ|بہت شکریہ|بہت بہت شکریہ|والسلام|خیر اندیش|آپ کا مخلص|مخلص|نیک تمنائیں|جزاک اللہ|jazakallah|"
    r"jazak allah|jazakallah khair|allah hafiz|khuda hafiz|thanking you|"
    r"நன்றி|மிக்க நன்றி|அன்புடன்|இப்படிக்கு|வணக்கத்துடன்|நன்றியுடன்|nandri|nanri|romba nandri|"
    r"groete|vriendelike groete|beste groete|hartlike groete|baie groete|baie dankie|dankie|die uwe|groetnis|"
    r"mooi dag verder|lekker dag verder|"
    r"përshëndetje|pershendetje|me respekt|me shumë respekt|me shume respekt|faleminderit|faleminderit shumë|"
    r"faleminderit shume|ju faleminderit|gjithë të mirat|gjithe te mirat|të fala|te fala|"
    r"përshëndetje të përzemërta|me nderime|sinqerisht|"
    r"პატივისცემით|მადლობა|დიდი მადლობა|გმადლობთ|წინასწარ მადლობა|საუკეთესო სურვილებით|წარმატებები|"
    r"ნახვამდის|lugupidamisega|parimate soovidega|parimat|tervitades|"
    r"tervitustega|heade soovidega|aitäh|tänan|tänan ette|ette tänades|suur aitäh|head päeva|ilusat päeva|kõike head|"
    r"ar cieņu|ar sveicieniem|sveicieni|paldies|liels paldies|jauku dienu|visu labu|ar labākajiem vēlējumiem|"
    r"patiesā cieņā|cieņā|lep pozdrav|lepo pozdravljeni|s spoštovanjem|prijazen pozdrav|najlepša hvala|hvala lepa|"
    r"hvala in lep pozdrav|lep dan|vse dobro|hvala vnaprej|že vnaprej hvala|sa poštovanjem|hvala unapred|"
    r"unapred hvala|puno pozdrava|veliki pozdrav|hvala puno|срдачан поздрав|срдачно|с поштовањем|са поштовањем|"
    r"хвала|хвала унапред|унапред хвала|хвала пуно|леп поздрав|велики поздрав|ধন্যবাদ|ধন্যবাদান্তে|শুভেচ্ছান্তে|"
    r"শুভেচ্ছা|বিনীত|বিনীত নিবেদক|নিবেদক|ভালো থাকবেন|অনেক ধন্যবাদ|dhonnobad|dhonyobad|dhanyabad|allah hafez|"
    r"আল্লাহ হাফেজ|khoda hafez|খোদা হাফেজ)[\s,.!。、،।]*$",
    re.IGNORECASE)
# Japanese and Chinese letters close inside their last sentence ("ご検討のほどよろしくお願いいたします。").
_CJK_CLOSING = re.compile(r"(よろしく|宜しく)お願い(いた)?(します|申し上げます)[。！!]*$|此致敬礼$")
_RULE = re.compile(r"^([━─═＿＝=_~*-])\1{7,}$")
_SIG_NOISE = re.compile(r"^(sent from|gesendet von|envoy[ée] de|enviado desde|inviato da|verzonden met|"
                        r"enviado do|get outlook|von meinem|de mon|发自|--|wysłane z|skickat från|sendt fra|"
                        r"iphoneから送信|odesláno z|iphone'umdan gönderildi|στάλθηκε από|отправлено с|надіслано з|"
                        r"ส่งจาก|dihantar dari|ارسال شده از|فرستاده شده از|मेरे|poslano s|poslano sa|изпратено от|"
                        r"išsiųsta iš|enviat des de|enviat des del|odoslané z|imetumwa kutoka|ipinadala mula sa|"
                        r"dërguar nga|derguar nga|gestuur vanaf|gestuur van|میرے|எனது|என்னுடைய|გაგზავნილია|"
                        r"გამოგზავნილია|"
                        r"saadetud|nosūtīts no|sūtīts no|poslano iz|poslano z|poslato sa|poslato iz|послато са|"
                        r"послато из|послато с)",
                        re.IGNORECASE)
_PHONE_CUE = Cues(r"phone|tel|mob|mobile|cell|handy|telefon|t[ée]l[ée]phone|portable|m[óo]vil|celular|"
                  r"cellulare|telefoon|mobiel|telem[óo]vel|whatsapp|call|ring|rufen|appel|llam|chiam|bel|"
                  r"ligue|电话|手机|telefonu|komórk|kom\.|tel\.|zadzwo|mobil|ring|電話|携帯|ケータイ|連絡先|折り返し|"
                  r"volej|zavolej|\bcep\b|arayın|\bara\b|τηλ|κινητ|καλέστε|тел|моб|дзвон|звон|номер|연락처|전화|휴대폰|"
                  r"핸드폰|sđt|sdt|đt|dđ|điện thoại|gọi|zalo|رقم|جوال|هاتف|اتصل|واتس|טלפון|נייד|פלאפון|"
                  r"telepon|telp|\bhp\b|nomor|nomornya|\bwa\b|โทร|เบอร์|มือถือ|bimbit|hubungi|\bh/p|تلفن|موبایل|موبايل|"
                  r"همراه|تماس|واتس|شماره من|شماره‌ام|फोन|फ़ोन|मोबाइल|कॉल|संपर्क|व्हाट्सएप|दूरभाष|mobitel|"
                  r"nazov|nazva|pozovi|zovite|javite|обадете|звъннете|позвънете|skambin|truca|truqu|cel\.|tawag|"
                  r"\bsimu\b|piga|namba|volaj|ligar|me liga|m[aá]rcame|marcarme|m[aá]rquenme|"
                  r"me marcan|viber|číslo|broj|"
                  r"فون|موبائل|رابطہ|واٹس|کال کر|سیل|தொலைபேசி|கைபேசி|அலைபேசி|கைப்பேசி|மொபைல்|போன்|அழைக்க|தொடர்பு|"
                  r"call pann|phone pann|selfoon|\bsel\b|selnommer|skakel|\bfoon\b|foonnommer|\bcel\b|celulari|"
                  r"thirr|ტელ|მობ|დამირეკ|დარეკ|დაურეკ|ვოტსაპ|ვაცაპ|ვაიბერ|helista|tālr|zvan|pokli|gsm|pozov|позов|"
                  r"назов|зовите|јавите|број|"
                  r"ফোন|মোবাইল|নম্বর|নাম্বার|যোগাযোগ|কল কর|কল দি|হোয়াটসঅ্যাপ|nambar")
MAX_OWN = 20_000
_DIGIT = re.compile(r"\d")
_DIGITS = _DIGIT


@dataclass(frozen=True, slots=True)
class Forwarded:
    """The original of a forwarded message: its sender and its text."""

    name: str | None
    address: str
    text: str


# The Bat! and some webmail quote with the writer's initials before the ">" ("ІК> Доброго дня").
_INITIALS_QUOTE = re.compile(r"^\s*[^\W\d_]{1,3}>")
_TIME = re.compile(r"\b\d{1,2}:\d{2}\b")
# What a quote or a forward starts with: a colon (an attribution, a header block), a ">" line, or
# a rule of "-" or "_". Text without any of them is all the writer's own.
_QUOTE_MARKS = (":", "：", ">", "-", "_")


# A header block in a language without its words here: "Nuo: Tomas <t@x.lt>", then three more labelled lines
# (Sent, To, Subject in any order), one a date and time ("Išsiųsta: 2026 m. birželio 3 d. 10:15"), after a
# blank line or a rule.
_LABELLED = re.compile(r"^\s*[*>]*\s*([^\W\d_][^:：<>@\n]{0,24}?)\s*\**\s*[:：]\s*(\S.*)$")
_YEAR = re.compile(r"(?<!\d)\d{4}(?!\d)")  # (in any calendar and digits: 2026, 2569, ۱۴۰۵)


_RULE_STARTS = ("", "-", "_", "─", "━")  # how a blank line or a rule above a quoted header block starts


def _dated(match: re.Match[str] | None) -> bool:
    return match is not None and bool(_TIME.search(match.group(2))) and bool(_YEAR.search(match.group(2)))


def _labelled_above(lines: list[str], i: int) -> int:
    """How many labelled lines (up to three) stand right above line ``i``: a header block's above its sender's."""
    above = 0
    while above < 3 and i - above > 0 and _LABELLED.match(lines[i - above - 1]):
        above += 1
    return above


def _header_block(lines: list[str], i: int) -> re.Match[str] | None:
    """Line ``i``'s "label: value" when it is the sender's line of a quoted message's header block in any
    language: an address (not under a form's e-mail label) that starts the block, with three more labelled
    lines after it, one a date and time (Outlook's, Gmail's order); or the first address of a block of four
    to six labelled lines with two addresses, the sender's and the recipient's, and a date and time
    (Thunderbird's order: subject, date, sender, recipient)."""
    first = _LABELLED.match(lines[i])
    if first is None or "@" not in first.group(2) or field_of(first.group(1)) is Field.EMAIL:
        return None
    start = i - _labelled_above(lines, i)
    if start > 0 and lines[start - 1].strip()[:1] not in _RULE_STARTS:
        return None  # a header block follows a blank line or a rule; a form's lines follow one another
    if start == i:
        after = [_LABELLED.match(line) for line in lines[i + 1:i + 4]]
        return first if len(after) == 3 and None not in after and any(map(_dated, after)) else None
    block = [_LABELLED.match(line) for line in lines[start:start + 7]]
    block = block[:block.index(None)] if None in block else block
    addressed = [m for m in block if m and "@" in m.group(2)]
    if not 4 <= len(block) <= 6 or len(addressed) < 2 or addressed[0] is not block[i - start] \
            or not any(map(_dated, block)):
        return None
    return first


def own_text(text: str) -> str:
    """``text`` above the first quote or forward, without ">" lines."""
    head = text[:MAX_OWN].replace("\r\n", "\n")
    if not any(mark in head for mark in _QUOTE_MARKS):
        return head.strip()
    lines = head.split("\n")
    kept: list[str] = []
    last = len(lines) - 1
    for i, line in enumerate(lines):
        first = line.lstrip()[:1]
        if first == ">" or (">" in line[:6] and _INITIALS_QUOTE.match(line)):
            continue
        if first != "-" and first != "_" and ":" not in line and "：" not in line \
                and not (i < last and ":" in lines[i + 1]):
            kept.append(line)  # no quote starts on a line without a colon or a rule
            continue
        if line.rstrip().endswith(_QUOTE_ENDS) and (_SEPARATOR.match(line) or _ATTRIBUTION.match(line)
                                                   or ("@" in line and _TIME.search(line))):
            break  # (in any language, a line ending in ":" with an address and a time introduces a quote)
        if i + 1 < len(lines) and len(line) > 8 \
                and lines[i + 1].strip().lower().endswith(("wrote:", "schrieb:", "écrit :", "escribió:")) \
                and _ATTRIBUTION.match(f"{line} {lines[i + 1]}"):
            break  # an attribution wrapped over two lines
        if _HEADER_FROM.match(line) and any(_HEADER_DATE.match(x) for x in lines[i + 1:i + 5]):
            break  # Outlook's "From: / Sent: / To: / Subject:" block (a form's "From: / Subject:" is not)
        if "@" in line and _header_block(lines, i):
            del kept[len(kept) - _labelled_above(lines, i):]  # the block's lines above its sender's (Thunderbird's)
            while kept and kept[-1].strip()[:1] in _RULE_STARTS:
                kept.pop()  # the rule above it ("-------- Оригинално писмо --------") is the quote's too
            break  # the same block in a language whose words are not known here
        kept.append(line)
    return "\n".join(kept).strip()


_SEPARATOR_WORD = Markers(((True, _SEPARATOR_WORDS),))


def _has_separator(text: str) -> bool:
    if "--" in text or "__" in text:
        return True
    return _SEPARATOR_WORD.any_in(text.lower())  # (one pass for the 54 words: a substring test each cost more)


def forwarded(subject: str, text: str) -> Forwarded | None:
    """The original sender of a forward (inline) and the text they wrote."""
    head = text[:MAX_OWN]
    if ":" not in head and "：" not in head:
        return None  # no "From:" line of an original to read
    if not _FORWARD_SUBJECT.match(subject or "") and not _has_separator(head):
        return None  # no forward subject and nothing a forward separator is made of
    lines = head.replace("\r\n", "\n").split("\n")
    marker = next((i for i, line in enumerate(lines) if line.rstrip().endswith(_QUOTE_ENDS) and _SEPARATOR.match(line)),
                  None)
    if marker is None and not _FORWARD_SUBJECT.match(subject or ""):
        return None
    start = marker + 1 if marker is not None else 0
    for i in range(start, min(len(lines), start + 40)):
        header = _HEADER_FROM.match(lines[i]) or (_header_block(lines, i) if "@" in lines[i] else None)
        if not header:
            continue
        value = header.group(2).strip()
        pairs = addresses([value.replace("mailto:", "")])
        name, address = pairs[0] if pairs else ("", "")
        if "@" not in address:
            found = EMAIL.search(value)
            if not found:
                continue
            address = found.group(0)
            name = value[:found.start()].strip(" <[(\"'") or ""
        j = i + 1  # the original's text starts after its header block (its labelled lines, up to a blank one)
        while j < len(lines) and (_HEADER_NEXT.match(lines[j]) or (j <= i + 5 and _LABELLED.match(lines[j]))
                                  or (lines[j].startswith((" ", "\t")) and lines[j].strip())):
            j += 1
        body = "\n".join(x[1:].lstrip() if x.startswith(">") else x for x in lines[j:])
        return Forwarded(name.strip().strip('"') or None, address.strip().lower(), body.strip())
    return None


def signature_name(text: str) -> str | None:
    """The name a sender signs with: the line after a closing ("Thanks,", "Saludos"), or after "-- "."""
    lines = [line.strip() for line in text.split("\n")][-25:]  # a sign-off is near the end
    for i in range(len(lines) - 1, -1, -1):
        line = lines[i]
        if len(line) > 40:
            continue
        if line in ("--", "-- ") or _CLOSINGS.match(line):
            for candidate in lines[i + 1:i + 4]:
                if not candidate:
                    continue
                if _SIG_NOISE.match(candidate):
                    break
                candidate = candidate.strip(" ,.-–—")
                if looks_like_name(candidate) and len(candidate.split()) <= 4:
                    return candidate
                break
    for line in lines:  # "Thanks, Ann" / "Gracias, Lucía"
        if "," not in line or len(line) > 40:
            continue
        parts = line.split(",", 1)
        if len(parts) == 2 and _CLOSINGS.match(parts[0]) and looks_like_name(parts[1].strip(" .!")):
            return parts[1].strip(" .!")
    return None


# Who a number belongs to, from the words just before it: "my mobile", "call me on" are the
# writer's; "I rang you on", "your number" are the business's (never the prospect's).
_MINE = Cues(r"\bmy\b|\bme\b|\bmob|\bmobile|\bcell|\bcel\b|\bhandy|\btel\b|\btel\.|\bphone|\bm:|\bt:|\bc:|"
             r"móvil|movil|"
             r"reachable|contactable|bereikbaar|bereiken|erreichbar|erreichen|joignable|joindre|localizable|"
             r"raggiungibile|\bop\b|number is|nummer ist|nummer is|numéro est|número es|numero è|número é|"
             r"portable|cellulare|\bmein|\bmon\b|\bmi\b|\bmio\b|\bmijn\b|\bmeu\b|我的|手机|电话|\bunter\b|"
             r"\bau\b|\bal\b|\bon\b|\bat\b|whatsapp|můj|moje|\bmé\b|benim|numaram|μου\b|мій|мой|мене|меня|"
             r"mitt|mój|\bna\b|számom|telefonszámom|numeroni|numărul meu|meu\b|제 번호|저의|của em|của tôi|"
             r"của mình|رقمي|جوالي|ผม|ของฉัน|ดิฉัน|ติดต่อกลับ|\bsaya\b|\bsy\b|\bمن\b|شماره‌ام|موبایلم|موبايلم|"
             r"मेरा|मेरी|मेरे|मुझे|\bmera\b|\bmeri\b|\bmere\b|\bmujhe\b|\bmoj\b|\bmoja\b|\bmene\b|"
             r"\bмоя\b|\bмоят\b|\bмен\b|\bmano\b|\bmôj\b|\bmňa\b|\byangu\b|\bko\b|\bakin\b|"
             r"\bel meu\b|"
             r"میرا|میری|میرے|مجھے|مجھ سے|\bmeray\b|\bmujhay\b|\bmujh se\b|என் |எனது|என்னுடைய|என்னை|எனக்கு|"
             r"\benoda\b|\bennoda\b|\bennudaya\b|\bmyne\b|selfoon|\bsel\b|numri im|numrin tim|\bmë\b|ჩემ|"
             r"დამირეკ|დამიკავშირდ|\bminu\b|mulle|minuga|kättesaadav|\bmans\b|\bmana\b|\bmanu\b|zvaniet man|"
             r"sasniedzams|"
             r"\bdosegljiv|na voljo sem|\bmeni\b|dostupan sam|dostupna sam|\bмој|\bмени\b|доступан сам|"
             r"доступна сам|আমার|আমাকে|আমায়|\bamar\b|\bamake\b|\bamay\b")
_YOURS = Cues(r"\b(tried|try|trying) (calling|ringing|phoning|to call|to reach)\b|\bi (called|rang|phoned)\b|"
              r"\bcalling\b|\bringing\b|\bdiall?ed\b|angerufen|appelé|llamé|chiamato|gebeld|liguei|"
              r"\byou on\b|\byou at\b|\byour\b|\bringing you|\brang you|\bcalled you|\bcalling you|"
              r"\bihre\b|\bsie unter|\bihnen unter|\bvotre\b|\bvous au\b|\bsu (número|telefono|teléfono)|"
              r"\bvostro\b|\bal vostro|\buw\b|\bseu\b|\bo vosso|\bvuestro|您的|贵|\bus\b|\bnous\b|"
              r"\buns\b|\bnos\b|\bci\b|\bons\b|\bnosotros\b|\bour\b|\bnotre\b|\bunsere?\b|\bnuestro|สายด่วน|ของคุณ|"
              r"ติดต่อเรา|โทรหาเรา|ของเรา|hubungi kami|talian kami|khidmat pelanggan|با ما تماس|تماس با ما|"
              r"شماره شما|تلفن شما|پشتیبانی|پشتيباني|हमें कॉल|हमसे संपर्क|हमारा नंबर|हमारे नंबर|आपका नंबर|आपके नंबर|"
              r"\bhume\b|\bhumein\b|\bhamein\b|\bhumse\b|\bhamse\b|\bhumara\b|\bhamara\b|\bhamare\b|"
              r"\bhumare\b|\baapka\b|\baapke\b|\baapki\b|\bnas\b|\bnam\b|\bvaš|\bваш|\bнаш|"
              r"\bнас\b|\bни\b|mūsų|jūsų|\bjums\b|-nos\b|\bvostre\b|\bnostre\b|\bnás\b|\bnáš|"
              r"\bváš|\bde vocês\b|"
              r"آپ کا نمبر|آپ کے نمبر|آپ کا فون|ہمارا نمبر|ہمارے نمبر|ہم سے رابطہ|ہمیں کال|\bapka\b|\bapke\b|"
              r"\bapki\b|\bhamari\b|\bhumari\b|\bhelpline\b|உங்கள்|உங்களுடைய|எங்கள்|எங்களது|\bunga\b|"
              r"\bungaloda\b|\bengaloda\b|\bjou\b|\bjulle se\b|\bu nommer\b|\bu selfoon\b|\bu kantoor\b|"
              r"\bjuaj\b|\btuaj\b|\btonë\b|\btona\b|\bynë\b|na kontaktoni|na telefononi|qendra e kontaktit|"
              r"qendrën e kontaktit|თქვენი|თქვენს|ჩვენი|ჩვენს|დაგვიკავშირდ|დაგვირეკ|ცხელი ხაზ|\bteie\b|\bmeie\b|"
              r"\bmeile\b|\bmeid\b|\bjūsu\b|mūsu|\bmums\b|\bmūs\b|"
              r"\bnaš|\bнам\b|আপনার|আপনাদের|আমাদের|\bapnar\b|\bapnader\b|\bamader\b|\bapnake\b")


# A run that could be a phone number: digits with the separators people type. Dates and times
# ("10.11.2026", "2026-11-10") are not numbers anyone calls.
# (Written to start with a character class, which re looks for in a tight loop, instead of with the
# lookbehind, which it tried at every position: "+", "(", "00" or a digit, then what that start allows.)
# A number touching a letter is a reference ("INV-20261110", "AB1234567"), but Japanese and Chinese write
# numbers against their words ("折り返しは080-9876-5432まで"): their scripts are no letters here. Digits may be
# full-width (re's \d reads them) and separated by the dashes East Asian text and word processors type.
_WORD = r"[^\W\u0e00-\u0e7f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uff00-\uffef]"  # (Thai too)
_CANDIDATE = re.compile(r"[+(\d](?<!(?:" + _WORD + r"|[@/=.+-]).)(?:(?<=\+)\(?\d|(?<=\()\d|(?<=0)0\(?\d|(?<=\d))"
                        r"[\d ()./\-\u00a0\u2010\u2011\u2013\u2212\u3000\u30fc\uff0d]{5,22}\d(?!" + _WORD + r"|[@/])")
_CURRENCY_AFTER = re.compile(r"\s*(?:[€$£¥₺₴₽₹₾₨]|(?:kč|czk|eur|euro|usd|gbp|zł|zl|pln|tl|try|грн|uah|руб|rub|"
                             r"kr|sek|nok|dkk|ft|huf|lei|ron|chf|aud|ευρώ|rm|myr|rs|inr|thb|irr|lakhs?|crores?|"
                             r"pkr|zar|rand|gel|lek|lekë|leke|rsd|din|dinara|дин|"
                             r"динара|bdt|tk|taka)\b|"
                             r"บาท|ริงกิต|ریال|تومان|रुपये|रुपए|लाख|करोड़|روپے|روپیہ|ரூபாய்|ლარი|টাকা|৳)", re.IGNORECASE)
_CURRENCY_BEFORE = re.compile(r"(?:[€$£¥₺₴₽₹฿₾₨৳]|\b(?i:rm|myr|rs|inr|thb|pkr|zar|gel|ரூ|rsd|bdt|tk)\.?)\s*$")
_CLOCK_AFTER = re.compile(r"[:：]\d{2}(?!\d)")  # the run was a date and an hour ("[12/06/26 09:14]")
# "RF39 1148 7730 2615", "IBAN FI21 1234 5600 0007 85", "Viitenumero: 1234 5678 90": a reference, no number
_REFERENCE = re.compile(r"(\b[A-Z]{2}\d{2}|\b(?i:ref|reference|viite|viitenumero|referință|közlemény|iban|"
                        r"bankgiro|ocr|mst|mã số thuế|số tài khoản|tài khoản|stk|trn|vat|gst|tax id|account|a/c|acc|"
                        r"steuernummer|ust-idnr|nip|regon|ičo|dič|αφμ|инн|єдрпоу|cui|cif|nif|사업자등록번호|계좌|"
                        r"الرقم الضريبي|رقم الحساب|akaun|rujukan|ssm|حساب|شبا|کارت|كارت|شناسه|کد اقتصادی|كد اقتصادي|"
                        r"پیگیری|پيگيري|کد رهگیری|فاکتور|فاكتور|खाता|खाता संख्या|खाता नंबर|ifsc|upi|utr|oib|"
                        r"poziv na broj|broj računa|žiro račun|еик|булстат|сметка|įm\. k|įmonės kodas|pvm k|"
                        r"pvm mokėtojo kodas|sąskaitos nr|rfc|clabe|folio|referencia|cnpj|cpf|chave pix|agência|"
                        r"conta|tin|kra pin|till|till number|paybill|ič dph|ntn|strn|cnic|gstin|btw|btw-nr|btw-nommer|"
                        r"reg nr|registrasienommer|rekeningnommer|takkode|nipt|nuis|nui|nrb|llogari|llogaria|"
                        r"numri i llogarisë|این ٹی این|شناختی کارڈ|اکاؤنٹ|اکاؤنٹ نمبر|ს/კ|"
                        r"საიდენტიფიკაციო კოდი|პირადი ნომერი|ანგარიში|ანგარიშის ნომერი|ანგ|registrikood|reg\. ?kood|"
                        r"kmkr|viitenumber|"
                        r"arveldusarve|reģ\.|reg\.|reģistrācijas|pvn|konta|konts|davčna številka|davčna št|"
                        r"id za ddv|ddv|matična številka|matična št|trr|sklic|pib|пиб|mb|мб|matični broj|"
                        r"матични број|tekući račun|текући рачун|број рачуна|позив на број|bin|বিআইএন|টিআইএন|"
                        r"trxid|trx id)\.?\s*"
                        r"(?:no\.?|nr\.?|number|số)?\s*[:#]?|(?:บัญชี|เลขที่รายการ|เลขประจำตัวผู้เสียภาษี|พร้อมเพย์|"
                        r"อ้างอิง)\s*[:#]?)\s*$")
# A date, or a date and then an hour ("2026-05-12 10:14" in a voicemail's header), is no number to call.
_DATE = re.compile(r"^\d{1,4}[./-]\d{1,2}[./-]\d{2,4}$|^\d{1,2}:\d{2}|^(?:19|20)\d\d\. ?\d{1,2}\. ?\d{1,2}\.|"
                   r"^\d{1,2}[./-]\d{1,2}[./-]\d{2,4},?\s+\d{1,2}[.:]\d{2}|"
                   r"^(?:(?:19|20)\d\d[./-](?:0?[1-9]|1[0-2])[./-](?:0?[1-9]|[12]\d|3[01])|"
                   r"(?:0?[1-9]|[12]\d|3[01])[./-](?:0?[1-9]|1[0-2])[./-](?:19|20)\d\d)(?:\s|$)")



# A signature's line of one short word and a number ("Sími 699 2145", "Tél. 01 23 45 67 89"), in any language.
_ONE_WORD = re.compile(r"^[\s>*•·-]*[^\W\d_]{1,8}\.?\s*[:：]?\s*$")


def _labelled_in_signature(text: str, start: int, end: int) -> bool:
    """Whether the number at ``text[start:end]`` is alone after one short word on one of the text's last six
    lines, as a signature gives a phone in a language whose words are not known here."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    if not _ONE_WORD.match(text[line_start:start]) or text[end:None if line_end < 0 else line_end].strip(" .;,"):
        return False
    return line_end < 0 or sum(1 for line in text[line_end:].split("\n") if line.strip()) < 6


def _words_before(text: str, end: int, size: int) -> str:
    """The ``size`` characters before ``end``, with a word they cut into made whole: "…the tour? You can
    also reach me on" cut at 30 reads "our? You…", which a cue word ("our") would take for the business's."""
    start = max(0, end - size)
    stop = max(0, start - 30)
    while start > stop and word_char(text[start - 1]) and word_char(text[start]):
        start -= 1
    return text[start:end]


def best_phone(text: str, region: str, need_cue: bool = False,
               exclude: frozenset[str] = frozenset(), yours_too: bool = False) -> str | None:
    """The writer's own number in ``text``: a number said to be theirs first, never one said to
    be the reader's (with ``yours_too``, that one too); with ``need_cue``, only a number the words around
    it claim."""
    claimed, any_number = writer_phones(text, region, exclude, only_claimed=need_cue, yours_too=yours_too)
    return claimed if need_cue else any_number


def writer_phones(text: str, region: str, exclude: frozenset[str] = frozenset(),
                  only_claimed: bool = False, yours_too: bool = False) -> tuple[str | None, str | None]:
    """(the first number the words around it claim as the writer's, the best number of any kind)
    in one reading of ``text``; never a number said to be the reader's.

    A cheap pattern finds the digit runs and the words before each decide whether it is worth
    asking phonenumbers (its matcher over the whole text cost a millisecond a message)."""
    if not _DIGIT.search(text):
        return None, None
    unclaimed: str | None = None
    for match in _CANDIDATE.finditer(text[:MAX_OWN]):
        run = match.group(0).strip(" .-/")
        typed = len(_DIGITS.findall(run))
        if not 7 <= typed <= 15 or _DATE.match(run):
            continue
        start = match.start()
        before = _words_before(text, start, 40)
        near = before.rsplit("\n", 1)[-1] if "\n" in before[-25:] else before
        if typed < 9 and not _PHONE_CUE.in_text(_words_before(text, start, 30)) \
                and not _labelled_in_signature(text, start, match.end()):
            continue  # a short run is a reference, unless the words say it is a phone
        # A number alone on its line is a contact block's or a signature's: the person's own.
        rest_of_line = text[match.end():match.end() + 80].split("\n", 1)[0]
        if _CURRENCY_AFTER.match(rest_of_line) or _CURRENCY_BEFORE.search(before[-6:]) \
                or _REFERENCE.search(_words_before(text, start, 24)) or _CLOCK_AFTER.match(rest_of_line):
            continue  # "30 000 – 50 000 Kč", "€ 1 250 000", "RF39 1148 7730 2615", "12/06/26 09:14"
        alone = not near.strip(" \t>*•·-") and not rest_of_line.strip(" \t\r.,;")
        near_25, near_30 = (near if len(near) <= size else _words_before(text, start, size) for size in (25, 30))
        mine = alone or _MINE.in_text(near_25) or _PHONE_CUE.in_text(near_25)
        if not mine and (only_claimed or unclaimed is not None):
            continue  # an earlier unclaimed number is as good: no need to read this one
        if not yours_too and _YOURS.in_text(near_30):  # (asked last: the longest pattern)
            continue
        found = normalise_phone(run, region or "US")
        if found is None or found in exclude:
            continue
        if mine:
            return found, found
        unclaimed = found
    return None, unclaimed


def before_signature(text: str, name: str = "") -> str:
    """``text`` without its sign-off: everything above the last closing line or "-- ", or, given the
    writer's ``name``, the last line that is only their name or first name ("Tom" over a signature)."""
    lines = text.split("\n")
    names = {name.strip().lower(), name.split()[0].lower()} - {""} if name.strip() else set()
    for i in range(len(lines) - 1, 0, -1):
        line = lines[i].strip()
        if line in ("--", "-- ") or _CLOSINGS.match(line) or line.lower().strip(" ,.!") in names or (
                "," in line and _CLOSINGS.match(line.split(",", 1)[0].strip())) or _CJK_CLOSING.search(line):
            return "\n".join(lines[:i])
    # No closing: a signature boxed in rules ("━━━━━━━━", "==========") starts at the first of them near the end.
    rules = [i for i in range(max(1, len(lines) - 15), len(lines)) if _RULE.match(lines[i].strip())]
    return "\n".join(lines[:rules[0]]) if rules else text


# "<Name> sent you a message", "<Name> hat Ihnen geschrieben", "<Name> quiere …": the verbs that
# follow a person's name in a notification. Matched as substrings of a line (a regex alternation
# over every line cost 170 us a message).
_SENT_VERBS = (" sent you", " has sent you", " wrote to you", " messaged you", " sent a message", " sent an ",
               " is requesting", " has requested", " sent a request", " requests a",
               " is interested", " needs ", " would like", " is looking for", " is asking", " asked ",
               " requested", " wants ", " quiere ", " möchte ", " souhaite ", " vuole ", " wil ", " quer ",
               " busca ", " sucht ", " cherche ", " cerca ", " zoekt ", " procura ", " hat ihnen", " hat dir",
               " hat eine", " vous a envoyé", " vous a écrit", " te ha enviado", " le ha enviado", " ha escrito",
               " ti ha inviato", " ti ha scritto", " heeft je", " heeft u", " enviou", " escreveu", " gönderdi",
               " size mesaj", " vám poslal", " vám napsal", " poslal", " napsala", " σας έστειλε", " έστειλε",
               " надіслав", " надіслала", " написав", " написала", " отправил", " отправила", " написал",
               " üzenetet küldött", " küldött", " lähetti", " ți-a trimis", " v-a trimis", " a trimis",
               " ส่งข้อความถึง", " ส่งข้อความ", " ได้ส่งข้อความ", " menghantar mesej", " telah menghantar",
               " berminat", " sedang mencari", " پیام داد", " پیام فرستاد", " پیامی فرستاد", " پیام ارسال کرد",
               " ने आपको", " ने संदेश", " ने मैसेज", " ने पूछताछ", " poslao vam je", " poslala vam je",
               " vam je poslao", " vam je poslala", " ви изпрати", " ви писа", " изпрати съобщение", " jums parašė",
               " jums atsiuntė", " parašė", " te envió", " le envió", " te escribió", " le escribió", " t'ha enviat",
               " us ha enviat", " ha enviat", " enviou uma", " nagpadala ng", " nagpadala", " nag-message",
               " amekutumia", " vám napísal", " napísal", " napísala", " je zainteresiran", " je zainteresirana",
               " se interesira", " се интересува", " domisi", " se interesa", " está interesad", " tem interesse",
               " ay interesado", " anavutiwa", " sa zaujíma",
               " ju dërgoi", " ju ka dërguar", " ju shkroi", " ju ka shkruar", " het vir jou", " saatis teile",
               " saatis sõnumi",
               " kirjutas teile", " nosūtīja jums", " jums nosūtīja", " vam je poslal", " vam je poslala",
               " je poslal", " вам је послао", " вам је послала", " послао вам је", " послала вам је",
               " বার্তা পাঠিয়েছেন", " মেসেজ পাঠিয়েছেন", " আপনাকে একটি বার্তা", " আপনাকে একটি মেসেজ")
_MESSAGE_WORDS = ("nachricht", "message", "mensaje", "messaggio", "bericht", "mensagem", "消息", "mesaj", "zprávu",
                  "zpráva", "μήνυμα", "повідомлення", "сообщение", "ข้อความ", "mesej", "پیام", "संदेश", "मैसेज",
                  "poruku", "poruka", "съобщение", "žinutę", "žinutė", "missatge", "mensahe", "ujumbe", "správu",
                  "správa")
_MESSAGE_VERBS = (" hat ", " has ", " a ", " ha ", " heeft ", " envió ", " enviou ", " inviato ", " sent ")
_NOTICE_WORDS = Markers((word, (word,)) for word in (*_SENT_VERBS, *_MESSAGE_WORDS, *_MESSAGE_VERBS))
_FROM_NAME = re.compile(r"\b(from|von|de la part de|de|da|van|di)\s+(?P<name>[^\n()<\[,|:\"“]{2,60}?)"
                        r"\s*(?:\(|<|\[|,|\||:|–|—| - |\+?\d|$)", re.IGNORECASE | re.MULTILINE)
_PAREN_LINE = re.compile(r"^\s*(?:name\s*:\s*)?(?P<name>[^\n()@:\"“]{2,60}?)\s*\((?:@|\+|[\w.+-]+@)")


_WHERE = re.compile(r"\s+(?:in|aus|à|em|uit|from)\s+[A-ZÀ-Ý].*$")  # "Hannah in Rozelle NSW 2039 is looking for"


def _before(line: str, at: int) -> str:
    name = _WHERE.sub("", line[:at].strip())
    return re.sub(r"\s*\([^)]*\)$", "", name).strip(" -–—'\"„“”")


_NAME = r"(?P<name>[A-ZÀ-Ý][\w'’-]+(?:\s+[A-ZÀ-Ý][\w'’-]+){0,2})"
_THIS_IS = re.compile(r"\b(?i:this is|my name is|hier ist|hier spricht|mein name ist|c'est|je m'appelle|me llamo|"
                      r"mi nombre es|mi chiamo|ik ben|mijn naam is|u spreekt met|je spreekt met|hier is|meu nome é|"
                      r"aqui é|我是|tu|mówi|z tej strony|nazywam się|det är|jag heter|här är|det er|jeg hedder|"
                      r"jeg heter|saya|nama saya|my naam is|dis|hier praat|jam|quhem|emri im është|"
                      r"emri im eshte|mera naam|mera nam|siin on|siin räägib|minu nimi on|mani sauc|mans vārds ir|"
                      r"tukaj je|"
                      r"moje ime je|ovde je|zovem se|amar nam|amar naam)\s+" + _NAME)
_JA_NAME = re.compile(r"(?P<name>[\u4e00-\u9fff]{1,4}\s?[\u3040-\u9fff]{0,4}?)(?:と申します|でございます)")
_NAME_HERE = re.compile(r"\b(?i:it['’]?s|it is|hi|hello|hey|hiya)[,!]?\s+" + _NAME + r",?\s+here\b")  # "it's Jo here"


# A chat line's time before the speaker ("[7:42 PM] Ana:", "17/06/2026 19:42 - Ana:") or after them
# ("Ana (6:03 PM):", "Ana [19:42]:").
_CHAT_TIME = r"\d{1,2}[:.]\d{2}(?:[:.]\d{2})?\s*(?:[ap]\.?\s?m\.?)?"
_BEFORE = rf"(?:[\[(]?[^\n\[\]()]{{0,20}}?{_CHAT_TIME}[\])]?\s*[-–]?\s*)?"
_AFTER = r"(?:\s*[\[(][^\n\[\]()]{0,25}[\])])?"


# A passage in quotation marks of any language: „…“ “…” "…" «…» »…« 「…」 『…』, over lines too.
_QUOTED = re.compile(r'[„“"«»「『]([^„“"«»「」『』]{30,1500}?)[“”"»«」』]')


def quoted(text: str) -> list[str]:
    """The passages ``text`` quotes: what a notification relays of its customer's own words."""
    return _QUOTED.findall(text)


def said_by(text: str, name: str) -> str:
    """What ``name`` says in a chat transcript, line by line: "Alicia Moreno: …", "[7:47 PM] Alicia Moreno: …",
    "Alicia Moreno (6:07 PM): …" (the visitor's number is in their own lines, the agent's in theirs)."""
    if name not in text:
        return ""
    line = re.compile(rf"^[\s*>]*{_BEFORE}{re.escape(name)}{_AFTER}\s*[:：](.*)$", re.MULTILINE | re.IGNORECASE)
    return "\n".join(found.group(1) for found in line.finditer(text))


def caller_name(text: str) -> str | None:
    """The name a caller says in a voicemail transcript ("hi, this is Mark Jensen")."""
    for pattern in (_THIS_IS, _NAME_HERE, _JA_NAME):
        found = pattern.search(text[:3000])
        if found and looks_like_name(found.group("name")):
            return found.group("name")
    return None


_BARE_NUMBER = re.compile(r"[+\d() .\-/]{7,22}")


def _name_over_phone(text: str) -> str | None:
    """A name on its own line right above a phone number (Podium, CallRail: no labels at all)."""
    lines = [x.strip() for x in text[:1500].split("\n") if x.strip()]
    for above, below in pairwise(lines):
        if _BARE_NUMBER.fullmatch(below) and len(above.split()) <= 4 and looks_like_name(above):
            return above
    return None


def named_sender(subject: str, text: str) -> str | None:
    """The person a notification is about: "Jörg Wendt (+49 …) hat Ihnen geschrieben",
    "New voicemail from Roberto Alvarez", "Lucy Marsh (@lucy): …"."""
    lines = [line.strip() for line in text[:2000].split("\n") if line.strip()][:14]
    found: list[str] = []
    for line in lines:
        if "(" in line and (match := _PAREN_LINE.match(line)):
            found.append(match.group("name"))
    block = f"{subject}\n" + "\n".join(lines)
    low_block = block.lower()
    present = {word for _, _, word in _NOTICE_WORDS.spans(low_block)}  # one pass over the block for all
    verbs = [v for v in _SENT_VERBS if v in present]
    messaging = [v for v in _MESSAGE_VERBS if v in present] if any(w in present for w in _MESSAGE_WORDS) else []
    for line in [subject, *lines] if verbs or messaging else ():
        low = f"{line.lower()} "
        usable = verbs + (messaging if messaging and any(w in low for w in _MESSAGE_WORDS) else [])
        ats = [at for verb in usable if (at := low.find(verb)) > 1]
        if ats:
            found.append(_before(line, min(ats)))  # the name is what comes before the first verb
    found.extend(m.group("name") for m in _FROM_NAME.finditer(subject))
    for name in found:
        name = name.strip(" -–—'\"„“”").strip()
        if ":" in name:
            name = name.rsplit(":", 1)[1].strip()  # "New lead: Brittany L."
        if "," in name and not looks_like_name(name) and len(name.split(",", 1)[0].split()) >= 2:
            name = name.split(",", 1)[0].strip()  # "Ayşe Demir, Pati Dostu … sayfasına mesaj gönderdi": verb last
            # (a full name: "Goedemorgen, u spreekt met …" starts with a greeting)
        if looks_like_name(name) and not _SIG_NOISE.match(name) and len(name.split()) <= 4:
            return name
    return _name_over_phone(text)
