//! Opaque global ids (`Node.id`) and connection cursors. Clients must treat both as
//! opaque; they are base64 so that nobody is tempted to build them.

use async_graphql::ID;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use skillbridge_domain::Position;
use uuid::Uuid;

use crate::{ErrorCode, GqlError, GqlResult};

/// The global id of a `type_name` row.
pub fn global_id(type_name: &str, id: &Uuid) -> ID {
    ID(URL_SAFE_NO_PAD.encode(format!("{type_name}:{id}")))
}

/// The type name and row id inside a global id.
pub fn parse_global_id(id: &ID) -> GqlResult<(String, Uuid)> {
    let invalid = || GqlError::new(ErrorCode::BadUserInput, "not a Skillbridge id");
    let bytes = URL_SAFE_NO_PAD.decode(id.as_str()).map_err(|_| invalid())?;
    let text = String::from_utf8(bytes).map_err(|_| invalid())?;
    let (type_name, raw) = text.split_once(':').ok_or_else(invalid)?;
    let uuid = Uuid::parse_str(raw).map_err(|_| invalid())?;
    Ok((type_name.to_owned(), uuid))
}

/// The cursor of a row at `position` in a listing.
pub fn cursor(position: &Position) -> String {
    let text = format!("{}\u{0}{}", position.key, position.tiebreak);
    URL_SAFE_NO_PAD.encode(text)
}

pub fn parse_cursor(cursor: &str) -> GqlResult<Position> {
    let invalid = || {
        GqlError::new(
            ErrorCode::BadUserInput,
            "`after` is not a cursor from this listing",
        )
    };
    let bytes = URL_SAFE_NO_PAD.decode(cursor).map_err(|_| invalid())?;
    let text = String::from_utf8(bytes).map_err(|_| invalid())?;
    let (key, tiebreak) = text.split_once('\u{0}').ok_or_else(invalid)?;
    Ok(Position {
        key: key.to_owned(),
        tiebreak: tiebreak.to_owned(),
    })
}

/// Page size: 20 by default, 100 at most, never negative.
pub fn page_size(first: Option<i32>) -> GqlResult<usize> {
    match first {
        None => Ok(20),
        Some(n) if (0..=100).contains(&n) => Ok(n as usize),
        Some(_) => Err(GqlError::new(
            ErrorCode::BadUserInput,
            "`first` must be between 0 and 100",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_cursors_round_trip_and_refuse_garbage() {
        let uuid = Uuid::now_v7();
        assert_eq!(
            parse_global_id(&global_id("Skill", &uuid)).unwrap(),
            ("Skill".into(), uuid)
        );
        assert!(parse_global_id(&ID("nonsense!".into())).is_err());
        let position = Position {
            key: "write hungarian".into(),
            tiebreak: "http://x/y".into(),
        };
        assert_eq!(parse_cursor(&cursor(&position)).unwrap(), position);
        assert!(parse_cursor("%%%").is_err());
        assert!(page_size(Some(-1)).is_err() && page_size(Some(101)).is_err());
    }
}
