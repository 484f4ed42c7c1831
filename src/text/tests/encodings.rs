//! Legacy encodings: detected by chardetng, decoded by encoding_rs, forced
//! by name, and refused when nothing explains the bytes for sure.

use super::*;
use encoding_rs::Encoding;

pub const ARABIC: &str = "وصلت القوات العراقية إلى مشارف مدينة الموصل يوم الاثنين بعد معارك عنيفة مع المسلحين في القرى المحيطة بالمدينة. \
    وقال مسؤولون عسكريون إن الهجوم على Mosul يهدف إلى استعادة السيطرة على المدينة بالكامل خلال الأسابيع المقبلة، \
    وإن آلاف المدنيين فروا من منازلهم نحو المخيمات في الشرق.\n";
pub const RUSSIAN: &str = "Иракские войска продвигаются к городу Мосул в ходе наступления, начатого в понедельник. \
    По словам военных, операция в Mosul направлена на освобождение города от боевиков, \
    а тысячи мирных жителей уже покинули свои дома и ждут помощи в лагерях на востоке страны.\n";
pub const JAPANESE: &str = "イラク軍は月曜日、北部の都市モスルの奪還を目指す攻勢を続けた。\
    軍の関係者によると、Mosul の中心部まではまだ数キロあり、市内の住民の多くは東の避難所に向かっている。\
    政府は数週間以内に市全体を制圧する見込みだと述べた。\n";

/// (text, encoding written, names the detection may record for it).
pub fn samples() -> Vec<(&'static str, &'static Encoding, &'static [&'static str])> {
    use encoding_rs::*;
    vec![
        (ARABIC, WINDOWS_1256, &["windows-1256"]),
        (ARABIC, ISO_8859_6, &["ISO-8859-6"]),
        // chardetng calls KOI8-R text KOI8-U: the Russian letters are the same.
        (RUSSIAN, KOI8_R, &["KOI8-R", "KOI8-U"]),
        (RUSSIAN, WINDOWS_1251, &["windows-1251"]),
        (JAPANESE, SHIFT_JIS, &["Shift_JIS"]),
    ]
}

fn encoded(text: &str, encoding: &'static Encoding) -> Vec<u8> {
    let (bytes, _, unmappable) = encoding.encode(text);
    assert!(!unmappable, "{} holds the sample", encoding.name());
    bytes.into_owned()
}

#[test]
fn news_in_legacy_encodings_is_detected_and_decoded_whole() {
    for (text, encoding, names) in samples() {
        let d = SourceText::decode_as(encoded(text, encoding), None).unwrap();
        assert_eq!(d.text.as_str(), text, "{}", encoding.name());
        assert!(
            names.contains(&d.encoding),
            "{} read as {}",
            encoding.name(),
            d.encoding
        );
        assert_eq!(
            d.original,
            Some(encoded(text, encoding)),
            "hashed as the file"
        );
    }
}

#[test]
fn a_forced_encoding_wins_over_detection_and_is_recorded() {
    let bytes = encoded(RUSSIAN, encoding_rs::KOI8_R);
    let koi8_r = encoding_for_label("koi8-r");
    let d = SourceText::decode_as(bytes.clone(), koi8_r).unwrap();
    assert_eq!((d.text.as_str(), d.encoding), (RUSSIAN, "KOI8-R"));
    // Bytes the forced encoding does not explain are refused, not guessed.
    let e = SourceText::decode_as(
        encoded(JAPANESE, encoding_rs::SHIFT_JIS),
        encoding_for_label("euc-kr"),
    )
    .unwrap_err();
    assert!(matches!(e, DecodeError::NotForced { .. }), "{e:?}");
    assert!(e.to_string().contains("EUC-KR"), "{e}");
    // A forced UTF-8 refuses what is not UTF-8 instead of detecting.
    let e = SourceText::decode_as(bytes, encoding_for_label("utf-8")).unwrap_err();
    assert!(matches!(e, DecodeError::NotUtf8(0)), "{e:?}");
    // A byte-order mark says UTF-8 whatever was forced.
    let d = SourceText::decode_as(b"\xEF\xBB\xBFMosul".to_vec(), koi8_r).unwrap();
    assert_eq!((d.text.as_str(), d.encoding), ("Mosul", UTF8));
}

#[test]
fn encodings_are_named_by_whatwg_labels_and_pythons_spellings() {
    for (label, name) in [
        ("cp1256", "windows-1256"),
        ("KOI8_R", "KOI8-R"),
        ("sjis", "Shift_JIS"),
        ("shift-jis", "Shift_JIS"),
        ("latin-1", "windows-1252"),
        ("gb18030", "gb18030"),
        (" euc-kr ", "EUC-KR"),
        ("cp874", "windows-874"),
        ("mac-cyrillic", "x-mac-cyrillic"),
    ] {
        assert_eq!(
            encoding_for_label(label).map(Encoding::name),
            Some(name),
            "{label}"
        );
    }
    assert_eq!(encoding_for_label("klingon"), None);
}

#[test]
fn bytes_detection_cannot_decide_are_refused() {
    // One high byte in ASCII: chardetng has nothing to weigh it by.
    let e = SourceText::decode_as(b"abc\xfe".to_vec(), None).unwrap_err();
    assert!(e.to_string().contains("--encoding"), "{e}");
}
