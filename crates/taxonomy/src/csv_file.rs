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
    /// The line the current record starts on.
    line: u64,
    /// The line the next record starts on.
    next_line: u64,
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
            next_line: 2,
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
        // Lines are counted here: the csv reader consumes the `\n` of a CRLF terminator
        // only when it reads the next record, which makes its own positions drift.
        let start = self.next_line;
        match self.reader.read_record(&mut self.record) {
            Ok(true) => {
                self.line = start;
                let breaks: usize = self.record.iter().map(|f| f.matches('\n').count()).sum();
                self.next_line = start + 1 + breaks as u64;
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
            Err(err) => Err(csv_error(&self.name, start, &err)),
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

#[cfg(test)]
mod tests {
    use super::*;

    fn lines_of(text: &str) -> Vec<u64> {
        let mut file = CsvFile::open("t.csv", text.as_bytes(), &["a"]).unwrap();
        let mut lines = Vec::new();
        while let Some(row) = file.next_row().unwrap() {
            lines.push(row.line);
        }
        lines
    }

    #[test]
    fn lines_are_where_records_start() {
        assert_eq!(lines_of("a,b\n1,2\n3,4\n"), [2, 3]);
        assert_eq!(lines_of("a,b\r\n1,\"x\ny\"\r\n3,4\r\n"), [2, 4]);
    }

    #[test]
    fn truncation_is_detected() {
        let mut file = CsvFile::open("t.csv", "a,b\n1,\"x\ny".as_bytes(), &["a"]).unwrap();
        let err = loop {
            match file.next_row() {
                Ok(Some(_)) => continue,
                Ok(None) => panic!("a truncated file read as complete"),
                Err(err) => break err.to_string(),
            }
        };
        assert!(err.contains("never closed"), "{err}");
        let mut file = CsvFile::open("t.csv", "a,b\n1,2\n3,4".as_bytes(), &["a"]).unwrap();
        let err = loop {
            match file.next_row() {
                Ok(Some(_)) => continue,
                Ok(None) => panic!("a file without its last line break read as complete"),
                Err(err) => break err.to_string(),
            }
        };
        assert!(
            err.starts_with("t.csv:3: the file ends in the middle"),
            "{err}"
        );
    }
}
