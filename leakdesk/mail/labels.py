"""What a form's label means: name, first or last name, email, phone, message.

Form builders let every business write its own labels ("Your e-mail
address *", "Téléphone portable", "Nachname", "联系电话"), so a label is
read by its words, not looked up whole: a label is an email label when one
of its words is an email word, unless a word says it is something else (a
company name, a postal address). The vocabularies cover 47 languages:
English, German, French, Spanish, Italian, Dutch, Portuguese, Polish,
Swedish, Danish, Norwegian, Czech, Slovak, Turkish, Greek, Ukrainian,
Russian, Hungarian, Finnish, Romanian, Croatian, Serbian, Slovenian,
Bulgarian, Lithuanian, Latvian, Estonian, Catalan, Albanian, Afrikaans,
Vietnamese, Indonesian, Malay, Tagalog, Thai, Arabic, Hebrew, Persian,
Urdu, Hindi, Bengali, Tamil, Georgian, Swahili, Chinese, Japanese and
Korean, and the words that chat widgets and booking tools put in front of
them ("Visitor email", "Invitee name").
"""

from __future__ import annotations

import re
import unicodedata
from enum import StrEnum


class Field(StrEnum):
    NAME = "name"
    FIRST = "first"
    LAST = "last"
    EMAIL = "email"
    PHONE = "phone"
    MESSAGE = "message"
    OTHER = "other"  # a label of something else (company, address, budget): a field, but not the prospect's


# Whole labels (after normalising) whose meaning their words alone would get wrong.
EXACT: dict[str, Field] = {
    "first name": Field.FIRST, "firstname": Field.FIRST, "given name": Field.FIRST, "forename": Field.FIRST,
    "first": Field.FIRST, "name first": Field.FIRST, "vorname": Field.FIRST, "prenom": Field.FIRST,
    "voornaam": Field.FIRST, "primeiro nome": Field.FIRST, "nome proprio": Field.FIRST, "名": Field.FIRST,
    "last name": Field.LAST, "lastname": Field.LAST, "surname": Field.LAST, "family name": Field.LAST,
    "last": Field.LAST, "name last": Field.LAST, "nachname": Field.LAST, "familienname": Field.LAST,
    "nom de famille": Field.LAST, "apellido": Field.LAST, "apellidos": Field.LAST, "cognome": Field.LAST,
    "achternaam": Field.LAST, "sobrenome": Field.LAST, "apelido": Field.LAST, "ultimo nome": Field.LAST,
    "姓": Field.LAST, "姓氏": Field.LAST, "imie": Field.FIRST, "fornamn": Field.FIRST, "fornavn": Field.FIRST,
    "nazwisko": Field.LAST, "efternamn": Field.LAST, "efternavn": Field.LAST, "etternavn": Field.LAST,
    "imie i nazwisko": Field.NAME, "od": Field.NAME, "fran": Field.NAME, "fra": Field.NAME,
    "temat": Field.OTHER, "amne": Field.OTHER, "emne": Field.OTHER, "件名": Field.OTHER, "do": Field.OTHER,
    "till": Field.OTHER, "til": Field.OTHER, "宛先": Field.OTHER,
    "ad soyad": Field.NAME, "adı soyadı": Field.NAME, "adınız soyadınız": Field.NAME, "ad-soyad": Field.NAME,
    "adınız": Field.FIRST, "adı": Field.FIRST, "soyad": Field.LAST, "soyadı": Field.LAST, "soyadınız": Field.LAST,
    "jmeno a prijmeni": Field.NAME, "ονομα": Field.FIRST, "имя": Field.FIRST, "імя": Field.FIRST,
    "kimden": Field.NAME, "от": Field.NAME, "від": Field.NAME, "απο": Field.NAME, "kime": Field.OTHER,
    "кому": Field.OTHER, "προς": Field.OTHER, "komu": Field.OTHER, "konu": Field.OTHER, "тема": Field.OTHER,
    "θεμα": Field.OTHER, "predmet": Field.OTHER, "nume si prenume": Field.NAME, "ugyfel neve": Field.NAME,
    "felado": Field.NAME, "lahettaja": Field.NAME, "de la": Field.NAME, "targy": Field.OTHER, "aihe": Field.OTHER,
    "subiect": Field.OTHER, "cimzett": Field.OTHER, "vastaanottaja": Field.OTHER, "catre": Field.OTHER,
    "mobile no": Field.PHONE, "contact no": Field.PHONE, "phone no": Field.PHONE, "ho va ten": Field.NAME,
    "ho ten": Field.NAME,
    "from": Field.NAME, "invitee": Field.NAME, "visitor": Field.NAME, "customer": Field.NAME, "client": Field.NAME,
    "sender": Field.NAME, "contact": Field.NAME, "contact person": Field.NAME, "ansprechpartner": Field.NAME,
    "absender": Field.NAME, "expediteur": Field.NAME, "remitente": Field.NAME, "mittente": Field.NAME,
    "afzender": Field.NAME, "remetente": Field.NAME, "联系人": Field.NAME, "称呼": Field.NAME,
    "de": Field.NAME, "von": Field.NAME, "da": Field.NAME, "van": Field.NAME, "caller id": Field.NAME,
    "pour": Field.OTHER, "to": Field.OTHER, "an": Field.OTHER, "para": Field.OTHER, "per": Field.OTHER,
    "naar": Field.OTHER, "a": Field.OTHER, "cc": Field.OTHER,
    "subject": Field.OTHER, "betreff": Field.OTHER, "objet": Field.OTHER, "asunto": Field.OTHER,
    "oggetto": Field.OTHER, "onderwerp": Field.OTHER, "assunto": Field.OTHER, "主题": Field.OTHER,
    # Thai, Malay, Persian (also typed with Arabic ي and ك) and Hindi, folded as folded() leaves them
    # (Thai tone marks, Devanagari nukta and virama dropped): a form's or a header block's From / To / Subject
    "จาก": Field.NAME, "ถึง": Field.OTHER, "เรือง": Field.OTHER, "สําเนาถึง": Field.OTHER,
    "daripada": Field.NAME, "kepada": Field.OTHER, "perkara": Field.OTHER, "s.k": Field.OTHER,
    "nama pertama": Field.FIRST, "nama keluarga": Field.LAST, "nama akhir": Field.LAST, "no. h/p": Field.PHONE,
    "no h/p": Field.PHONE, "از": Field.NAME, "به": Field.OTHER, "رونوشت": Field.OTHER, "نام خانوادگی": Field.LAST,
    "نام خانوادگي": Field.LAST, "نام‌خانوادگی": Field.LAST, "نام‌خانوادگي": Field.LAST, "نام کوچک": Field.FIRST,
    "نام كوچك": Field.FIRST, "से": Field.NAME, "परेषक": Field.NAME, "को": Field.OTHER, "परति": Field.OTHER,
    "अंतिम नाम": Field.LAST,
    # Croatian, Bulgarian, Lithuanian, Catalan, Slovak, Tagalog and Swahili, folded: a form's names and a
    # header block's From / To / Subject
    "ime i prezime": Field.NAME, "ime": Field.NAME, "prezime": Field.LAST, "salje": Field.NAME, "prima": Field.OTHER,
    "kopija": Field.OTHER, "име и фамилия": Field.NAME, "име": Field.NAME, "до": Field.OTHER,
    "относно": Field.OTHER, "копие": Field.OTHER, "vardas": Field.NAME, "vardas ir pavarde": Field.NAME,
    "pavarde": Field.LAST, "vardas, pavarde": Field.NAME, "vardas pavarde": Field.NAME,
    "adresa e-poste": Field.EMAIL, "nuo": Field.NAME, "kam": Field.OTHER, "nom i cognoms": Field.NAME,
    "cognoms": Field.LAST, "assumpte": Field.OTHER, "per a": Field.OTHER, "meno a priezvisko": Field.NAME,
    "krstne meno": Field.FIRST, "priezvisko": Field.LAST, "odosielatel": Field.NAME, "unang pangalan": Field.FIRST,
    "apelyido": Field.LAST, "huling pangalan": Field.LAST, "mula kay": Field.NAME, "para kay": Field.OTHER,
    "paksa": Field.OTHER, "jina la kwanza": Field.FIRST, "jina la mwisho": Field.LAST, "jina la ukoo": Field.LAST,
    "kutoka": Field.NAME, "kwa": Field.OTHER, "mada": Field.OTHER, "kichwa": Field.OTHER,
    # Urdu, Tamil, Afrikaans, Albanian and Georgian, folded: a form's names and a header block's
    # From / To / Subject
    "منجانب": Field.NAME, "بنام": Field.OTHER, "پہلا نام": Field.FIRST, "اخری نام": Field.LAST,
    "خاندانی نام": Field.LAST, "அனுபபுநர": Field.NAME, "அனுபபியவர": Field.NAME, "பெறுநர": Field.OTHER,
    "பொருள": Field.OTHER, "நகல": Field.OTHER, "முதல பெயர": Field.FIRST, "கடைசி பெயர": Field.LAST,
    "குடுமபப பெயர": Field.LAST, "aan": Field.OTHER, "naam en van": Field.NAME, "naam & van": Field.NAME,
    "noemnaam": Field.FIRST, "nga": Field.NAME, "subjekti": Field.OTHER, "subjekt": Field.OTHER, "lenda": Field.OTHER,
    "emri": Field.NAME, "mbiemri": Field.LAST, "emri dhe mbiemri": Field.NAME, "emri i plote": Field.NAME,
    "emer mbiemer": Field.NAME, "ვინ": Field.NAME, "ვისგან": Field.NAME, "გამგზავნი": Field.NAME, "ვის": Field.OTHER,
    "ვისთვის": Field.OTHER, "ადრესატი": Field.OTHER, "მიმღები": Field.OTHER, "თემა": Field.OTHER, "ასლი": Field.OTHER,
    "სახელი": Field.NAME, "გვარი": Field.LAST, "სახელი და გვარი": Field.NAME, "სახელი, გვარი": Field.NAME,
    "სრული სახელი": Field.NAME,
    # Estonian, Latvian, Slovenian, Serbian (both scripts) and Bengali, folded as folded() leaves them (Bengali's
    # virama and nukta dropped): a form's names and a header block's From / To / Subject
    "eesnimi": Field.FIRST, "perekonnanimi": Field.LAST, "perenimi": Field.LAST, "ees- ja perekonnanimi": Field.NAME,
    "ees- ja perenimi": Field.NAME, "saatja": Field.NAME, "saaja": Field.OTHER, "adressaat": Field.OTHER,
    "teema": Field.OTHER, "koopia": Field.OTHER, "vards, uzvards": Field.NAME, "vards uzvards": Field.NAME,
    "vards un uzvards": Field.NAME, "uzvards": Field.LAST, "temats": Field.OTHER, "tema": Field.OTHER,
    "ime in priimek": Field.NAME, "priimek": Field.LAST, "za": Field.OTHER, "zadeva": Field.OTHER, "kp": Field.OTHER,
    "prejemnik": Field.OTHER, "posiljalac": Field.NAME, "primalac": Field.OTHER, "име и презиме": Field.NAME,
    "презиме": Field.LAST, "од": Field.NAME, "за": Field.OTHER, "копија": Field.OTHER, "пошиљалац": Field.NAME,
    "прималац": Field.OTHER, "থেকে": Field.NAME, "পরেরক": Field.NAME, "পরতি": Field.OTHER, "বিষয": Field.OTHER,
    "সিসি": Field.OTHER, "পরাপক": Field.OTHER,
}
# Words that make a label one of these, in the eight languages.
WORDS: tuple[tuple[Field, frozenset[str]], ...] = (
    (Field.EMAIL, frozenset({
        "email", "e-mail", "mail", "emailaddress", "e-mailadresse", "emailadresse", "mailadresse", "courriel",
        "mel", "correo", "e-mailadres", "emailadres", "mailadres", "邮箱", "电子邮件", "电子邮箱", "邮件", "电邮",
        "メール", "eメール", "posta", "pec", "e-post", "epost", "e-postadress", "epostadress", "mejl",
        "mejladress", "mailadress", "e-posta", "eposta", "пошта", "почта", "e-mailova", "sahkoposti",
        "sahkopostiosoite", "emailcim", "e-mailcim", "이메일", "메일", "البريد", "الايميل", "ايميل", "אימייל",
        "דוא\"ל", "דואל", "מייל", "surel", "surat", "อีเมล", "emel", "ایمیل", "ای‌میل", "اي‌ميل",
        "رایانامه", "رايانامه", "پست‌الکترونیک", "پست‌الكترونيك", "پستالکترونیک", "پستالكترونيك", "پستالکترونیکی",
        "پستالكترونيكي", "پست‌الکترونیکی", "پست‌الكترونيكي", "ईमेल", "ई-मेल", "मेल",
        "имеил", "меил", "поща", "pastas", "pasto", "correu", "baruapepe", "pepe",
        "ای-میل", "மினனஞசல", "மினஅஞசல", "இமெயில", "ஈமெயில", "மெயில", "e-pos", "epos", "e-posadres", "eposadres",
        "emaili", "emailit", "email-i", "e-maili", "ელ-ფოსტა", "ელფოსტა", "ელ.ფოსტა", "ფოსტა", "ფოსტის", "ელფოსტის",
        "ელ-ფოსტის", "იმეილი", "მეილი", "იმეილის", "მეილის",
        "e-posti", "meil", "meiliaadress", "e-pasts", "e-pasta", "epasts", "epasta", "e-postni", "e-naslov",
        "enaslov", "imejl", "имејл", "мејл", "е-пошта", "е-поште", "е-маил", "емаил", "и-мејл", "ইমেইল", "ই-মেইল",
        "ইমেল", "ই-মেল", "pasts", "pasta", "posti", "postni", "маил", "মেইল", "মেল"})),
    (Field.PHONE, frozenset({
        "phone", "telephone", "tel", "tel.", "mobile", "cell", "cellphone", "mob", "handy", "handynummer", "telefon",
        "telefonnummer", "mobilnummer", "rufnummer", "mobiltelefon", "portable", "telefono", "movil", "celular",
        "cellulare", "telefoon", "telefoonnummer", "mobiel", "mobielnummer", "gsm", "telemovel", "whatsapp",
        "telefone", "telemóvel", "movel", "móvil",
        "电话", "手机", "联系电话", "电话号码", "手机号", "手机号码", "numero", "number", "phonenumber", "fone",
        "telefonu", "komorka", "komorkowy", "komorki", "numer", "mobil", "mobilnr", "telefonnr", "tlf", "電話",
        "携帯", "携帯電話", "電話番号", "telefonni", "mobilni", "telefonunuz", "τηλεφωνο", "κινητο", "τηλ",
        "τηλ.", "телефон", "телефону", "телефона", "мобільний", "мобильный", "моб", "telefonszam", "telefonszama",
        "mobilszam", "puhelin", "puhelinnumero", "matkapuhelin", "numar", "mobile no", "whatsapp no", "연락처",
        "전화", "휴대폰", "핸드폰", "전화번호", "thoai", "đienthoai", "dienthoai", "sđt", "sdt", "đt", "dđ", "الجوال",
        "الهاتف", "جوال", "هاتف", "الموبايل", "טלפון", "נייד", "פלאפון", "telepon", "telp", "hp", "wa",
        "nomor", "โทร", "เบอร", "มือถือ", "bimbit", "h/p", "تلفن", "موبایل", "موبايل", "همراه", "شماره", "شماره‌تماس",
        "تلفن‌همراه", "شماره‌همراه", "شماره‌موبایل", "شماره‌موبايل", "شماره‌تلفن", "واتساپ", "واتس‌اپ", "फोन",
        "मोबाइल", "नंबर", "नमबर", "दूरभाष", "वहाटसएप", "वहाटसऐप",
        "mobitel", "mobitela", "telefona", "мобилен", "телефонен", "numeris", "telefonas", "mobilusis", "telefonne",
        "telepono", "simu", "celulares",
        "فون", "ٹیلیفون", "سیل", "نمبر", "واٹس ایپ", "واٹس‌ایپ", "தொலைபேசி", "கைபேசி", "அலைபேசி", "கைபபேசி", "மொபைல",
        "போன", "எண", "வாடஸஅப", "selfoon", "selfoonnommer", "sel", "selnommer", "foon", "foonnommer", "telefoonnommer",
        "nommer", "kontaknommer", "selfoonnr", "selnr", "telefoni", "telefonit", "numri", "celulari", "ტელეფონი",
        "ტელეფონის", "ტელ", "ტელ.", "მობილური", "მობილურის", "ნომერი", "ნომრის", "მობ", "ვოტსაპი", "ვაცაპი",
        "telefoninumber", "mobiil", "mobiiltelefon", "mobiilinumber", "kontakttelefon", "talrunis",
        "talruna", "talr", "talr.", "telefons", "numurs", "mobilais", "telefonska", "stevilka", "broj", "mobilnog",
        "тел", "тел.", "број", "мобилни", "мобилног", "телефонски", "ফোন", "মোবাইল", "নমবর", "নামবার", "হোযাটসঅযাপ"})),
    (Field.FIRST, frozenset({"vorname", "prenom", "voornaam", "firstname", "forename", "imie", "fornamn",
                             "fornavn", "adınız", "ονομα", "etunimi", "prenume", "keresztnev",
                             "ชือจริง", "पहला", "परथम",
                             "پہلا", "noemnaam", "voorname",
                             "eesnimi", "vards"})),
    (Field.LAST, frozenset({"nachname", "surname", "lastname", "apellido", "apellidos", "cognome", "achternaam",
                            "sobrenome", "familienname", "nazwisko", "efternamn", "efternavn", "etternavn", "prijmeni",
                            "soyadı", "soyadınız", "επωνυμο", "прізвище", "фамилия", "sukunimi", "nume",
                            "vezeteknev", "นามสกล", "สกล", "خانوادگی", "خانوادگي", "उपनाम", "सरनेम", "कुलनाम",
                            "prezime", "pavarde", "cognom", "cognoms", "priezvisko", "apelyido",
                            "خاندانی", "vannaam", "familienaam", "mbiemri", "mbiemer", "mbiemrin", "გვარი", "გვარის",
                            "perekonnanimi", "perenimi", "uzvards", "priimek", "презиме", "পদবি"})),
    (Field.NAME, frozenset({
        "name", "names", "nom", "nombre", "nome", "naam", "姓名", "名字", "fullname", "invitee", "visitor",
        "customer", "client", "klant", "kunde", "cliente", "patient", "paciente", "paziente", "patiënt", "patiente",
        "patientin", "caller", "contact", "auftraggeber",
        "opdrachtgever", "demandeur", "solicitante", "richiedente", "requester", "anrufer", "appelant",
        "llamante", "chiamante", "beller", "chamador", "homeowner", "namn", "navn", "klient", "kund", "pacjent",
        "pacjentka", "nadawca", "avsandare", "afsender", "zleceniodawca", "bestallare",
        "名前", "氏名", "お名前", "ご氏名", "依頼者", "お客様名", "jmeno", "zakaznik", "musteri", "ονοματεπωνυμο",
        "ασθενης", "πελατης", "піб", "фио", "покупець", "покупатель", "клієнт", "клиент", "замовник", "заказчик",
        "імя", "nev", "neve", "ugyfel", "nimi", "asiakas", "asiakkaan", "clientul", "buyer", "이름", "성함", "예약자",
        "고객명", "고객", "신청자", "hovaten", "hoten", "ten", "khach", "الاسم", "اسم", "العميل", "שם", "nama",
        "pelanggan", "pemesan", "ชือ", "ผติดตอ", "ผสง", "نام", "مشتری", "مشتري", "فرستنده", "متقاضی", "متقاضي", "नाम",
        "गराहक",
        "ime", "posiljatelj", "kupac", "име", "имена", "подател", "vardas", "klientas", "remitent", "meno",
        "pangalan", "jina", "mteja",
        "گاہک", "کسٹمر", "مریض", "பெயர", "வாடிககையாளர", "நோயாளி", "pasient", "besoeker", "emri", "emer", "emrin",
        "klienti", "pacienti", "სახელი", "სახელის", "კლიენტი", "პაციენტი",
        "saatja", "stranka", "posiljalac", "пошиљалац", "клијент", "купац", "গরাহক", "নাম"})),
    (Field.MESSAGE, frozenset({
        "message", "messages", "comments", "comment", "enquiry", "inquiry", "question", "questions", "details",
        "request", "description", "notes", "note", "nachricht", "mitteilung", "anliegen", "anfrage", "bemerkung",
        "bemerkungen", "kommentar", "commentaire", "commentaires", "demande", "mensaje", "comentario",
        "comentarios", "consulta", "messaggio", "richiesta", "commento", "bericht", "opmerking", "opmerkingen",
        "vraag", "mensagem", "pedido", "留言", "消息", "备注", "内容", "咨询内容", "需求", "wiadomosc", "tresc",
        "pytanie", "uwagi", "meddelande", "fraga", "ovrigt", "besked", "beskrivelse", "kommentarer", "ご用件",
        "備考", "メッセージ", "ご相談", "zprava", "vzkaz", "dotaz", "poznamka", "mesaj", "mesajınız", "μηνυμα",
        "σχολια", "повідомлення", "сообщение", "коментар", "комментарии", "питання", "вопрос", "uzenet",
        "megjegyzes", "viesti", "lisatiedot", "observatii", "requirement", "requirements", "문의", "내용", "요청사항",
        "메시지", "loinhan", "noidung", "ghichu", "الرسالة", "رسالة", "الملاحظات", "ملاحظات", "التفاصيل", "הודעה",
        "פרטים", "pesan", "catatan", "keterangan", "ขอความ", "เนือความ", "รายละเอียด", "คําถาม", "หมายเหต", "mesej",
        "pertanyaan", "soalan", "komen", "butiran", "nota", "پیام", "پيام", "پیغام", "پيغام", "توضیحات", "توضيحات",
        "شرح", "سوال", "یادداشت", "يادداشت", "संदेश", "सनदेश", "मैसेज", "टिपपणी", "विवरण", "परशन", "आवशयकता",
        "poruka", "poruke", "upit", "napomena", "napomene", "komentar", "pitanje", "opis", "съобщение", "съобщението",
        "запитване", "въпрос", "бележки", "описание", "zinute", "pranesimas", "klausimas", "komentaras", "komentarai",
        "uzklausa", "missatge", "comentaris", "observacions", "sprava", "mensahe", "tanong", "ujumbe", "maelezo",
        "swali",
        "تفصیلات", "تبصرہ", "ضروریات", "سوالات", "செயதி", "கருதது", "விவரஙகள", "விவரம", "கேளவி", "குறிபபு",
        "கோரிககை", "boodskap", "boodskappe", "navraag", "kommentaar", "opmerkings", "besonderhede",
        "beskrywing", "notas", "versoek", "mesazhi", "mesazh", "koment", "komente", "komenti", "pyetje", "pyetja",
        "pershkrim", "pershkrimi", "detaje", "detajet", "shenime", "shenim", "kerkesa", "kerkese", "შეტყობინება",
        "წერილი", "კომენტარი", "კომენტარები", "შეკითხვა", "კითხვა", "აღწერა", "დეტალები", "შენიშვნა", "მოთხოვნა",
        "sonum", "sonumi", "sisu", "kusimus", "lisainfo", "markused", "teade", "zina", "zinojums",
        "komentars", "komentari", "jautajums", "piezimes", "sporocilo", "vprasanje", "opombe", "povprasevanje",
        "порука", "поруке", "питање", "напомена", "упит", "опис", "বারতা", "মেসেজ", "মনতবয", "পরশন", "বিসতারিত"})),
)
# Words that say a label is about something other than the prospect's own details.
NOT_THE_PROSPECT = frozenset({
    "company", "business", "organisation", "organization", "firm", "firma", "unternehmen", "societe", "entreprise",
    "empresa", "azienda", "societa", "bedrijf", "organisatie", "公司", "单位", "street", "address", "adresse",
    "direccion", "indirizzo", "adres", "endereco", "地址", "postcode", "zip", "city", "project", "event", "pet",
    "page", "site", "website", "form", "url", "referrer", "referral", "referred", "hear", "source", "budget",
    "service", "date", "time", "subject", "user", "agent", "ip", "browser", "fax", "office", "work", "business's",
    "mailing", "postal", "newsletter", "consent", "agree", "gdpr", "datenschutz", "privacy", "reference",
    "order", "invoice", "payment", "child", "children", "student", "parent's", "emergency", "doctor", "gp",
    "owner", "tracking", "forwarding", "rang", "dialed", "dialled", "calendar", "staff", "provider", "practitioner",
    "location", "sede", "filiale", "operator", "assigned", "team", "therapist", "appele", "called",
    "gewahlt", "angerufen", "llamado", "marcado", "chiamato", "gebeld", "ligado", "destination", "destinataire",
    "ziel", "line", "ligne", "linea", "lijn", "linha",
    "ulica", "miasto", "kod", "pocztowy", "adress", "gatuadress", "postnummer", "ort", "foretag", "virksomhed",
    "firmanavn", "termin", "datum", "tid", "dato", "住所", "会社", "会社名", "郵便番号", "日時", "希望日",
    "ulice", "mesto", "psc", "adresa", "hayvan", "evcil", "sehir", "ilce", "tarih", "διευθυνση", "πολη", "ημερομηνια",
    "адреса", "адрес", "місто", "город", "дата", "компанія", "компания", "splatnosti", "splatnost",
    "cim", "varos", "iranyitoszam", "osoite", "kaupunki", "postinumero", "yritys", "oras", "judet",
    "gstin", "pincode", "locality", "주소", "회사", "đia", "diachi", "điachi", "cong", "العنوان", "المدينة", "الشركة",
    "כתובת", "עיר", "חברה", "alamat", "kota", "perusahaan", "tanggal", "anak", "pelajar", "murid", "syarikat",
    "poskod", "bandar", "negeri", "tarikh", "masa", "perkhidmatan", "tajuk", "bajet", "lokasi", "akaun", "pesanan",
    "شرکت", "شركت", "ادرس", "نشانی", "نشاني", "شهر", "تاریخ", "تاريخ", "ساعت", "زمان", "موضوع", "بودجه", "خدمات",
    "صفحه", "پستی", "پستي", "سازمان", "فکس", "فكس", "نمابر", "سفارش", "فاکتور", "فاكتور", "پیگیری", "پيگيري",
    "کارت", "كارت", "حساب", "کاربری", "كاربري", "पता", "शहर", "तारीख", "तिथि", "दिनांक", "समय", "कंपनी", "बजट",
    "सेवा", "पिनकोड", "विषय", "ऑरडर", "खाता",
    "tvrtka", "tvrtke", "grad", "dolazak", "odlazak", "usluga", "racuna", "oib", "фирма", "фирмата", "град", "услуга",
    "imone", "imones", "adresas", "miestas", "data", "paslauga", "uzsakymo", "saskaitos", "adreca", "ciutat", "codi",
    "servei", "cidade", "bairro", "servico", "ciudad", "colonia", "municipio", "servicio", "fecha", "kumpanya",
    "lungsod", "petsa", "serbisyo", "tirahan", "kampuni", "anwani", "mji", "tarehe", "huduma", "spolocnost", "sluzba",
    "till", "paybill",
    "ایڈریس", "بجٹ", "ولدیت", "شناختی", "اکاونٹ", "முகவரி", "நகரம", "தேதி", "நேரம", "நிறுவனம", "சேவை", "பினகோடு",
    "அலுவலகம", "கணககு", "maatskappy", "besigheid", "voorstad", "poskode", "tyd", "diens", "begroting", "straat", "erf",
    "faks", "qyteti", "qytet", "sherbimi", "kompania", "kompani", "buxheti", "rruga", "postar", "zyra", "puna",
    "მისამართი", "ქალაქი", "თარიღი", "დრო", "კომპანია", "ორგანიზაცია", "სერვისი", "მომსახურება", "ბიუჯეტი", "საფოსტო",
    "ინდექსი", "სამსახური", "ოფისი", "ფაქსი", "ჩამოსვლის", "გამგზავრების", "fatures", "llogarise", "llogaria",
    "ანგარიში", "ანგარიშის", "rekeningnommer", "identiteitsnommer", "id-nommer", "ஆதார",
    "ettevote", "ettevotte", "aadress", "linn", "kuupaev", "aeg", "teenus", "teenuse", "uznemums", "uznemuma", "adrese",
    "pilseta", "datums", "laiks", "pakalpojums", "pakalpojuma", "lapas", "lietotaja", "attala", "podjetje", "podjetja",
    "naslov", "kraj", "storitev", "dogodek", "dogodka", "stevilo", "preduzece", "firme", "vreme", "предузеће", "датум",
    "време", "ঠিকানা", "এলাকা", "শহর", "তারিখ", "সময", "পরতিষঠান", "কোমপানি", "কোমপানির", "পরতিষঠানের", "বিষয", "শরেণি",
    "শিকষারথীর", "ছাতরের", "ছাতরীর", "বাজেট", "বেতন", "সমমানী",
})
# Words that tell what a label's phone is, when it is not the prospect's.
_OPTIONAL_TAIL = re.compile(r"\s*(\(?(required|optional|obligatoire|obligatorio|obbligatorio|verplicht|"
                            r"pflichtfeld|erforderlich|facultatif|opcional|opzionale|kohustuslik|valikuline|obligats|"
                            r"neobligats|obvezno|neobvezno|obavezno|opciono|обавезно|опционо|আবশযক|ঐচছিক)\)?)\s*$")
_PUNCT = re.compile(r"[*:：?？؟!！()\[\]{}<>\"'“”‘’«»_|#]+")
_WORD = re.compile(r"[\w@.+-]+", re.UNICODE)
MAX_LABEL = 60
CJK = re.compile("[\u3040-\u9fff\uac00-\ud7af]")  # Chinese, Japanese, Korean: written without spaces
# Words written without spaces between them (Thai, Lao, Myanmar, Khmer, Chinese, Japanese) or with endings
# attached (Korean): their markers are looked for inside the text, not as whole words.
UNSPACED = re.compile("[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u9fff\uac00-\ud7af]")


def folded(text: str) -> str:
    """Lowercase, accents folded (é -> e), spaces single: how labels and names are compared."""
    plain = unicodedata.normalize("NFKD", text.lower())
    # (NFC again afterwards: NFKD splits Hangul syllables into their letters, which are no accents)
    plain = unicodedata.normalize("NFC", "".join(c for c in plain if not unicodedata.combining(c)
                                                 or c in "\u3099\u309a"))  # kana's voicing marks stay
    return " ".join(plain.split())


def _plain(text: str) -> str:
    """folded, punctuation dropped."""
    plain = _OPTIONAL_TAIL.sub("", " ".join(_PUNCT.sub(" ", folded(text)).split()))
    return plain.strip(" -–—.")


_CACHE: dict[str, Field | None] = {}


def field_of(label: str) -> Field | None:
    """What ``label`` asks for, or None when it is not a form label at all."""
    if len(label) > MAX_LABEL and not (len(label) <= 100 and label.rstrip().endswith(("?", "？", "؟"))):
        return None
    found = _CACHE.get(label, ...)
    if found is not ...:
        return found
    result = _field_of(label)
    if len(_CACHE) < 20_000:
        _CACHE[label] = result
    return result


# Words inside labels written without spaces that ask for something other than the prospect's contact.
_NOT_THE_PROSPECT_INSIDE = ("公司", "地址", "单位", "住所", "会社", "日時", "希望日", "บริษัท", "ทีอย", "วันที", "เวลา",
                            "หัวขอ", "หัวเรือง", "บริการ", "จังหวัด", "รหัสไปรษณีย์", "หนวยงาน", "โทรสาร", "แฟกซ์",
                            "งบประมาณ", "บัญชี", "คําสังซือ")


def _field_of(label: str) -> Field | None:
    key = _plain(label)
    if not key:
        return None
    if key in EXACT:
        return EXACT[key]
    words = key.replace("/", " ").replace("-", " - ").split()
    question = label.rstrip().endswith(("?", "？", "؟"))  # Typeform-style questions are labels too
    if len(words) > (14 if question else 7) or any(w.isdigit() for w in words):
        return None
    joined = set(words) | {key.replace(" ", "")} | {"-".join(words)}
    # Labels in scripts without spaces: look for the vocabulary inside them.
    unspaced = bool(UNSPACED.search(key))
    hits: list[Field] = []
    for field, vocabulary in WORDS:
        if joined & vocabulary or (unspaced and any(v in key for v in vocabulary if not v.isascii())):
            hits.append(field)
    other = bool(joined & NOT_THE_PROSPECT) or (unspaced and any(w in key for w in _NOT_THE_PROSPECT_INSIDE))
    if Field.EMAIL in hits and not {"newsletter", "consent", "mailing", "postal"} & joined:
        return Field.EMAIL
    if Field.PHONE in hits and not other:
        return Field.PHONE
    if other:
        return Field.OTHER
    if Field.LAST in hits and (Field.FIRST in hits or Field.NAME in hits):
        return Field.NAME  # "Vor- und Nachname", "Nome e cognome": the whole name
    for field in (Field.FIRST, Field.LAST, Field.NAME, Field.MESSAGE):
        if field in hits:
            return field
    if Field.PHONE in hits:
        return Field.PHONE
    return None


def words(text: str) -> list[str]:
    return _WORD.findall(text)
