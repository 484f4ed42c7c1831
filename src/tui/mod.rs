//! The terminal shell (stub while it is being written).
pub fn run(
    _corpus: crate::corpus::Corpus,
    _schema: crate::schema::Schema,
    _annotator: Option<String>,
) -> anyhow::Result<()> {
    Ok(())
}
