"""The words that tell what kind of mail a message is, in eighteen languages (and a little Danish and Norwegian).

Each kind is a list of literal markers, matched in the lowercased subject
and the sender's own text (leakdesk.mail.authored.own_text), never in a
quote. A marker is evidence, not a verdict: classification weighs them
(leakdesk.mail.classify) and a message with one weak marker only goes to
Check these. All markers are found in one Aho–Corasick pass over the text
(capture reads thousands of messages a second).
"""

from __future__ import annotations

import re
from enum import StrEnum

from leakdesk.mail.labels import UNSPACED
from leakdesk.mail.markers import Markers


class Kind(StrEnum):
    """What a message is about, as far as its words say."""

    ENQUIRY = "asks about a service"
    INVOICE = "invoice, receipt or statement"
    PHISHING = "phishing or scam"
    JOB = "job application"
    PITCH = "sales pitch"
    AUTO_REPLY = "auto-reply"
    NOTIFICATION = "automated notification"
    READ_RECEIPT = "read receipt"
    CALENDAR = "calendar invitation or answer"
    INTRODUCTION = "an introduction"
    REFERRAL = "refers someone"
    FORM = "announces a form or request"


# A marker ending in "*" is a stem ("availab*" finds "available", "availability"); any other
# single word must be the whole word ("termin" is German, "terminar" is not an appointment).
MARKERS: dict[Kind, tuple[str, ...]] = {
    Kind.ENQUIRY: (
        "quote*", "estimate", "estimates", "how much", "price*", "pricing", "cost", "costs", "appointment*", "book a",
        "book an", "booking", "availab*", "interested in", "would like", "i'd like", "could you", "can you",
        "could someone", "can someone", "have a look", "come and look",
        "do you offer", "do you do", "do you have", "are you able", "looking for", "need someone", "need a",
        "need help", "enquir*", "inquir*", "consultation", "please call", "call me", "get in touch", "rates",
        "angebot", "kostenvoranschlag", "termin", "terminvereinbarung", "preis", "preise", "kosten", "anfrage",
        "möchte", "würde gerne", "hätte gerne", "können sie", "könnten sie", "bitte um", "rückruf",
        "devis", "tarif*", "prix", "rendez-vous", "disponib*", "je souhaite*", "je voudrais", "pourriez-vous",
        "pouvez-vous", "renseignement*", "besoin",
        "presupuesto*", "precio*", "cita", "información", "me gustaría", "quisiera", "podrían", "pueden",
        "necesito",
        "preventivo", "prezzo", "prezzi", "appuntamento", "vorrei", "potreste", "informazioni", "costo",
        "offerte", "prijs", "afspraak", "graag", "zou ik", "kunnen jullie", "informatie", "beschikbaar",
        "orçamento", "preço", "marcação", "marcar", "gostaria", "podem", "informações",
        "报价", "价格", "多少钱", "预约", "咨询", "请问", "费用", "想要", "需要",
        "wycen*", "ile kosztuje", "ile kosztują", "ceny", "cennik usług", "koszt", "koszty", "wizyt*",
        "umówić", "umowić", "zapytanie", "zapytaniem", "interesuje mnie", "chciałabym", "chciałbym",
        "czy mogą państwo", "czy mogłabym", "czy mógłbym", "czy jest możliwość", "potrzebuję", "proszę o kontakt",
        "proszę o informację", "dostępn*", "rezerwacj*",
        "offert", "offerten", "vad kostar", "priser", "prisuppgift", "kostnad", "kostar", "boka", "bokning",
        "förfrågan", "undrar", "skulle vilja", "kan ni", "kan du", "behöver", "hjälp med", "ring mig",
        "intresserad av", "ledig tid", "tilbud", "hvad koster", "hva koster", "kan dere", "jeg vil gerne",
        "jeg ønsker", "bestille",
        "見積", "料金", "費用", "予約", "問い合わせ", "いくら", "依頼", "相談", "お願いしたい", "可能でしょうか",
        "空き", "検討しております", "伺いたい",
        "cenov* nabídk*", "nabídk*", "kolik stojí", "kolik by stál*", "cena za", "ceník", "termín", "objednat",
        "poptávk*", "potřeboval*", "potřebuji", "mohli byste", "mohl byste", "chtěl* bych", "prosím o",
        "fiyat", "fiyatı", "ne kadar", "randevu", "teklif", "ücret*", "bilgi almak", "rica ediyorum", "istiyorum",
        "mümkün mü", "yardımcı olabilir",
        "τιμή", "τιμές", "κόστος", "πόσο κοστίζει", "ραντεβού", "προσφορά", "θα ήθελα", "μπορείτε", "χρειάζομαι",
        "ενδιαφέρομαι", "διαθεσιμότητα",
        "вартість", "скільки коштує", "ціна", "ціну", "розрахувати", "замовити", "хотів би", "хотіла б",
        "потрібн*", "чи можете", "стоимость", "сколько стоит", "цена", "заказать", "хотел бы",
        "хотела бы", "нужн*", "можно ли", "прорахунок", "перевезення", "переїзд",
        "árajánlat*", "mennyibe kerül", "mennyi lenne", "milyen áron", "időpont*", "szeretnék", "érdeklődnék",
        "tudnának", "tudna", "tarjous*", "hinta", "hintaa", "paljonko maksaa", "kuinka paljon", "varata", "varaus",
        "haluaisin", "voisitteko", "voisitko", "tarvitsen", "kiinnostaa", "ofertă", "oferta de preț", "cât costă",
        "cât ar costa", "prețul", "programare", "aș dori", "aș vrea", "ne puteți", "kindly share",
        "please share", "quotation", "charges", "service required", "requirement for", "need service",
        "예약", "문의", "견적", "가격", "비용", "얼마", "상담", "가능할까요", "가능한가요", "원합니다", "싶습니다",
        "báo giá", "bao nhiêu", "giá", "chi phí", "đặt lịch", "đặt hẹn", "tư vấn", "muốn", "cho em hỏi", "cho mình hỏi",
        "được không", "السعر", "الأسعار", "كم سعر", "كم تكلفة", "عرض سعر", "حجز", "موعد", "استفسار", "أرغب", "أريد",
        "هل يمكن", "نحتاج", "أحتاج", "quote me", "how soon", "הצעת מחיר", "כמה עולה", "מחיר", "לתאם", "אשמח",
        "מעוניין", "מעוניינת", "צריך", "צריכה", "penawaran", "berapa", "harga", "mohon info", "minta", "pesan",
        "ingin", "bisa", "butuh", "tersedia",
        "ราคา", "สอบถาม", "ใบเสนอราคา", "เสนอราคา", "ค่าบริการ", "ค่าใช้จ่าย", "เท่าไหร่", "เท่าไร", "กี่บาท", "จองคิว", "ขอคิว",
        "นัดหมาย", "ว่างไหม", "ว่างมั้ย", "ได้ไหม", "ได้มั้ย", "รบกวน", "ต้องการ", "อยากได้", "อยากให้", "สนใจ", "ขอทราบ",
        "ปรึกษา", "ประเมินราคา", "ช่วยแนะนำ", "sebut harga", "sebutharga", "yuran", "caj", "kos", "tempahan", "tempah",
        "temujanji", "temu janji", "janji temu", "pertanyaan", "bertanya", "nak tanya", "tanya", "boleh tak",
        "ada tak", "berminat", "mencari", "perlukan", "memerlukan", "sila maklumkan", "maklumat lanjut", "mahu",
        "nak", "قیمت", "قیمتش", "قیمت‌ها", "هزینه", "هزینش", "استعلام", "مشاوره", "رزرو", "نوبت", "چقدر", "چقدره",
        "پیش فاکتور", "پیش‌فاکتور", "برآورد هزینه", "تعرفه", "می‌خواهم", "میخواهم", "می‌خواستم", "میخواستم", "می‌خواهیم",
        "میخواهیم", "می‌خواستیم", "میخواستیم", "نیاز داریم", "نیاز دارم", "آیا امکان", "امکان دارد", "امکانش هست",
        "ممنون می‌شوم", "ممنون میشوم", "ممنون میشم", "تماس بگیرید", "با من تماس", "خواهشمند است", "خواهشمندیم",
        "خواهشمندم", "در صورت امکان", "قيمت", "هزينه", "پيش فاكتور", "مي‌خواهيم", "نياز داريم", "تماس بگيريد", "कीमत",
        "कीमतें", "दाम", "रेट", "खर्च", "खर्चा", "लागत", "शुल्क", "कितना", "कितनी", "कितने", "बुकिंग", "बुक करना", "उपलब्ध",
        "उपलब्धता", "पैकेज", "कोटेशन", "जानकारी भेजें", "जानकारी दें", "जानकारी दीजिए", "जानकारी चाहिए", "पूछताछ", "चाहिए",
        "चाहते हैं", "चाहती हूं", "चाहती हूँ", "चाहता हूं", "चाहता हूँ", "कृपया बताएं", "बताइए", "बताएं", "बताइये", "अनुमानित",
        "kitna", "kitne", "kitni", "chahiye", "chahte hai", "chahte hain", "karwana hai", "batayein", "bataiye",
        "bata dijiye", "kya aap", "available hai", "book karna", "rate kya",
        "magkano", "hm po", "pwede po", "puwede po", "pwede ba", "puwede ba", "pwede bang", "puwede bang", "pede po",
        "ask ko lang", "ask lang po", "itatanong ko", "magtatanong", "tanong ko lang", "tanong lang po", "pa-quote",
        "paquote", "magpa-quote", "pa-schedule", "magpa-schedule", "pa-book", "magpa-book", "pa-check", "magpa-check",
        "pa-text", "pakitext", "paki-text", "pakitawagan", "paki-call", "tawagan nyo", "tawagan niyo", "tawagan po",
        "i-text nyo", "meron po ba", "mayroon po ba", "may slot", "interesado", "interested po", "gusto ko po",
        "gusto sana", "gusto namin", "kailangan ko", "kailangan namin", "kailangan po", "presyo", "mag-inquire",
        "paano po", "saan po", "bei gani", "bei ya", "bei zenu", "kiasi gani", "gharama", "naomba", "ninaomba",
        "tunaomba", "ningependa", "tungependa", "ninahitaji", "nahitaji", "tunahitaji", "ninataka", "nataka",
        "tunataka", "nipigie", "mnaweza", "unaweza kunisaidia", "mnatoza", "kujiandikisha", "kujisajili",
        "nafasi ipo", "kuna nafasi", "kuweka nafasi", "miadi", "maelezo zaidi", "habari zaidi", "je, mna", "je mna",
        "preciso", "precisamos", "precisaria", "quanto custa", "quanto custaria", "quanto fica", "quanto sai",
        "quanto cobram", "qual o valor", "qual seria o valor", "valores", "orçamentos", "cotação", "agendar",
        "agendamento", "tenho interesse", "temos interesse", "me interessa", "interessad*", "vocês fazem",
        "vocês atendem", "vcs atendem", "vocês têm", "disponível", "disponíveis", "poderiam", "poderia me",
        "me ligue", "me liga", "me ligar", "me chama", "entrem em contato", "entre em contato comigo",
        "aguardo retorno", "aguardo o retorno", "aguardo contato", "queria saber", "gostaríamos", "cotización",
        "cotizacion", "cotizaciones", "cotizar", "cuánto cuesta", "cuanto cuesta", "cuánto cobran", "cuanto cobran",
        "cuánto sale", "cuanto sale", "cuánto me sale", "cuánto me cobrarían", "cuánto costaría", "cuanto costaria",
        "me interesa", "nos interesa", "estoy interesad*", "interesada en", "necesitamos", "requiero", "requerimos",
        "quiero", "queremos", "quisiéramos", "reservar", "¿tienen", "¿tenéis", "¿hacen", "¿hacéis", "¿ofrecen",
        "¿ofrecéis", "manejan", "llámenme", "me llaman", "me marcan", "márquenme", "solicito una", "pido una",
        "pressupost", "pressupostos", "quant costa", "quant costaria", "quant val", "preu", "preus", "m'agradaria",
        "ens agradaria", "voldria", "voldríem", "necessito", "necessitem", "necessitaríem", "podríeu", "podries",
        "em podeu", "ens podeu", "podeu fer", "informació", "interessat", "m'interessa", "ens interessa",
        "truqueu-me", "contacteu amb mi", "sol·licito", "demanar", "ponud*", "cijen*", "koliko košta", "koliko kosta",
        "koliko bi koštalo", "koliko bi kostalo", "koliko stoji", "koliko iznosi", "zanima me", "zanima nas",
        "zanimalo bi me", "zanimalo bi nas", "zainteresiran*", "molim vas", "molio bih", "molila bih", "molili bismo",
        "slobodn*", "raspoloživ*", "raspoloziv*", "dostupn*", "upit", "upita", "upitom", "rezervacij*", "rezervirati",
        "rezervirao", "rezervirala", "trebao bih", "trebala bih", "trebali bismo", "trebao bi nam", "trebala bi nam",
        "treba nam", "trebam", "trebamo", "potreban", "potrebna", "potrebno", "potrebni", "htio bih", "htjela bih",
        "htjeli bismo", "želio bih", "željela bih", "željeli bismo", "zelio bih", "zeljela bih", "želim", "zelim",
        "možete li", "mozete li", "biste li", "je li moguće", "da li je moguće", "jel moguće", "nazovite me",
        "javite mi se", "kontaktirajte me", "оферта", "оферти", "цената", "цени", "колко струва", "колко ще струва",
        "колко би струвало", "колко струват", "колко ще ми струва", "интересува*", "бих искал", "бих искала",
        "бихме искали", "искам", "искаме", "трябва ми", "трябва ни", "нуждая се", "нуждаем се", "можете ли",
        "може ли", "бихте ли", "моля за", "моля да", "запитване", "запазя час", "свободни дати", "свободен час",
        "свободна дата", "обадете ми се", "позвънете ми", "потърсете ме", "kaina", "kainą", "kainos", "kainų",
        "kainuoja", "kiek kainuotų", "kiek kaštuotų", "kiek kainavo", "norėčiau", "norėtume", "pasiūlym*",
        "galėtumėte", "galėtumėt", "ar galite", "ar galima", "ar būtų galima", "reikėtų", "reikia", "prašau",
        "mane domina", "mus domina", "domintų", "užklaus*", "sąmata", "įkainiai", "įkainių", "laisvų laikų",
        "laisvą laiką", "laisvas laikas", "užsiregistruoti", "užregistruoti", "rezervuoti", "paskambinkite",
        "susisiekite su manimi", "ponuk*", "koľko stojí", "kolko stoji", "koľko by stálo", "koľko by to stálo",
        "koľko by stála", "potrebujem", "potrebujeme", "potreboval by som", "potrebovala by som", "chcel by som",
        "chcela by som", "chceli by sme", "mali by ste", "mohli by ste", "mám záujem", "máme záujem", "zaujíma ma",
        "zaujíma nás", "zavolajte mi", "dopyt", "objednať"),
    Kind.INVOICE: (
        "invoice*", "amount due", "balance due", "total due", "payment due", "due date", "statement of account",
        "account statement", "statement is ready", "remittance", "payment received", "payment confirmation",
        "receipt for", "your receipt", "receipt from", "order confirmation", "amount paid", "payment of",
        "has been paid", "direct debit", "overdue", "payment advice", "rechnung*", "zahlungseingang", "fällig",
        "zahlungsavis", "gutschrift", "quittung", "kontoauszug", "facture*", "montant", "échéance",
        "reçu de paiement", "avis de paiement", "relevé", "factura*", "importe", "vencimiento", "recibo",
        "aviso de pago", "extracto", "fattura*", "importo", "scadenza", "ricevuta", "estratto conto",
        "factuur*", "bedrag", "vervaldatum", "betalingsbewijs", "fatura*", "vencimento", "comprovativo",
        "betaling ontvangen", "ontvangen betaling*", "betaalmethode", "betaalverzoek", "openstaand bedrag",
        "zahlung erhalten", "zahlungsart", "paiement reçu", "moyen de paiement", "pago recibido", "método de pago",
        "pagamento ricevuto", "metodo di pagamento", "pagamento recebido", "payment method", "payment id",
        "transaction id", "pix", "transferência recebida", "você recebeu uma transferência", "comprovante",
        "payout*", "auszahlung*", "lastschrift*", "mandatsreferenz", "gläubiger-id",
        "vorabankündigung", "fälligkeitsdatum", "abbuchung", "prélèvement", "virement", "domiciliación", "adeudo",
        "addebito", "bonifico", "incasso", "afschrijving", "débito direto", "order total", "has shipped",
        "out for delivery", "tracking number", "sendungsnummer", "numéro de suivi", "número de seguimiento",
        "numero di tracciamento",
        "发票", "账单", "付款通知", "收据", "对账单",
        "faktur*", "do zapłaty", "termin płatności", "należność", "przelew", "jpk", "deklaracj*", "rozliczeni*",
        "paragon", "potwierdzenie płatności", "wyciąg", "förfallodatum", "att betala", "bankgiro", "plusgiro",
        "ocr-nummer", "kvitto", "betalning mottagen", "momsdeklaration", "kontoutdrag", "betalingsfrist",
        "vat return", "tax return", "payable", "receipts", "self assessment", "tax bill",
        "請求書", "ご請求", "請求金額", "お支払期限", "支払期限", "お振込", "振込先", "領収書", "納品書",
        "k úhradě", "datum splatnosti", "splatnost", "daňový doklad", "dph", "přiznání", "variabilní symbol",
        "e-fatura", "e-arşiv", "son ödeme", "vade", "kdv", "tahakkuk", "beyanname",
        "τιμολόγιο", "απόδειξη", "λογαριασμός", "φπα", "εξόφληση",
        "рахунок", "рахунку", "до сплати", "пдв", "декларац*", "счет", "счёт", "к оплате",
        "ндс", "акт виконаних", "számla", "számlát", "fizetendő", "fizetési határidő", "áfa", "lasku", "laskun",
        "eräpäivä", "maksettava", "viitenumero", "alv", "factură", "facturii", "facturi", "e-factura", "scadență",
        "tax invoice", "gstin", "igst", "cgst", "sgst", "ifsc", "amount received", "payment successful",
        "세금계산서", "청구서", "결제 완료", "정산", "입금", "영수증", "hóa đơn", "hoá đơn", "thanh toán", "số dư",
        "biến động số dư", "فاتورة", "فاتورة ضريبية", "المبلغ المستحق", "إيصال", "كشف حساب", "חשבונית",
        "חשבונית מס", "לתשלום", "קבלה", "מע\"מ", "tagihan", "jatuh tempo", "pembayaran diterima", "bukti transfer",
        "ใบกำกับภาษี", "ใบแจ้งหนี้", "ใบเสร็จ", "ใบวางบิล", "วางบิล", "ยอดชำระ", "ยอดรวมทั้งสิ้น", "ครบกำหนดชำระ", "กำหนดชำระ",
        "ภาษีมูลค่าเพิ่ม", "แจ้งการโอนเงิน", "ได้รับเงินโอน", "การโอนเงิน", "เลขที่บัญชี", "ชื่อบัญชี", "โอนเข้าบัญชี", "จำนวนเงิน",
        "ค่าธรรมเนียม", "ทำรายการ", "สลิป", "ชำระเงิน", "ใบแจ้งยอด", "พร้อมเพย์", "transfer notification", "fund transfer",
        "invois*", "jumlah perlu dibayar", "jumlah besar", "jumlah bayaran", "amaun", "bayaran diterima",
        "buat bayaran", "tarikh akhir bayaran", "penyata", "no. akaun", "nombor akaun", "akaun bank", "pindahan dana",
        "pemindahan dana", "duitnow", "ibg", "instant transfer", "sst", "cukai jualan", "cukai perkhidmatan",
        "tertunggak", "transaction date", "recipient reference", "payment details", "فاکتور", "فاکتور فروش",
        "صورتحساب", "صورت حساب", "صورت‌حساب", "رسید پرداخت", "رسید واریز", "قبض", "مبلغ قابل پرداخت", "قابل پرداخت",
        "مبلغ کل", "جمع کل", "مالیات بر ارزش افزوده", "ارزش افزوده", "شماره شبا", "شبا", "شماره حساب", "شماره کارت",
        "واریز", "فیش واریزی", "فیش", "سررسید", "تسویه", "پرداخت شد", "پرداخت موفق", "فاكتور", "واريز", "شماره كارت",
        "جمع كل", "ماليات بر ارزش افزوده", "बिल", "चालान", "इनवॉइस", "इनवॉयस", "टैक्स इनवॉइस", "रसीद", "भुगतान प्राप्त",
        "देय राशि", "कुल राशि", "बकाया", "खाता संख्या", "जीएसटी", "neft", "rtgs", "imps", "utr", "received a payment",
        "payment link",
        "lipa na m-pesa", "m-pesa transaction", "m-pesa message", "till number", "till no", "new till balance",
        "new m-pesa balance", "new balance", "available balance", "paybill", "confirmed. ksh", "confirmed. you have",
        "transaction cost", "instapay", "pesonet", "umepokea ksh", "salio jipya", "salio lako", "id da transação",
        "spei", "clabe", "transferencia recibida", "depósito recibido", "comprobante de transferencia",
        "comprobante de pago", "official receipt", "resibo", "kabuuang halaga", "halagang babayaran", "ankara yako",
        "ankara namba", "ankara ya kodi", "risiti", "stakabadhi", "malipo yamepokelewa", "kiasi cha kulipa",
        "nota fiscal", "nf-e", "nfs-e", "danfe", "boleto", "segunda via", "pagamento confirmado",
        "pagamento aprovado", "chave de acesso", "cfdi", "timbrado", "folio fiscal", "régimen fiscal",
        "comprobante fiscal", "complemento de pago", "total a pagar", "archivo xml", "xml y pdf", "pdf y xml",
        "import total", "import a pagar", "venciment", "base imposable", "base imponible", "račun", "računa",
        "računu", "e-račun", "e-računa", "e-racun", "racun", "iznos za plaćanje", "iznos za placanje",
        "iznos za uplatu", "ukupno za platiti", "ukupan iznos", "datum dospijeća", "dospijeće", "dospijeca",
        "rok plaćanja", "rok placanja", "poziv na broj", "uplatnica", "pdv", "obračunsko razdoblje",
        "iban primatelja", "фактура", "фактурата", "фактури", "проформа", "сума за плащане", "сумата за плащане",
        "дължима сума", "ддс", "данъчна основа", "падеж", "краен срок за плащане", "платежно нареждане",
        "касова бележка", "разписка", "постъпление", "банкова сметка", "sąskaita faktūra", "sąskaitą faktūrą",
        "sąskaitos faktūros", "sąskaita-faktūra", "pvm", "mokėtina suma", "mokėti iki", "apmokėti iki",
        "atsiskaitomoji sąskaita", "išankstinė sąskaita", "mokėjimo nurodymas", "apmokėjimo terminas", "faktúr*",
        "suma na úhradu", "k úhrade", "dátum splatnosti", "splatnosť", "variabilný symbol"),
    Kind.PHISHING: (
        "you have won", "you've won", "you won", "winner*", "prize*", "lottery", "lotteries", "claim your",
        "verify your account", "verify your email", "verify your identity", "mailbox is full", "mailbox full",
        "storage is full", "password expire*", "password will expire", "unusual sign-in", "unusual activity",
        "account suspended", "account will be suspended", "confirm your identity", "wire transfer",
        "beneficiary", "inheritance", "million dollars", "bitcoin", "crypto*", "western union", "gift card",
        "docusign", "shared a document", "validate your", "update your payment", "next of kin",
        "review and sign", "review document", "action required", "immediate action", "within 24 hours",
        "restore access", "verify now", "confirm your account", "re-activate", "reactivate",
        "account has been limited",
        "compensation fund", "mailbox quota", "click the link below", "investment opportunity", "guaranteed",
        "haben gewonnen", "hast gewonnen", "gewinner*", "konto gesperrt", "sicherheitsgründen", "verifizieren",
        "aktualisieren sie",
        "gagné", "gagnant*", "loterie", "compte suspendu", "raisons de sécurité", "vérifier votre",
        "ganado", "ganador*", "lotería", "cuenta suspendida", "motivos de seguridad", "verificar su",
        "criptomoneda*", "ganancias", "rentabilidad", "verificar tu", "btc", "trading", "withdraw*",
        "retirar tus", "activation fee", "processing fee", "comisión de activación", "frais d'activation",
        "premio", "vinto", "vincitore", "hai vinto", "lotteria", "sorteo", "reclamar su", "reclame su",
        "gastos de gestión", "ha sido seleccionado", "has been selected", "ihr postfach", "postfach ist voll",
        "spese di gestione", "frais de dossier", "été sélectionné", "conta foi suspensa", "conta será suspensa",
        "regularize", "em até 24 horas", "votre colis", "colis est en attente", "frais de réexpédition",
        "frais de livraison supplémentaires", "uw pakket", "ihr paket", "su paquete", "il tuo pacco",
        "your package is", "your parcel", "account will be closed", "compte sera suspendu",
        "verifica il", "ganhou", "中奖", "恭喜您", "验证您的",
        "skrzynka jest pełna", "skrzynka pocztowa jest pełna", "zweryfikuj", "wygrałeś", "wygrana",
        "konto zostanie zablokowane", "din brevlåda är full", "verifiera ditt", "du har vunnit", "kontot kommer att",
        "当選", "アカウントが停止", "本人確認", "メールボックスの容量",
        "doplaťte", "doplatek", "poplatek za doručení", "ověřte", "zásilka čeká", "uhraďte poplatek",
        "potvrďte svou adresu", "nedoplacen*", "hesabınız askıya",
        "doğrulayın", "kazandınız", "επαλήθευση", "κερδίσατε", "το δέμα σας", "підтвердіть", "ваша посилка",
        "посилка очікує", "виграли", "подтвердите", "ваша посылка", "вы выиграли", "csomagja", "vámkezelés",
        "felfüggesztésre", "pakettisi", "tilisi", "coletul dumneavoastră", "taxă de livrare", "kyc",
        "your account will be blocked", "택배", "본인인증", "계정이 정지", "tài khoản của bạn sẽ bị khóa",
        "xác minh", "شحنتك", "تحديث بياناتك", "تم تعليق حسابك", "رسوم التوصيل", "החבילה שלך", "דמי משלוח",
        "אימות", "paket anda", "verifikasi", "akun anda akan",
        "ยืนยันข้อมูลบัญชี", "ยืนยันตัวตน", "ถูกระงับ", "ระงับการใช้งาน", "คืนภาษี", "ภายใน 24 ชั่วโมง", "ภายใน 48 ชั่วโมง", "ถูกรางวัล",
        "เงินรางวัล", "ลอตเตอรี่", "พัสดุของคุณ", "อัปเดตข้อมูลบัญชี", "anda telah memenangi", "memenangi", "cabutan bertuah",
        "tuntut hadiah", "akaun anda akan", "akaun anda telah", "akaun anda disekat", "akaun anda digantung",
        "sahkan akaun", "dalam masa 24 jam", "bungkusan anda", "bayaran balik cukai", "kemas kini maklumat",
        "ابلاغیه", "ابلاغ الکترونیک", "سامانه ثنا", "ظرف ۲۴ ساعت", "ظرف 24 ساعت", "ظرف ۴۸ ساعت", "ظرف 48 ساعت",
        "برنده شده‌اید", "برنده شدید", "جایزه نقدی", "قرعه‌کشی", "قرعه کشی", "حساب شما مسدود", "مسدود خواهد شد",
        "تایید هویت", "تأیید هویت", "احراز هویت", "ابلاغيه", "लॉटरी", "लकी ड्रा", "इनाम राशि", "इनाम", "लॉटरी जीती",
        "लॉटरी जीत", "प्रोसेसिंग फीस", "प्रोसेसिंग शुल्क", "कौन बनेगा करोड़पति", "kbc lottery", "खाता बंद", "खाता ब्लॉक",
        "केवाईसी", "24 घंटे के भीतर", "24 घंटे के अंदर", "किसी के साथ साझा न करें", "lucky draw", "prize money",
        "hongera", "umeshinda", "mshindi wa", "zawadi yako", "kupokea zawadi", "droo ya", "akaunti yako imefungwa",
        "akaunti yako itafungwa", "thibitisha akaunti", "ndani ya saa 24", "nanalo ka", "nanalo po kayo", "napili ka",
        "ma-block ang", "na-suspend ang", "pošiljka je zadržana", "pošiljka zadržana", "zadržana je", "vaša pošiljka",
        "carinske pristojbe", "carinsku pristojbu", "platite pristojbu", "u roku od 24 sata", "u roku od 48 sati",
        "potvrdite adresu", "potvrdite svoje podatke", "osvojili ste", "dobitnik", "vaš račun je blokiran",
        "račun će biti blokiran", "спечелихте", "вашата пратка", "пратката ви", "митническа такса",
        "в рамките на 24 часа", "сметката ви ще бъде", "потвърдете данните", "laimėjote", "atsiimti dovaną", "prizą",
        "laimėtoju", "jūsų siunta", "siunta sulaikyta", "per 24 valandas", "per 48 valandas", "tik 24 valandas",
        "patvirtinkite savo", "sumokėti pristatymo mokestį", "foi sorteado", "foi sorteada", "seu prêmio",
        "sua conta será bloqueada", "sua encomenda", "encomenda retida", "taxa de liberação", "ganaste",
        "fuiste seleccionado", "tu paquete", "cuenta bloqueada", "tu cuenta será", "has guanyat", "heu guanyat",
        "el vostre paquet", "el teu paquet", "vyhrali ste", "vaša zásielka", "zásielka čaká", "poplatok za doručenie",
        "doplatok"),
    Kind.JOB: (
        "curriculum vitae", "my cv", "cv attached", "attached cv", "my resume", "resume attached",
        "attached resume", "résumé", "cover letter", "application for", "apply for", "applying for",
        "applied to", "applied for", "new applicant", "applicant", "position of", "for the position",
        "vacancy", "vacancies", "job opening", "job application", "open position", "internship",
        "bewerbung*", "lebenslauf", "stelle als", "anschreiben", "ausbildungsplatz", "candidature*",
        "lettre de motivation", "poste de", "currículum", "curriculum", "solicitud de empleo", "puesto de",
        "vacante", "candidatura", "posizione di", "sollicitatie*", "vacature", "vaga", "emprego", "求职", "简历",
        "应聘", "kandydatur*", "na stanowisko", "stanowisko", "list motywacyjny", "życiorys", "cv w załączniku",
        "aplikuję", "ogłoszenie o pracę", "ansökan", "söker jobb", "personligt brev", "mitt cv", "tjänsten som",
        "lediga tjänst*", "jobbansökan", "ansøgning", "søger job", "応募", "求人", "履歴書", "職務経歴書", "面接",
        "životopis", "pracovní pozic*", "o místo", "motivační dopis", "özgeçmiş", "iş başvurusu", "cv'm",
        "βιογραφικό", "θέση εργασίας", "резюме", "ваканс*", "на посаду", "на должность",
        "працевлаштуван*", "önéletrajz*", "álláshirdetés", "työhakemus", "ansioluettelo",
        "avoimeen työpaikkaan", "cv-ul", "post de", "angajare", "resume attached", "job opening", "이력서",
        "자기소개서", "입사지원", "채용", "지원합니다", "ứng tuyển", "tuyển dụng", "sơ yếu lý lịch",
        "السيرة الذاتية", "سيرة ذاتية", "وظيفة", "التقديم على", "קורות חיים", "משרה", "lamaran", "melamar",
        "lowongan", "daftar riwayat hidup",
        "สมัครงาน", "ใบสมัครงาน", "เรซูเม่", "เรซูเม", "ประวัติส่วนตัว", "ประวัติย่อ", "ตำแหน่งงาน", "รับสมัครงาน", "ประกาศรับสมัคร",
        "ประสบการณ์ทำงาน", "jobthai", "jobsdb", "สัมภาษณ์งาน", "permohonan jawatan", "memohon jawatan", "jawatan kosong",
        "resume saya", "temuduga", "temu duga", "pengalaman kerja", "memohon kerja", "kerja kosong", "jobstreet",
        "maukerja", "hiredly", "رزومه", "درخواست همکاری", "استخدام", "آگهی استخدام", "فرصت شغلی", "موقعیت شغلی",
        "سابقه کار", "جویای کار", "کارآموزی", "بپیوندم", "jobinja", "جابینجا", "سابقه كار", "درخواست همكاري",
        "बायोडाटा", "biodata", "रिज्यूमे", "रेज़्यूमे", "नौकरी", "रिक्त पद", "पद के लिए आवेदन", "naukri", "job ke liye",
        "zivotopis", "prijava za posao", "prijavu za posao", "molba za posao", "radno mjesto", "oglas za posao",
        "natječaj", "zaposlenje", "otvorena prijava", "motivacijsko pismo", "кандидатур*", "кандидатств*", "позиция",
        "позицията", "автобиография", "обява за работа", "мотивационно писмо", "търся работа", "jobs.bg",
        "gyvenimo aprašymas", "gyvenimo aprašymą", "gyvenimo aprasymas", "kandidatuoti", "kandidatuoju",
        "darbo skelbim*", "motyvacinis laiškas", "ieškau darbo", "cvonline", "lloc de treball", "oferta de feina",
        "carta de presentació", "busco feina", "sol·licitud de feina", "currículo", "curriculo", "candidatar",
        "trabalhe conosco", "solicito empleo", "solicito trabajo", "busco trabajo", "bolsa de trabajo",
        "hoja de vida", "mi cv", "computrabajo", "occmundial", "application letter", "resume ko", "nag-aapply",
        "mag-apply", "naghahanap ng trabaho", "kalibrr", "maombi ya kazi", "nafasi ya kazi", "ombi la kazi",
        "wasifu wangu", "natafuta kazi", "brightermonday", "pracovnú pozíciu", "pracovná pozícia", "žiadosť o prácu",
        "motivačný list", "profesia.sk"),
    Kind.PITCH: (
        "seo", "search engine*", "ranking*", "first page of google", "page 1 of google", "front page of google",
        "backlink*", "guest post*", "web design", "website design", "lead generation", "more leads",
        "more customers", "more patients", "more clients", "grow your business", "increase your",
        "marketing agency", "digital marketing", "our agency", "our services", "we help", "we specialize",
        "we specialise", "i came across your", "i noticed your", "quick call", "15 minute call", "15-minute call",
        "book a demo", "free trial", "free audit", "outsourc*", "offshore", "partnership", "collaborat*",
        "sponsor*", "recruit*", "candidates", "staffing", "locum*", "app development", "virtual assistant",
        "roi", "case study", "businesses like yours", "day rate", "temp-to-perm", "temp to perm", "send cvs",
        "send over cvs", "minute call", "minute chat", "quick chat", "clinics like yours", "would you be open",
        "are you open to", "worth a chat", "no obligation", "i'd love to show", "happy to send",
        "our products", "our range", "samples", "catalogue", "trade price", "special offer", "media kit",
        "influencer", "followers", "qualified leads", "leads per month", "new jobs per", "more jobs",
        "web designer", "i design", "we design", "mock-up", "mockup", "you may be losing", "you're losing",
        "i've put together", "area rep", "sales manager", "account manager", "business development",
        "first order*", "% off", "free delivery", "just launched", "free samples", "trial pack", "free rolls",
        "content creator", "créatrice de contenu", "créateur de contenu", "abonnés", "seguidores", "abonnenten",
        "relancer", "ugc", "kurzes telefonat", "mehr anfragen", "webentwickler", "webentwicklung",
        "más pacientes", "más clientes", "análisis gratuito", "auditoría gratuita", "primeros resultados",
        "primera página de google", "prima pagina di google", "più clienti", "più pazienti", "analisi gratuita",
        "première page de google", "plus de clients", "audit gratuit", "gratis analyse", "meer klanten",
        "primeira página do google", "análise gratuita", "seo local", "relatório gratuito", "mais alunos",
        "mais clientes", "no cure no pay", "kort telefoontje", "plaatsing", "kandidaten",
        "je vous propose", "te propongo", "vi propongo", "wir bieten", "nous proposons",
        "wir helfen", "kurzes gespräch", "15 minuten", "qualifizierte anfragen", "neue aufträge",
        "nous aidons", "ayudamos", "aiutiamo", "wij helpen", "ajudamos",
        "agentur", "webdesign", "suchmaschine*", "sichtbarkeit", "neue kunden", "mehr kunden",
        "kunden gewinnen", "imagefilm", "reichweite", "référencement", "agence", "visibilité",
        "nouveaux clients", "posicionamiento", "agencia", "nuevos clientes", "posizionamento", "visibilità",
        "nuovi clienti", "vindbaarheid", "marketingbureau", "nieuwe klanten", "novos clientes", "推广", "优化",
        "网站建设", "promocj*", "oferta specjalna", "pozycjonowani*", "nowych klientów",
        "więcej klientów", "współprac*", "kampanj*", "sökmotoroptimering", "fler kunder",
        "nya kunder", "samarbete", "nye kunder", "seo対策", "集客", "ご提案", "新規顧客", "検索順位", "上位表示",
        "více zákazníků", "noví zákazníci", "optimalizace", "reklamní", "reklama", "ajans", "ücretsiz analiz",
        "daha fazla müşteri",
        "google'da", "νέους πελάτες", "διαφήμιση", "προώθηση", "більше клієнтів", "просування", "реклам*",
        "больше клиентов", "продвижение", "több ügyfél", "keresőoptimalizálás", "ingyenes elemzés",
        "lisää asiakkaita", "hakukoneoptimointi", "ilmainen analyysi", "mai mulți clienți", "optimizare seo",
        "analiză gratuită", "premium listing", "boost your", "paid plan", "upgrade your listing", "광고", "마케팅",
        "상위노출", "블로그 체험단", "quảng cáo", "tăng doanh thu", "khách hàng mới", "تسويق", "إعلانات", "عملاء جدد",
        "קידום אתרים", "לקוחות חדשים", "jasa seo", "pelanggan baru",
        "รับทำเว็บไซต์", "รับทำ seo", "ติดหน้าแรก google", "หน้าแรกของ google", "ยิงแอด", "รับทำการตลาด", "การตลาดออนไลน์",
        "เพิ่มยอดขาย", "ขอนำเสนอ", "เสนอบริการ", "pemasaran digital", "lebih ramai pelanggan", "pelanggan baharu",
        "halaman pertama google", "reka bentuk laman web", "kami menawarkan", "tawaran istimewa", "سئو",
        "بهینه‌سازی سایت", "طراحی سایت", "صفحه اول گوگل", "بازاریابی", "دیجیتال مارکتینگ", "مشتری بیشتر",
        "افزایش فروش", "پیشنهاد همکاری", "معرفی خدمات", "خدمات ما", "एसईओ", "गूगल के पहले पेज", "डिजिटल मार्केटिंग",
        "वेबसाइट डिज़ाइन", "ज्यादा ग्राहक", "अधिक ग्राहक", "नए ग्राहक", "हमारी सेवाएं", "google ke first page",
        "first page guarantee",
        "demo de 15 minutos", "una demo", "agendamos una llamada", "agendar una llamada", "agendemos",
        "llamada de 15 minutos", "responda baja", "responde baja", "responda \"baja\"", "si no desea recibir",
        "le puedo mostrar", "te puedo mostrar", "más ventas", "más reseñas", "prueba gratis", "prueba gratuita",
        "ofrecemos", "demonstração", "uma reunião rápida", "conversa rápida", "bate-papo rápido", "teste grátis",
        "nossos serviços", "oferecemos", "mais vendas", "mais agendamentos", "primera pàgina de google",
        "més clients", "oferim", "us proposo", "els nostres serveis", "nudim", "nudimo", "više rezervacija",
        "broj rezervacija", "više gostiju", "više klijenata", "novih klijenata", "novi klijenti",
        "prvoj stranici googlea", "prva stranica googlea", "besplatnu analizu", "besplatna analiza",
        "besplatnu procjenu", "optimizacij*", "suradnj*", "digitalni marketing", "kratki razgovor", "kratak razgovor",
        "ako vas zanima", "първа страница в google", "първа страница на google", "първо място в google", "предлагаме",
        "нашите услуги", "повече клиенти", "нови клиенти", "кратък разговор", "15 минути", "безплатен одит",
        "безплатен анализ", "оптимизация", "линкбилдинг", "google ads", "дигитален маркетинг", "daugiau klientų",
        "naujų klientų", "pirmame google puslapyje", "pirmajame google puslapyje", "siūlome", "mūsų paslaugos",
        "nemokama analizė", "nemokamą auditą", "trumpas pokalbis", "15 minučių", "viac zákazníkov",
        "nových zákazníkov", "prvej strane googlu", "ponúkame", "naše služby", "bezplatná analýza", "krátky hovor",
        "wateja zaidi", "wateja wapya", "huduma zetu", "ukurasa wa kwanza wa google", "reply stop", "text stop",
        "15-minute demo", "quick demo"),
    Kind.AUTO_REPLY: (
        "out of the office", "out of office", "i am away", "i'm away", "i am currently away", "annual leave",
        "on leave until", "i'm on leave", "will be back on", "i will be back", "limited access to email",
        "when i return",
        "i will reply", "automatic reply", "auto-reply", "autoreply", "has been received",
        "we have received your", "we've received your", "we received your", "thank you for contacting",
        "thanks for contacting", "thank you for your email", "we will get back to you",
        "we'll get back to you", "ticket number", "case number", "for anything urgent", "urgent matters",
        "accès limité", "pour toute urgence", "in dringenden fällen", "para cualquier urgencia",
        "per qualsiasi urgenza", "voor dringende", "para assuntos urgentes", "i will be out", "back in the office",
        "zurück im büro", "de retour au bureau", "de vuelta en la oficina", "abwesend", "nicht im büro", "außer haus",
        "abwesenheit", "urlaub", "je suis absent*", "absente", "de retour le", "fuera de la oficina",
        "de vacaciones", "fuori ufficio", "afwezig", "niet aanwezig", "fora do escritório", "不在办公室", "休假",
        "自动回复", "poza biurem", "nieobecn*", "automatyczna odpowiedź", "urlopie", "frånvarande", "autosvar",
        "åter på kontoret", "semester till", "fraværende", "不在にして", "自動返信", "自動応答",
        "nepřítomen", "nepřítomna", "na dovolené", "ofis dışında", "izindeyim", "otomatik yanıt",
        "εκτός γραφείου", "αυτόματη απάντηση", "відпустц*", "автовідповідь", "поза офісом", "в отпуске", "автоответ*",
        "вне офиса", "házon kívül", "szabadságon", "automatikus válasz", "lomalla", "poissa toimistolta",
        "automaattinen vastaus", "în concediu", "răspuns automat", "în afara biroului", "부재중", "자동응답",
        "휴가", "vắng mặt", "trả lời tự động", "خارج المكتب", "في إجازة", "رد تلقائي", "מחוץ למשרד", "בחופשה",
        "מענה אוטומטי", "sedang cuti", "di luar kantor", "balasan otomatis",
        "ตอบกลับอัตโนมัติ", "ไม่อยู่ที่สำนักงาน", "ลาพักร้อน", "ได้รับอีเมลของท่านแล้ว", "ขอบคุณที่ติดต่อ", "sedang bercuti",
        "saya bercuti", "cuti tahunan", "di luar pejabat", "luar pejabat", "kembali ke pejabat",
        "akses e-mel saya adalah terhad", "akses e-mel terhad", "untuk urusan segera", "balasan automatik",
        "jawapan automatik", "terima kasih atas e-mel anda", "kami telah menerima e-mel anda",
        "kami telah menerima mesej anda", "پاسخ خودکار", "خارج از دفتر", "در مرخصی", "پیام شما دریافت شد",
        "در اسرع وقت پاسخ خواهیم داد", "به زودی پاسخ خواهیم داد", "स्वचालित उत्तर", "ऑटो रिप्लाई", "कार्यालय से बाहर",
        "छुट्टी पर", "अवकाश पर", "आपका संदेश प्राप्त",
        "automatski odgovor", "izvan ureda", "trenutno sam na godišnjem", "nalazim se na godišnjem",
        "vratit ću se u ured", "za hitne slučajeve", "u hitnim slučajevima", "автоматичен отговор", "извън офиса",
        "в отпуск съм", "отсъствам", "ще се върна в офиса", "при спешност", "automatinis atsakymas", "atostogauju",
        "esu atostogose", "nebūsiu biure", "grįšiu į darbą", "skubiais atvejais", "resposta automàtica",
        "fora de l'oficina", "estic de vacances", "tornaré a l'oficina", "per a qualsevol urgència",
        "estou de férias até", "estarei de férias até", "retorno no dia", "resposta automática",
        "respuesta automática", "responderé a mi regreso", "responderé en cuanto regrese", "jibu la kiotomatiki",
        "niko likizo hadi", "nje ya ofisi", "automatická odpoveď", "mimo kancelárie", "som na dovolenke do",
        "neprítomn*"),
    Kind.NOTIFICATION: (
        "liked your", "commented on", "new follower", "followed you", "your trial", "trial ends",
        "subscription", "sign-in", "signed in", "password reset", "reset your password", "verification code",
        "security alert", "new review", "left a review", "wrote a review", "left you a review",
        "performance report", "monthly report", "weekly report", "your report", "insights", "impressions",
        "view in browser", "view this email in your browser", "manage your preferences",
        "notification settings", "email preferences", "this is an automated", "automatically generated",
        "all rights reserved", "unsubscribe", "renewal", "saved your", "invitations", "you are receiving this",
        "started following you", "começou a seguir", "a commencé à vous suivre", "volgt je nu", "folgt dir jetzt",
        "empezó a seguirte", "ha iniziato a seguirti", "mensagem automática", "não responda", "ne pas répondre",
        "ne répondez pas", "no responda", "do not reply to this", "new message in your account",
        "nouveau message dans votre espace", "nieuw bericht in uw", "neue nachricht in ihrem",
        "wants to connect", "invitation to connect", "accept invitation", "quiere conectar", "aceptar invitación",
        "accept the invitation", "acepta la invitación", "mutual connections", "contactos en común",
        "gemeinsame kontakte", "relations en commun", "collegamenti in comune", "gemeenschappelijke connecties",
        "conexões em comum",
        "sich mit ihnen vernetzen", "einladung annehmen", "rejoindre votre réseau", "accepter l'invitation",
        "vuole collegarsi", "accetta l'invito", "wil connectie", "uitnodiging accepteren", "quer se conectar",
        "you're receiving this", "you received this email because", "je ontvangt deze", "sie erhalten diese",
        "vous recevez cet", "recibes este", "ricevi questa", "você está recebendo",
        "abmelden", "se désabonner", "désinscri*", "darse de baja", "cancellare l'iscrizione", "afmelden",
        "cancelar inscrição", "退订", "wszelkie prawa zastrzeżone", "nie odpowiadaj", "wypisz się", "wypisać",
        "med ensamrätt", "alla rättigheter förbehållna", "svara inte", "avregistrera", "avsluta prenumeration",
        "alle rettigheder forbeholdes", "配信停止", "送信専用", "自動送信", "このメールは", "ご登録いただいた",
        "neodpovídejte", "odhlásit", "všechna práva vyhrazena", "zobrazení profilu", "yanıtlamayın", "abonelikten çık",
        "tüm hakları saklıdır", "μην απαντήσετε", "απεγγραφή", "не відповідайте", "відписатися", "не отвечайте",
        "отписаться", "все права защищены", "всі права захищені", "переглядів", "ne válaszoljon",
        "leiratkozás", "automatikusan generált", "älä vastaa", "peruuta tilaus", "automaattisesti lähetetty",
        "nu răspundeți", "generat automat", "dezabonare", "profile views", "profilul tău", "수신거부",
        "발신전용", "all rights reserved", "không trả lời", "hủy đăng ký", "لا ترد", "إلغاء الاشتراك",
        "جميع الحقوق محفوظة", "star review", "5-star review", "left you a review", "כל הזכויות שמורות",
        "הסרה מרשימת", "berhenti berlangganan", "hak cipta dilindungi",
        "ยกเลิกการรับข่าวสาร", "ยกเลิกการสมัครรับ", "ยกเลิกการติดตาม", "สงวนลิขสิทธิ์", "อย่าตอบกลับ", "โดยอัตโนมัติ",
        "หากคุณไม่ต้องการรับอีเมล", "คุณได้รับอีเมลนี้", "ข้อความนี้ถูกส่งถึง", "jangan balas", "berhenti melanggan", "nyahlanggan",
        "hak cipta terpelihara", "anda menerima e-mel ini", "dijana secara automatik", "janaan komputer",
        "computer-generated", "computer generated", "لغو عضویت", "لغو اشتراک", "پاسخ ندهید", "کلیه حقوق محفوظ",
        "تمامی حقوق", "حقوق محفوظ است", "به صورت خودکار", "عضو خبرنامه", "لغو عضويت", "پاسخ ندهيد", "सदस्यता समाप्त",
        "अनसब्सक्राइब", "जवाब न दें", "उत्तर न दें", "सर्वाधिकार सुरक्षित", "स्वचालित रूप से", "आपको यह ईमेल",
        "system-generated", "system generated", "poslana je automatski", "poslana automatski",
        "automatski generiran*", "ne odgovarajte", "odjava s popisa", "odjavite se", "sva prava pridržana",
        "primate ovu poruku", "primili ste ovu poruku", "не отговаряйте", "автоматично генериран*", "отпишете се",
        "отписване", "всички права запазени", "получавате този имейл", "neatsakykite", "neatsakinėkite",
        "automatiškai sugeneruot*", "atsisakyti prenumeratos", "atsisakyti naujienlaiškio", "visos teisės saugomos",
        "gavote šį laišką", "jei nenorite gauti", "no responguis", "no respongueu", "donar-se de baixa",
        "tots els drets reservats", "generat automàticament", "e-mail automático", "email automático", "descadastrar",
        "descadastre-se", "todos os direitos reservados", "você recebeu este e-mail", "gerado automaticamente",
        "no respondas", "correo automático", "generado automáticamente", "todos los derechos reservados",
        "date de baja", "cancelar suscripción", "recibiste este correo", "huwag sagutin", "huwag mag-reply",
        "usijibu", "ujumbe huu umetumwa", "haki zote zimehifadhiwa", "jiondoe", "neodpovedajte", "odhlásiť",
        "všetky práva vyhradené", "automaticky generovan*"),
    Kind.INTRODUCTION: (
        "meet", "introduce", "introducing", "introduction", "copying in", "copying my", "cc'd", "cc'ing",
        "cc-ing", "looping in", "connect you", "in cc", "put you in touch", "vorstellen", "in kopie",
        "bekannt machen", "je vous présente", "en copie", "mettre en relation", "te presento", "les presento",
        "en copia", "ti presento", "vi presento", "in copia", "voorstellen", "in de cc", "apresento",
        "em cópia", "介绍", "抄送", "przedstawiam", "przedstawić", "poznajcie", "w kopii", "i kopia",
        "presentera", "kopierar in", "sätter dig i kontakt", "i cc", "ご紹介", "紹介させて", "ccに", "ccで",
        "v kopii", "do kopie", "vás spojím", "spojit vás", "představit", "seznámit", "kopyada", "tanıştırmak",
        "σε κοινοποίηση", "σας συστήνω", "у копії",
        "знайомтеся", "в копии", "познакомить", "másolatban", "bemutatom", "kopioksi", "kopiona",
        "esittelen", "în copie", "vă prezint", "소개해", "참조로", "giới thiệu", "أعرفكم", "في النسخة", "מכירה לך",
        "מכיר לך", "מכותבת", "מכותב", "להכיר", "memperkenalkan", "saya cc",
        "ขอแนะนำ", "แนะนำให้รู้จัก", "สำเนาถึง", "perkenalkan", "kenalkan", "معرفی", "معرفی می‌کنم", "معرفی کردم",
        "در رونوشت", "رونوشت", "آشنا کنم", "معرفي", "परिचय", "मिलवाना", "मिलवा रहा", "मिलवा रही", "सीसी में", "cc में",
        "cc kar raha", "cc kar rahi", "cc mein",
        "u kopiji", "stavljam u kopiju", "u cc", "predstavljam", "upoznajem vas", "upoznati vas", "в копие",
        "представям ви", "запознавам ви", "да ви запозная", "kopijoje", "pristatau", "supažindinu", "supažindinti",
        "en còpia", "et presento", "us presento", "en cc", "estou copiando", "copiando o", "copiando a", "em cc",
        "le presento", "copio a", "te copio", "con copia", "nasa cc", "naka-cc", "ipinapakilala ko", "ipakilala",
        "ninakutambulisha", "nakutambulisha", "kwenye cc", "kwenye nakala", "v kópii", "predstavujem", "zoznámiť"),
    Kind.REFERRAL: (
        "i refer", "i am referring", "i'm referring", "referring my", "referring a", "i would like to refer",
        "referral for", "referral letter", "verwijs ik", "ik verwijs", "verwijzing", "verwezen", "überweise",
        "überweisung", "überwiesen", "je vous adresse", "je vous envoie mon patient", "je vous envoie ma patiente",
        "te remito", "le remito", "les remito", "derivo a", "remitimos", "vi invio il", "le invio il",
        "invio la paziente", "encaminho", "encaminhamento", "转诊", "skierowanie", "kieruję", "remiss",
        "remitterar", "紹介状", "doporučuji", "posílám vám", "παραπέμπω", "παραπομπή", "σας στέλνω",
        "направляю", "направлення", "направление", "beutaló", "lähete", "trimitere",
        "แนะนำลูกค้า", "merujuk", "ارجاع", "रेफर कर",
        "preporučio", "preporučila", "preporučili", "preporučujem", "po preporuci", "препоръча", "препоръчвам",
        "по препоръка", "rekomendavo", "rekomenduoju", "m'ha recomanat", "recomanat per", "us recomano", "me indicou",
        "indicou vocês", "por indicação", "me recomendó", "me recomendaron", "por recomendación", "ni-refer",
        "nirefer", "inirekomenda", "alinipendekeza", "amenipendekeza", "odporučil", "odporučila"),
    Kind.FORM: (
        "new submission", "new form", "form submission", "new entry", "new enquiry", "new inquiry", "new lead",
        "new request", "quote request", "job request", "requesting a quote", "requested a quote", "request for a quote",
        "request for quote", "sent you a request", "new message", "message from", "contact form",
        "website enquiry", "website inquiry", "web enquiry", "new response", "new booking", "booking request",
        "new event", "new voicemail", "new chat", "offline message", "sent you a message", "message lead",
        "neue anfrage", "kontaktformular", "neue nachricht", "neuer auftrag", "nouvelle demande", "formulaire",
        "nouveau message", "nuevo mensaje", "nueva solicitud", "formulario", "nuova richiesta", "modulo",
        "nuovo messaggio", "nieuwe aanvraag", "contactformulier", "nieuw bericht", "nova mensagem",
        "novo pedido", "formulário", "新留言", "新询盘", "表单", "nowe zapytanie", "nowa wiadomość", "formularz",
        "nowa rezerwacja", "nowe zgłoszenie", "ny förfrågan", "nytt meddelande", "kontaktformulär", "ny bokning",
        "offertförfrågan", "ny forespørgsel", "ny henvendelse", "新しい依頼", "お問い合わせがありました",
        "新着メッセージ", "問い合わせフォーム", "依頼が届きました", "新規予約", "お問い合わせフォーム",
        "nová poptávka", "nová zpráva", "nový dotaz", "kontaktní formulář", "yeni mesaj", "yeni talep",
        "iş fırsatı", "iletişim formu", "νέο μήνυμα", "νέο ραντεβού", "φόρμα επικοινωνίας", "нова заявка",
        "нове замовлення", "нове повідомлення", "новая заявка", "новое сообщение", "заявка з сайту",
        "заявка с сайта", "új foglalás", "új üzenet", "új munka", "új ajánlatkérés", "uusi varaus",
        "uusi tarjouspyyntö", "uusi viesti", "yhteydenottopyyntö", "rezervare nouă", "mesaj nou", "cerere nouă",
        "solicitare nouă", "new buylead", "buy lead", "new enquiry for", "has enquired", "새 예약", "새로운 요청",
        "새 문의", "예약 신청", "견적 요청", "yêu cầu mới", "đặt lịch mới", "tin nhắn mới", "رسالة جديدة", "طلب جديد",
        "حجز جديد", "בקשה חדשה", "פנייה חדשה", "הודעה חדשה", "pesan baru", "pesanan baru", "permintaan baru",
        "ข้อความใหม่", "แบบฟอร์มติดต่อ", "แบบฟอร์ม", "คำขอใหม่", "การจองใหม่", "mesej baru", "pertanyaan baru", "borang",
        "respons baru", "penyerahan baru", "tempahan baru", "پیام جدید", "ارسال جدید", "فرم تماس", "درخواست جدید",
        "پیام آفلاین", "رزرو جدید", "پيام جديد", "नया संदेश", "नई पूछताछ", "फ़ॉर्म सबमिशन", "संपर्क फ़ॉर्म", "नई बुकिंग",
        "नया अनुरोध", "नई लीड",
        "novi upit", "nova rezervacija", "novi zahtjev", "novo pitanje", "ново съобщение", "ново запитване",
        "нова резервация", "nauja užklausa", "naujas užsakymas", "nauja rezervacija", "nou missatge",
        "nova sol·licitud", "nova consulta", "formulari de contacte", "nova reserva", "novo contato",
        "nova solicitação", "novo orçamento", "novo lead", "nueva cotización", "nueva consulta", "nueva reserva",
        "nuevo contacto", "nuevo lead", "te hicieron una pregunta", "nueva pregunta", "bagong mensahe",
        "bagong inquiry", "bagong booking", "ujumbe mpya", "ombi jipya", "nová správa", "nový dopyt",
        "nová objednávka", "nová rezervácia", "kontaktný formulár"),
}


def _pattern(markers: list[str]) -> re.Pattern[str]:
    parts = []
    for m in sorted({x.rstrip("*") for x in markers}, key=len, reverse=True):
        escaped = re.escape(m)
        if m.isascii() and m[:1].isalnum() and len(m) <= 4:
            escaped = r"\b" + escaped + r"\b"  # "seo", "roi", "cv", "cita" only as words
        parts.append(escaped)
    return re.compile("|".join(parts))


# How scan() finds markers: one Aho–Corasick pass (leakdesk.mail.markers) over the text, then the
# word rules. A marker starts a word (after a space or punctuation); one of up to 4 letters, or
# without a "*", must also end one ("seo", "roi", "cv", "cita" only as words); a longer marker
# with "*" matches as the start of a word ("availab*", "intéress*"); a phrase starts a word;
# markers in scripts written without spaces ("seo対策", "ใบเสนอราคา") or with endings attached ("예약이")
# match anywhere.
_PUNCT = "\"'.,;:!?()[]{}<>«»“”„*_/|¿¡،؛؟।॥\u200c"  # (Persian's zero-width non-joiner parts a word's suffix)
_KINDS_OF: dict[str, tuple[Kind, ...]] = {}
for _kind, _markers in MARKERS.items():
    for _marker in _markers:
        _KINDS_OF[_marker] = (*_KINDS_OF.get(_marker, ()), _kind)
_BY_KEY: dict[str, list[str]] = {}
for _marker in _KINDS_OF:
    _BY_KEY.setdefault(_marker.rstrip("*"), []).append(_marker)
_MARKERS = Markers((tuple(markers), (key,)) for key, markers in _BY_KEY.items())
PATTERNS = {kind: _pattern(list(markers)) for kind, markers in MARKERS.items()}


def _starts_word(text: str, start: int) -> bool:
    """Whether ``start`` begins a word: only punctuation between it and a space (or the start)."""
    i = start - 1
    while i >= 0 and text[i] in _PUNCT:
        i -= 1
    return i < 0 or text[i].isspace()


def _ends_word(text: str, end: int) -> bool:
    i = end
    while i < len(text) and text[i] in _PUNCT:
        i += 1
    return i == len(text) or text[i].isspace()


def scan(text: str, limit: int = 6) -> dict[Kind, list[str]]:
    """The distinct markers of each kind in lowercased ``text`` (first ``limit`` of a kind), in reading order."""
    hits: list[tuple[int, str]] = []
    seen: set[str] = set()  # a marker's first place is its place in the reading order
    for start, end, markers in _MARKERS.spans(text):
        for marker in markers:
            if marker not in seen and (UNSPACED.search(marker) or (_starts_word(text, start) and (
                    " " in marker or (marker.endswith("*") and len(marker) > 5) or _ends_word(text, end)))):
                seen.add(marker)
                hits.append((start, marker))
    hits.sort(key=lambda hit: hit[0])
    out: dict[Kind, list[str]] = {}
    for _, hit in hits:
        for kind in _KINDS_OF[hit]:
            words = out.setdefault(kind, [])
            shown = hit.rstrip("*")
            if shown not in words and len(words) < limit:
                words.append(shown)
    return out


_ANY_OF: dict[Kind, Markers[Kind]] = {}


def found(kind: Kind, text: str, limit: int = 6) -> list[str]:
    """The distinct markers of ``kind`` in lowercased ``text``, first ``limit``."""
    if kind not in _ANY_OF:
        _ANY_OF[kind] = Markers([(kind, [m.rstrip("*") for m in MARKERS[kind]])])
    if not _ANY_OF[kind].any_in(text):
        return []  # none of its words is even a part of the text (one pass, not the pattern at every place)
    out: list[str] = []
    for match in PATTERNS[kind].finditer(text):
        word = match.group(0)
        if word not in out:
            out.append(word)
            if len(out) >= limit:
                break
    return out
