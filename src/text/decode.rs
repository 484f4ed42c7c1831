//! Bytes into text: UTF-8 and byte-order marks first, then the encoding the
//! user forced (`--encoding`, `encoding = "…"`), else the one `chardetng`
//! detects, decoded by `encoding_rs` (every WHATWG encoding, as browsers
//! do). A guess that is not confident, or bytes the encoding does not
//! explain, are refused with the reason: a wrong guess would be written into
//! an annotation file's offsets.

use std::sync::OnceLock;

use encoding_rs::{DecoderResult, Encoding, UTF_8, WINDOWS_1252};

use super::SourceText;

/// Why bytes could not be turned into text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    #[error("not valid UTF-8 (first bad byte at offset {0})")]
    NotUtf8(usize),
    #[error("a binary file (a NUL byte at offset {0}), not text")]
    Binary(usize),
    #[error(
        "in no encoding gloss can tell for sure (byte {byte:#04x} at offset {at} is not UTF-8 and means nothing in {guess}); --encoding NAME says which"
    )]
    Unknown {
        byte: u8,
        at: usize,
        guess: &'static str,
    },
    #[error(
        "in no encoding gloss can tell for sure (detection cannot decide); --encoding NAME says which"
    )]
    Undecided,
    #[error("not {encoding}, as --encoding or the config says (byte {byte:#04x} at offset {at})")]
    NotForced {
        encoding: &'static str,
        byte: u8,
        at: usize,
    },
    #[error("UTF-16 with an odd number of bytes or a broken surrogate pair")]
    BadUtf16,
}

/// The encodings gloss reads, by the names Python's `open(encoding=…)` knows.
pub const UTF8: &str = "utf-8";

/// A source file decoded by `SourceText::decode_owned`.
#[derive(Debug)]
pub struct Decoded {
    pub text: SourceText,
    pub encoding: &'static str,
    /// The file's bytes, when they are not the text's UTF-8 bytes.
    pub original: Option<Vec<u8>>,
}

/// The encoding `--encoding` or the config forces for every source (set
/// once, at start).
static FORCED: OnceLock<&'static Encoding> = OnceLock::new();

/// An encoding by any of its WHATWG labels (`cp1256`, `koi8-r`, `sjis`) or
/// Python's spelling of one (`latin-1`, `koi8_r`, `shift-jis`).
pub fn encoding_for_label(label: &str) -> Option<&'static Encoding> {
    let label = label.trim().to_ascii_lowercase();
    let python = label.replace('_', "-");
    let python = match python.as_str() {
        "latin-1" | "iso-8859-1" => "latin1",
        "shift-jis" => "shift_jis",
        "mac-cyrillic" => "x-mac-cyrillic",
        "cp874" => "windows-874",
        other => other,
    };
    Encoding::for_label(label.as_bytes()).or_else(|| Encoding::for_label(python.as_bytes()))
}

/// Makes every source decode as `label` from now on (`--encoding`, the
/// config's `encoding`). The first call wins; an unknown label is refused.
pub fn force_encoding(label: &str) -> Result<&'static str, String> {
    let encoding = encoding_for_label(label).ok_or_else(|| {
        format!(
            "unknown encoding {label:?} (a WHATWG name such as windows-1256, koi8-r or shift_jis)"
        )
    })?;
    Ok(recorded_name(FORCED.get_or_init(|| encoding), &[]))
}

/// The name written into `source.encoding`: one Python's `open()` knows.
fn recorded_name(encoding: &'static Encoding, bytes: &[u8]) -> &'static str {
    if encoding == UTF_8 {
        return UTF8;
    }
    // Windows-1252 that uses none of its own characters is Latin-1.
    if encoding == WINDOWS_1252 && !bytes.iter().any(|b| (0x80..=0x9F).contains(b)) {
        return "latin-1";
    }
    match encoding.name() {
        "x-mac-cyrillic" => "mac-cyrillic",
        "ISO-8859-8-I" => "iso-8859-8",
        "windows-874" => "cp874",
        name => name,
    }
}

/// Where a NUL byte shows a binary file (looked for in the first 64 KiB).
pub(super) fn first_nul(bytes: &[u8]) -> Option<usize> {
    bytes[..bytes.len().min(1 << 16)]
        .iter()
        .position(|&b| b == 0)
}

/// `bytes` in `encoding`, or the offset of the first byte it does not
/// explain: malformed there, or a C1 control (what WHATWG's single-byte
/// tables give bytes the encoding leaves undefined; no news text has one).
fn decode_strictly(encoding: &'static Encoding, bytes: &[u8]) -> Result<String, usize> {
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let room = decoder
        .max_utf8_buffer_length_without_replacement(bytes.len())
        .unwrap_or(bytes.len() * 3);
    let mut text = String::with_capacity(room);
    let (result, read) = decoder.decode_to_string_without_replacement(bytes, &mut text, true);
    if let DecoderResult::Malformed(bad, after) = result {
        return Err(read - bad as usize - after as usize);
    }
    let c1 = text
        .char_indices()
        .find(|(_, c)| ('\u{80}'..='\u{9F}').contains(c));
    match c1 {
        // A C1 control takes one byte in every encoding that yields one.
        Some((at, _)) if encoding.is_single_byte() => Err(text[..at].chars().count()),
        Some(_) => Err(0),
        None => Ok(text),
    }
}

/// Whether `encoding` explains every byte (see `decode_strictly`); a
/// UTF-16 BOM is left to `decode_foreign`.
pub(super) fn decodes_strictly(encoding: &'static Encoding, bytes: &[u8]) -> bool {
    !bytes.starts_with(&[0xFF, 0xFE])
        && !bytes.starts_with(&[0xFE, 0xFF])
        && decode_strictly(encoding, bytes).is_ok()
}

/// UTF-16 with a byte-order mark (the mark is not part of the text).
fn decode_utf16(bytes: &[u8]) -> Option<Result<String, DecodeError>> {
    type Unit = fn([u8; 2]) -> u16;
    let (rest, unit): (&[u8], Unit) = match bytes {
        [0xFF, 0xFE, rest @ ..] => (rest, u16::from_le_bytes),
        [0xFE, 0xFF, rest @ ..] => (rest, u16::from_be_bytes),
        _ => return None,
    };
    if rest.len() % 2 != 0 {
        return Some(Err(DecodeError::BadUtf16));
    }
    let units = rest.chunks_exact(2).map(|c| unit([c[0], c[1]]));
    Some(
        char::decode_utf16(units)
            .collect::<Result<_, _>>()
            .map_err(|_| DecodeError::BadUtf16),
    )
}

/// Bytes that are not UTF-8 (a UTF-8 byte-order mark already taken off):
/// UTF-16 with a BOM, else the forced encoding, else the detected one.
pub(super) fn decode_foreign(
    bytes: &[u8],
    forced: Option<&'static Encoding>,
) -> Result<(String, &'static str), DecodeError> {
    if let Some(text) = decode_utf16(bytes) {
        return Ok((text?, "utf-16"));
    }
    if let Some(at) = first_nul(bytes) {
        return Err(DecodeError::Binary(at));
    }
    if let Some(encoding) = forced {
        return decode_strictly(encoding, bytes)
            .map(|text| (text, recorded_name(encoding, bytes)))
            .map_err(|at| DecodeError::NotForced {
                encoding: recorded_name(encoding, bytes),
                byte: bytes.get(at).copied().unwrap_or(0),
                at,
            });
    }
    let mut detector = chardetng::EncodingDetector::new();
    detector.feed(bytes, true);
    let (guess, confident) = detector.guess_assess(None, false);
    // A few high bytes are too little to weigh encodings by: only
    // Windows-1252 (Latin-1), what gloss has always read, is taken then.
    let evidence = bytes.iter().filter(|b| !b.is_ascii()).count();
    let encoding = if evidence < STRONG_EVIDENCE {
        WINDOWS_1252
    } else {
        guess
    };
    let text = decode_strictly(encoding, bytes).map_err(|at| DecodeError::Unknown {
        byte: bytes.get(at).copied().unwrap_or(0),
        at,
        guess: recorded_name(encoding, bytes),
    })?;
    if !confident || encoding != guess {
        return Err(DecodeError::Undecided);
    }
    Ok((text, recorded_name(encoding, bytes)))
}

/// Non-ASCII bytes from which chardetng's guess is trusted.
const STRONG_EVIDENCE: usize = 8;

/// The forced encoding, if any (see `force_encoding`).
pub(super) fn forced() -> Option<&'static Encoding> {
    FORCED.get().copied()
}
