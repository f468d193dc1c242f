//! Opaque global ids (`Node.id`) and connection cursors. Clients must treat both as
//! opaque; they are base64 so that nobody is tempted to build them.

use async_graphql::ID;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use skillbridge_domain::{CohortId, CourseId, OrganisationId, Position, ProfileId, VacancyId};
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

/// A domain id that the API shows as the global id of one type.
pub trait TypedId: Sized {
    /// The GraphQL type whose global ids hold it.
    const TYPE: &'static str;
    /// What it names, for "not an organisation id".
    const WHAT: &'static str;
    fn from_uuid(uuid: Uuid) -> Self;
}

macro_rules! typed_ids {
    ($($id:ty => $type_name:literal, $what:literal;)+) => {
        $(impl TypedId for $id {
            const TYPE: &'static str = $type_name;
            const WHAT: &'static str = $what;
            fn from_uuid(uuid: Uuid) -> Self {
                <$id>::from_uuid(uuid)
            }
        })+
    };
}

typed_ids! {
    OrganisationId => "Organisation", "an organisation";
    VacancyId => "Vacancy", "a vacancy";
    CourseId => "Course", "a course";
    CohortId => "Cohort", "a cohort";
    ProfileId => "Profile", "a profile";
}

/// The domain id inside a global id of `T`'s type, the one way input ids are read:
/// BAD_USER_INPUT "not a vacancy id" for an id of another type, "not a Skillbridge id"
/// for what is no global id at all.
pub fn parse_id<T: TypedId>(id: &ID) -> GqlResult<T> {
    match parse_global_id(id)? {
        (type_name, uuid) if type_name == T::TYPE => Ok(T::from_uuid(uuid)),
        _ => Err(GqlError::new(
            ErrorCode::BadUserInput,
            format!("not {} id", T::WHAT),
        )),
    }
}

/// The uuid inside a global id of one of `types`, for ids without a domain id type (a
/// contact request) or that name one thing under several types (a candidate's card or
/// profile): BAD_USER_INPUT "not {what} id" otherwise, as [`parse_id`].
pub fn parse_uuid_of(id: &ID, types: &[&str], what: &str) -> GqlResult<Uuid> {
    match parse_global_id(id)? {
        (type_name, uuid) if types.contains(&type_name.as_str()) => Ok(uuid),
        _ => Err(GqlError::new(
            ErrorCode::BadUserInput,
            format!("not {what} id"),
        )),
    }
}

/// The uuid inside a global id of `type_name`, or `None` for any other id: for inputs where
/// a wrong id means no such record (a userError NOT_FOUND, as for a record that is gone).
pub fn uuid_if_of(id: &ID, type_name: &str) -> Option<Uuid> {
    match parse_global_id(id) {
        Ok((kind, uuid)) if kind == type_name => Some(uuid),
        _ => None,
    }
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

    #[test]
    fn input_ids_are_read_as_their_type_or_refused_saying_what_was_expected() {
        let uuid = Uuid::now_v7();
        let vacancy: VacancyId = parse_id(&global_id("Vacancy", &uuid)).unwrap();
        assert_eq!(vacancy.as_uuid(), &uuid);
        let wrong = parse_id::<OrganisationId>(&global_id("Vacancy", &uuid)).unwrap_err();
        assert_eq!(
            (wrong.code, wrong.message.as_str()),
            (ErrorCode::BadUserInput, "not an organisation id")
        );
        let garbage = parse_id::<CohortId>(&ID("nonsense!".into())).unwrap_err();
        assert_eq!(garbage.message, "not a Skillbridge id");
    }
}
