//! Synthetic corpora of any shape for the benchmarks: articles of a given
//! length in mixed scripts (so offsets and widths are exercised), and
//! annotation files with a given number of entities on real words.

use std::fmt::Write as _;
use std::path::Path;

use gloss::annotation::{Document, SourceInfo};
use gloss::article::sha256_hex;
use gloss::store;
use gloss::text::SourceText;

const WORDS: &[&str] = &[
    "the",
    "forces",
    "advanced",
    "on",
    "Mosul",
    "while",
    "residents",
    "fled",
    "across",
    "river",
    "Zürich",
    "São",
    "Paulo",
    "東京",
    "北京",
    "café",
    "naïve",
    "report",
    "said",
    "officials",
    "🚑",
    "convoy",
    "reached",
    "border",
    "Erbil",
    "at",
    "dawn",
    "and",
    "then",
    "left",
];

/// A deterministic pseudo-random stream (no dependency needed for benches).
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Self(
            seed.wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407),
        )
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }
}

/// About `bytes` bytes of text: sentences in paragraphs, mixed scripts.
pub fn article(rng: &mut Rng, title: &str, bytes: usize) -> String {
    let mut s = format!("{title}\n\n");
    while s.len() < bytes {
        for _ in 0..3 + rng.below(5) {
            let n = 6 + rng.below(14);
            for i in 0..n {
                let w = WORDS[rng.below(WORDS.len())];
                if i == 0 {
                    let mut c = w.chars();
                    if let Some(f) = c.next() {
                        s.extend(f.to_uppercase());
                        s.push_str(c.as_str());
                    }
                } else {
                    s.push(' ');
                    s.push_str(w);
                }
            }
            s.push_str(". ");
        }
        s.push('\n');
    }
    s
}

/// A document with `n` entities on words of `text` (spread over it).
pub fn annotations(text: &SourceText, file: &str, n: usize, rng: &mut Rng) -> Document {
    let mut doc = Document::new(
        SourceInfo {
            file: file.into(),
            sha256: sha256_hex(text.as_str().as_bytes()),
            encoding: "utf-8".into(),
            chars: text.len_chars(),
            extra: Default::default(),
        },
        None,
    );
    let len = text.len_chars();
    let types = ["PER", "ORG", "GPE", "LOC", "FAC", "TIME"];
    let mut id = 0;
    for k in 0..n {
        let at = (k * len / n.max(1)) + rng.below(8);
        if let Some((s, e)) = gloss::text::words::word_at(text, at.min(len.saturating_sub(1))) {
            id += 1;
            doc.entities.push(gloss::annotation::Entity {
                id: format!("T{id}"),
                kind: types[rng.below(types.len())].into(),
                start: s,
                end: e,
                text: text.slice(s, e).into(),
                note: None,
                attributes: None,
                suggested: None,
                extra: Default::default(),
            });
        }
    }
    doc.entities
        .dedup_by(|a, b| a.start == b.start && a.end == b.end);
    doc.normalize();
    doc
}

/// A corpus of `articles` files of about `bytes` each, in folders of 1,000,
/// with annotation files on every `annotate_every`-th (0: none).
pub fn corpus(dir: &Path, articles: usize, bytes: usize, annotate_every: usize) {
    let mut rng = Rng::new(articles as u64);
    for i in 0..articles {
        let folder = dir.join(format!("{:03}", i / 1000));
        std::fs::create_dir_all(&folder).unwrap();
        let path = folder.join(format!("{i:06}.txt"));
        let mut title = String::new();
        let _ = write!(title, "Dispatch {i:06} from the front");
        let text = article(&mut rng, &title, bytes);
        std::fs::write(&path, &text).unwrap();
        if annotate_every > 0 && i % annotate_every == 0 {
            let st = SourceText::new(text);
            let doc = annotations(&st, &format!("{i:06}.txt"), 20, &mut rng);
            let side = store::sidecar_path(&path, None);
            std::fs::write(side, store::serialize(&doc)).unwrap();
        }
    }
}
