use async_trait::async_trait;
use chrono::{DateTime, Utc};
use skillbridge_domain::{
    Email, NewUser, Role, StoreError, StoreResult, User, UserId, UserRepository, clock,
};
use sqlx::{FromRow, QueryBuilder};
use uuid::Uuid;

use crate::dialect::{DbStore, timestamp};
use crate::error::{store_error, unknown_code, write_error};

#[derive(FromRow)]
struct UserRow {
    id: Uuid,
    email: String,
    role: String,
    display_name: String,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

impl TryFrom<UserRow> for User {
    type Error = StoreError;
    fn try_from(row: UserRow) -> Result<Self, Self::Error> {
        Ok(User {
            id: UserId::from_uuid(row.id),
            email: Email::parse(&row.email).map_err(|_| unknown_code("email", &row.email))?,
            role: Role::from_code(&row.role).ok_or_else(|| unknown_code("role", &row.role))?,
            display_name: row.display_name,
            created_at: row.created_at,
            updated_at: row.updated_at,
        })
    }
}

const USER_COLUMNS: &str = "id, email, role, display_name, created_at, updated_at";

#[async_trait]
impl UserRepository for DbStore {
    async fn create_user(&self, new: NewUser) -> StoreResult<User> {
        let mut conn = self.pool().acquire().await.map_err(store_error)?;
        insert_user(&mut conn, new, clock::now()).await
    }

    async fn user_by_id(&self, id: UserId) -> StoreResult<Option<User>> {
        sqlx::query_as::<_, UserRow>(&format!("SELECT {USER_COLUMNS} FROM users WHERE id = $1"))
            .bind(id.as_uuid())
            .fetch_optional(self.pool())
            .await
            .map_err(store_error)?
            .map(User::try_from)
            .transpose()
    }

    async fn user_by_email(&self, email: &Email) -> StoreResult<Option<User>> {
        sqlx::query_as::<_, UserRow>(&format!(
            "SELECT {USER_COLUMNS} FROM users WHERE email = $1"
        ))
        .bind(email.as_str())
        .fetch_optional(self.pool())
        .await
        .map_err(store_error)?
        .map(User::try_from)
        .transpose()
    }

    async fn users_by_ids(&self, ids: &[UserId]) -> StoreResult<Vec<User>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let mut qb = QueryBuilder::new(format!("SELECT {USER_COLUMNS} FROM users WHERE id IN ("));
        let mut list = qb.separated(", ");
        for id in ids {
            list.push_bind(*id.as_uuid());
        }
        qb.push(")");
        qb.build_query_as::<UserRow>()
            .fetch_all(self.pool())
            .await
            .map_err(store_error)?
            .into_iter()
            .map(User::try_from)
            .collect()
    }

    async fn set_user_role(&self, user: UserId, role: Role) -> StoreResult<User> {
        sqlx::query_as::<_, UserRow>(&format!(
            "UPDATE users SET role = $1, updated_at = $2 WHERE id = $3 RETURNING {USER_COLUMNS}"
        ))
        .bind(role.code())
        .bind(timestamp(&clock::now()))
        .bind(user.as_uuid())
        .fetch_optional(self.pool())
        .await
        .map_err(store_error)?
        .ok_or(StoreError::NotFound { entity: "user" })?
        .try_into()
    }
}

/// Writes an account on `conn`; `Duplicate { field: "email" }` if the address is taken.
pub(crate) async fn insert_user(
    conn: &mut <crate::dialect::Db as sqlx::Database>::Connection,
    new: NewUser,
    now: chrono::DateTime<chrono::Utc>,
) -> StoreResult<User> {
    let user = User {
        id: UserId::new(),
        email: new.email,
        role: new.role,
        display_name: new.display_name,
        created_at: now,
        updated_at: now,
    };
    sqlx::query(
        "INSERT INTO users (id, email, password_hash, role, display_name, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(user.id.as_uuid())
    .bind(user.email.as_str())
    .bind(new.password_hash)
    .bind(user.role.code())
    .bind(&user.display_name)
    .bind(timestamp(&now))
    .bind(timestamp(&now))
    .execute(&mut *conn)
    .await
    .map_err(|err| write_error(err, "email", "user"))?;
    Ok(user)
}
