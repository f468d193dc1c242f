//! Reading CSV files the way ESCO writes them: columns found by header name (so old and new
//! layouts both work), records streamed one at a time, and every problem reported as
//! `file:line: what is wrong`.

use std::collections::HashMap;
use std::io::Read;

use crate::ImportError;

/// Counts what passes through, to tell a complete file from a truncated one: a complete
/// file ends with a line break and closes every quote it opens.
struct Tracking<R> {
    inner: R,
    quotes: u64,
    last: Option<u8>,
}

impl<R: Read> Read for Tracking<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        if n > 0 {
            self.quotes += buf[..n].iter().filter(|&&b| b == b'"').count() as u64;
            self.last = Some(buf[n - 1]);
        }
        Ok(n)
    }
}

/// A CSV file being read.
pub struct CsvFile<R: Read> {
    name: String,
    reader: csv::Reader<Tracking<R>>,
    columns: HashMap<String, usize>,
    record: csv::StringRecord,
    line: u64,
}

/// One record, with access to its fields by column name.
pub struct Row<'a> {
    file: &'a str,
    line: u64,
    columns: &'a HashMap<String, usize>,
    record: &'a csv::StringRecord,
}

impl<R: Read> CsvFile<R> {
    /// Opens `reader` and checks that the header has every column in `required`.
    pub fn open(name: &str, reader: R, required: &[&str]) -> Result<Self, ImportError> {
        let tracking = Tracking {
            inner: reader,
            quotes: 0,
            last: None,
        };
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(true)
            .flexible(false)
            .from_reader(tracking);
        let headers = reader
            .headers()
            .map_err(|err| csv_error(name, 1, &err))?
            .clone();
        let columns: HashMap<String, usize> = headers
            .iter()
            .enumerate()
            .map(|(i, h)| (h.trim_start_matches('\u{feff}').trim().to_owned(), i))
            .collect();
        if columns.is_empty() || (columns.len() == 1 && columns.contains_key("")) {
            return Err(malformed(
                name,
                1,
                "the file is empty or has no header".into(),
            ));
        }
        for column in required {
            if !columns.contains_key(*column) {
                return Err(malformed(name, 1, format!("missing column {column}")));
            }
        }
        Ok(Self {
            name: name.to_owned(),
            reader,
            columns,
            record: csv::StringRecord::new(),
            line: 1,
        })
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn has_column(&self, column: &str) -> bool {
        self.columns.contains_key(column)
    }

    /// The next record, or `None` at the end of a complete file.
    pub fn next_row(&mut self) -> Result<Option<Row<'_>>, ImportError> {
        match self.reader.read_record(&mut self.record) {
            Ok(true) => {
                self.line = self.record.position().map_or(self.line + 1, |p| p.line());
                Ok(Some(Row {
                    file: &self.name,
                    line: self.line,
                    columns: &self.columns,
                    record: &self.record,
                }))
            }
            Ok(false) => {
                let tracking = self.reader.get_ref();
                if tracking.quotes % 2 == 1 {
                    return Err(malformed(
                        &self.name,
                        self.line,
                        "a quoted field is never closed (is the file truncated?)".into(),
                    ));
                }
                if tracking.last.is_some_and(|b| b != b'\n') {
                    return Err(malformed(
                        &self.name,
                        self.line,
                        "the file ends in the middle of a record (is it truncated?)".into(),
                    ));
                }
                Ok(None)
            }
            Err(err) => {
                let line = err.position().map_or(self.line + 1, |p| p.line());
                Err(csv_error(&self.name, line, &err))
            }
        }
    }
}

impl Row<'_> {
    /// The trimmed value of `column`, empty if the file has no such column.
    pub fn get(&self, column: &str) -> &str {
        self.columns
            .get(column)
            .and_then(|&i| self.record.get(i))
            .map_or("", str::trim)
    }

    /// The value, or `None` when blank.
    pub fn optional(&self, column: &str) -> Option<String> {
        Some(self.get(column))
            .filter(|v| !v.is_empty())
            .map(str::to_owned)
    }

    /// A list held in one field, one item per line (ESCO's alternative labels).
    pub fn lines(&self, column: &str) -> Vec<String> {
        let mut items: Vec<String> = Vec::new();
        for item in self
            .get(column)
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
        {
            if !items.iter().any(|seen| seen == item) {
                items.push(item.to_owned());
            }
        }
        items
    }

    /// An error about this record.
    pub fn error(&self, message: String) -> ImportError {
        malformed(self.file, self.line, message)
    }
}

fn malformed(file: &str, line: u64, message: String) -> ImportError {
    ImportError::Malformed {
        file: file.to_owned(),
        line,
        message,
    }
}

fn csv_error(file: &str, line: u64, err: &csv::Error) -> ImportError {
    let message = match err.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => format!(
            "expected {expected_len} fields, found {len} (broken quoting or a truncated record?)"
        ),
        csv::ErrorKind::Utf8 { .. } => "not valid UTF-8".to_owned(),
        _ => err.to_string(),
    };
    malformed(file, line, message)
}
