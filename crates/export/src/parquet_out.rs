//! Parquet output: the flat columns of [`crate::columns`] with Arrow types
//! (Utf8, Int64, Float64, Date32), all nullable, in row groups of [`GROUP`] rows.

use crate::rows::{Cell, Kind};
use crate::{columns, ExportError, Result, Row, Sink, What};
use arrow_array::builder::{ArrayBuilder, Date32Builder, Float64Builder, Int64Builder, StringBuilder};
use arrow_array::RecordBatch;
use arrow_schema::{DataType, Field, Schema};
use parquet::arrow::ArrowWriter;
use std::io::Write;
use std::sync::Arc;

/// Rows per row group.
const GROUP: usize = 65_536;

enum Builder {
    Str(StringBuilder),
    I64(Int64Builder),
    F64(Float64Builder),
    Date(Date32Builder),
}

/// Arrow schema of a table.
pub fn schema(what: What) -> Schema {
    Schema::new(
        columns(what)
            .iter()
            .map(|(name, kind)| {
                let t = match kind {
                    Kind::Str => DataType::Utf8,
                    Kind::I64 => DataType::Int64,
                    Kind::F64 => DataType::Float64,
                    Kind::Date => DataType::Date32,
                };
                Field::new(*name, t, true)
            })
            .collect::<Vec<_>>(),
    )
}

/// Days since 1970-01-01 of a `YYYY-MM-DD` date (proleptic Gregorian).
pub fn days_from_civil(date: &str) -> Option<i32> {
    let b = date.as_bytes();
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let y: i64 = date.get(..4)?.parse().ok()?;
    let m: i64 = date.get(5..7)?.parse().ok()?;
    let d: i64 = date.get(8..10)?.parse().ok()?;
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    i32::try_from(era * 146_097 + doe - 719_468).ok()
}

fn perr(e: impl std::fmt::Display) -> ExportError {
    ExportError::Parquet(e.to_string())
}

pub(crate) struct ParquetSink<'a> {
    out: &'a mut dyn Write,
    schema: Arc<Schema>,
    kinds: Vec<Kind>,
    builders: Vec<Builder>,
    rows: usize,
    writer: Option<ArrowWriter<Vec<u8>>>,
}

impl<'a> ParquetSink<'a> {
    pub(crate) fn new(what: What, out: &'a mut dyn Write) -> Result<ParquetSink<'a>> {
        let schema = Arc::new(schema(what));
        let kinds: Vec<Kind> = columns(what).iter().map(|(_, k)| *k).collect();
        let writer = ArrowWriter::try_new(Vec::new(), schema.clone(), None).map_err(perr)?;
        let mut s = ParquetSink { out, schema, kinds, builders: Vec::new(), rows: 0, writer: Some(writer) };
        s.builders = s.fresh();
        Ok(s)
    }

    fn fresh(&self) -> Vec<Builder> {
        self.kinds
            .iter()
            .map(|k| match k {
                Kind::Str => Builder::Str(StringBuilder::new()),
                Kind::I64 => Builder::I64(Int64Builder::new()),
                Kind::F64 => Builder::F64(Float64Builder::new()),
                Kind::Date => Builder::Date(Date32Builder::new()),
            })
            .collect()
    }

    fn flush_group(&mut self) -> Result<()> {
        if self.rows == 0 {
            return Ok(());
        }
        let mut builders = self.fresh();
        std::mem::swap(&mut builders, &mut self.builders);
        let arrays = builders
            .into_iter()
            .map(|b| match b {
                Builder::Str(mut b) => ArrayBuilder::finish(&mut b),
                Builder::I64(mut b) => ArrayBuilder::finish(&mut b),
                Builder::F64(mut b) => ArrayBuilder::finish(&mut b),
                Builder::Date(mut b) => ArrayBuilder::finish(&mut b),
            })
            .collect::<Vec<_>>();
        let batch = RecordBatch::try_new(self.schema.clone(), arrays).map_err(perr)?;
        if let Some(w) = self.writer.as_mut() {
            w.write(&batch).map_err(perr)?;
        }
        self.rows = 0;
        Ok(())
    }
}

impl Sink for ParquetSink<'_> {
    fn row(&mut self, row: &Row) -> Result<()> {
        for (b, cell) in self.builders.iter_mut().zip(row.cells()) {
            match (b, cell) {
                (Builder::Str(b), Cell::Str(s)) => b.append_value(s),
                (Builder::Str(b), Cell::I64(i)) => b.append_value(i.to_string()),
                (Builder::Str(b), Cell::F64(f)) => b.append_value(f.to_string()),
                (Builder::Str(b), Cell::Null) => b.append_null(),
                (Builder::I64(b), Cell::I64(i)) => b.append_value(i),
                (Builder::I64(b), _) => b.append_null(),
                (Builder::F64(b), Cell::F64(f)) => b.append_value(f),
                (Builder::F64(b), Cell::I64(i)) => b.append_value(i as f64),
                (Builder::F64(b), _) => b.append_null(),
                (Builder::Date(b), Cell::Str(s)) => b.append_option(days_from_civil(&s)),
                (Builder::Date(b), _) => b.append_null(),
            }
        }
        self.rows += 1;
        if self.rows >= GROUP {
            self.flush_group()?;
        }
        Ok(())
    }

    fn finish(&mut self) -> Result<()> {
        self.flush_group()?;
        if let Some(w) = self.writer.take() {
            let bytes = w.into_inner().map_err(perr)?;
            self.out.write_all(&bytes)?;
            self.out.flush()?;
        }
        Ok(())
    }
}
