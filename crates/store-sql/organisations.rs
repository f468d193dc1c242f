use async_trait::async_trait;
use chrono::{DateTime, Utc};
use skillbridge_domain::{
    Email, Invitation, InvitationOutcome, LanguageCode, Membership, MembershipRole, NewInvitation,
    NewOrganisation, Order, Organisation, OrganisationId, OrganisationKind, OrganisationRepository,
    Page, PageRequest, StoreError, StoreResult, User, UserId, clock,
};
use sqlx::{FromRow, QueryBuilder};
use uuid::Uuid;

use crate::dialect::{DbStore, begin_locked, timestamp};
use crate::error::{store_error, stored_codes, unknown_code, write_error};
use crate::paging::{Created, Listing};
use crate::search::search_documents_changed;
use skillbridge_domain::location::Location;
use skillbridge_domain::organisation::{
    OrganisationProfile, SupportService, codes_text, opening_hours_code, opening_hours_from_code,
};
use skillbridge_domain::search::DocumentKind;

#[derive(FromRow)]
struct OrganisationRow {
    id: Uuid,
    kind: String,
    name: String,
    country_code: Option<String>,
    website: Option<String>,
    verified_at: Option<DateTime<Utc>>,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
    description: String,
    address: Option<String>,
    place_name: Option<String>,
    location_country_code: Option<String>,
    region_code: Option<String>,
    latitude: Option<f64>,
    longitude: Option<f64>,
    languages: String,
    services: String,
    opening_hours: String,
    contact_email: Option<String>,
    contact_phone: Option<String>,
}

const ORGANISATION_COLUMNS: &str = "id, kind, name, country_code, website, verified_at,
    created_at, updated_at, description, address, place_name, location_country_code,
    region_code, latitude, longitude, languages, services, opening_hours, contact_email,
    contact_phone";

impl TryFrom<OrganisationRow> for Organisation {
    type Error = StoreError;
    fn try_from(row: OrganisationRow) -> Result<Self, Self::Error> {
        let profile = OrganisationProfile {
            description: row.description,
            address: row.address,
            location: Location {
                place_name: row.place_name,
                country_code: row.location_country_code,
                region_code: row.region_code,
                latitude: row.latitude,
                longitude: row.longitude,
            },
            languages: stored_codes(&row.languages, "language", |c| LanguageCode::parse(c).ok())?,
            services: stored_codes(&row.services, "support service", SupportService::from_code)?,
            opening_hours: opening_hours_from_code(&row.opening_hours)
                .ok_or_else(|| unknown_code("opening hours", &row.opening_hours))?,
            contact_email: row
                .contact_email
                .map(|e| Email::parse(&e).map_err(|_| unknown_code("email", &e)))
                .transpose()?,
            contact_phone: row.contact_phone,
        };
        Ok(Organisation {
            id: OrganisationId::from_uuid(row.id),
            kind: OrganisationKind::from_code(&row.kind)
                .ok_or_else(|| unknown_code("organisation kind", &row.kind))?,
            name: row.name,
            country_code: row.country_code,
            website: row.website,
            verified_at: row.verified_at,
            profile,
            created_at: row.created_at,
            updated_at: row.updated_at,
        })
    }
}

#[derive(FromRow)]
struct MembershipRow {
    organisation_id: Uuid,
    user_id: Uuid,
    role: String,
    created_at: DateTime<Utc>,
}

impl TryFrom<MembershipRow> for Membership {
    type Error = StoreError;
    fn try_from(row: MembershipRow) -> Result<Self, Self::Error> {
        Ok(Membership {
            organisation_id: OrganisationId::from_uuid(row.organisation_id),
            user_id: UserId::from_uuid(row.user_id),
            role: MembershipRole::from_code(&row.role)
                .ok_or_else(|| unknown_code("membership role", &row.role))?,
            created_at: row.created_at,
        })
    }
}

const MEMBERSHIP_COLUMNS: &str = "organisation_id, user_id, role, created_at";

#[async_trait]
impl OrganisationRepository for DbStore {
    async fn create_organisation(
        &self,
        new: NewOrganisation,
        owner: UserId,
    ) -> StoreResult<Organisation> {
        let now = clock::now();
        let organisation = Organisation {
            id: OrganisationId::new(),
            kind: new.kind,
            name: new.name,
            country_code: new.country_code,
            website: new.website,
            verified_at: None,
            profile: OrganisationProfile::default(),
            created_at: now,
            updated_at: now,
        };
        let mut tx = begin_locked(self.pool()).await.map_err(store_error)?;
        sqlx::query(
            "INSERT INTO organisations (id, kind, name, country_code, website, verified_at, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, NULL, $6, $7)",
        )
        .bind(organisation.id.as_uuid())
        .bind(organisation.kind.code())
        .bind(&organisation.name)
        .bind(&organisation.country_code)
        .bind(&organisation.website)
        .bind(timestamp(&now))
        .bind(timestamp(&now))
        .execute(&mut *tx)
        .await
        .map_err(store_error)?;
        sqlx::query(&format!(
            "INSERT INTO memberships ({MEMBERSHIP_COLUMNS}) VALUES ($1, $2, $3, $4)"
        ))
        .bind(organisation.id.as_uuid())
        .bind(owner.as_uuid())
        .bind(MembershipRole::Owner.code())
        .bind(timestamp(&now))
        .execute(&mut *tx)
        .await
        .map_err(|err| write_error(err, "membership", "owner"))?;
        // It is in the directory from now on.
        search_documents_changed(
            &mut tx,
            DocumentKind::Organisation,
            &[*organisation.id.as_uuid()],
            now,
        )
        .await?;
        tx.commit().await.map_err(store_error)?;
        Ok(organisation)
    }

    async fn organisation_by_id(&self, id: OrganisationId) -> StoreResult<Option<Organisation>> {
        sqlx::query_as::<_, OrganisationRow>(&format!(
            "SELECT {ORGANISATION_COLUMNS} FROM organisations WHERE id = $1"
        ))
        .bind(id.as_uuid())
        .fetch_optional(self.pool())
        .await
        .map_err(store_error)?
        .map(Organisation::try_from)
        .transpose()
    }

    async fn organisations_by_ids(&self, ids: &[OrganisationId]) -> StoreResult<Vec<Organisation>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let mut qb = QueryBuilder::new(format!(
            "SELECT {ORGANISATION_COLUMNS} FROM organisations WHERE id IN ("
        ));
        let mut list = qb.separated(", ");
        for id in ids {
            list.push_bind(*id.as_uuid());
        }
        qb.push(")");
        qb.build_query_as::<OrganisationRow>()
            .fetch_all(self.pool())
            .await
            .map_err(store_error)?
            .into_iter()
            .map(Organisation::try_from)
            .collect()
    }

    async fn set_membership(
        &self,
        organisation: OrganisationId,
        user: UserId,
        role: MembershipRole,
    ) -> StoreResult<Membership> {
        sqlx::query_as::<_, MembershipRow>(&format!(
            "INSERT INTO memberships ({MEMBERSHIP_COLUMNS}) VALUES ($1, $2, $3, $4)
             ON CONFLICT (organisation_id, user_id) DO UPDATE SET role = excluded.role
             RETURNING {MEMBERSHIP_COLUMNS}"
        ))
        .bind(organisation.as_uuid())
        .bind(user.as_uuid())
        .bind(role.code())
        .bind(timestamp(&clock::now()))
        .fetch_one(self.pool())
        .await
        .map_err(|err| write_error(err, "membership", "organisation or user"))?
        .try_into()
    }

    async fn memberships_of_user(&self, user: UserId) -> StoreResult<Vec<Membership>> {
        sqlx::query_as::<_, MembershipRow>(&format!(
            "SELECT {MEMBERSHIP_COLUMNS} FROM memberships WHERE user_id = $1
             ORDER BY created_at, organisation_id"
        ))
        .bind(user.as_uuid())
        .fetch_all(self.pool())
        .await
        .map_err(store_error)?
        .into_iter()
        .map(Membership::try_from)
        .collect()
    }

    async fn members_of_organisation(
        &self,
        organisation: OrganisationId,
        page: &PageRequest,
    ) -> StoreResult<Page<Membership>> {
        let select = format!("SELECT {MEMBERSHIP_COLUMNS} FROM memberships");
        let listing = Listing {
            select: &select,
            created: Created {
                at: "created_at",
                id: "user_id",
            },
            owner: "organisation_id",
            what: "membership",
        };
        self.list_page(
            &listing,
            *organisation.as_uuid(),
            Order::OldestFirst,
            page,
            |row: &MembershipRow| (row.created_at, row.user_id),
        )
        .await?
        .try_map(Membership::try_from)
    }

    async fn save_organisation_profile(
        &self,
        id: OrganisationId,
        profile: &OrganisationProfile,
        at: DateTime<Utc>,
    ) -> StoreResult<Organisation> {
        let mut tx = begin_locked(self.pool()).await.map_err(store_error)?;
        let location = &profile.location;
        let saved = sqlx::query_as::<_, OrganisationRow>(&format!(
            "UPDATE organisations SET description = $1, address = $2, place_name = $3,
                 location_country_code = $4, region_code = $5, latitude = $6, longitude = $7,
                 languages = $8, services = $9, opening_hours = $10, contact_email = $11,
                 contact_phone = $12, updated_at = $13
             WHERE id = $14
             RETURNING {ORGANISATION_COLUMNS}"
        ))
        .bind(&profile.description)
        .bind(&profile.address)
        .bind(&location.place_name)
        .bind(&location.country_code)
        .bind(&location.region_code)
        .bind(location.latitude)
        .bind(location.longitude)
        .bind(codes_text(profile.languages.iter().map(|l| l.as_str())))
        .bind(codes_text(profile.services.iter().map(|s| s.code())))
        .bind(opening_hours_code(&profile.opening_hours))
        .bind(profile.contact_email.as_ref().map(|e| e.as_str()))
        .bind(&profile.contact_phone)
        .bind(timestamp(&at))
        .bind(id.as_uuid())
        .fetch_optional(&mut *tx)
        .await
        .map_err(store_error)?
        .ok_or(StoreError::NotFound {
            entity: "organisation",
        })?;
        search_documents_changed(&mut tx, DocumentKind::Organisation, &[*id.as_uuid()], at).await?;
        tx.commit().await.map_err(store_error)?;
        saved.try_into()
    }

    async fn verify_organisation(
        &self,
        id: OrganisationId,
        at: DateTime<Utc>,
    ) -> StoreResult<Organisation> {
        let mut tx = begin_locked(self.pool()).await.map_err(store_error)?;
        let verified = sqlx::query_as::<_, OrganisationRow>(&format!(
            "UPDATE organisations SET verified_at = COALESCE(verified_at, $1), updated_at = $1
             WHERE id = $2
             RETURNING {ORGANISATION_COLUMNS}"
        ))
        .bind(timestamp(&at))
        .bind(id.as_uuid())
        .fetch_optional(&mut *tx)
        .await
        .map_err(store_error)?
        .ok_or(StoreError::NotFound {
            entity: "organisation",
        })?;
        // The directory shows who is verified.
        search_documents_changed(&mut tx, DocumentKind::Organisation, &[*id.as_uuid()], at).await?;
        tx.commit().await.map_err(store_error)?;
        verified.try_into()
    }

    async fn create_invitation(&self, invitation: &NewInvitation) -> StoreResult<Invitation> {
        let now = clock::now();
        sqlx::query_as::<_, InvitationRow>(&format!(
            "INSERT INTO organisation_invitations
               (id, organisation_id, email, role, token_hash, invited_by, created_at, expires_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
             RETURNING {INVITATION_COLUMNS}"
        ))
        .bind(Uuid::now_v7())
        .bind(invitation.organisation_id.as_uuid())
        .bind(invitation.email.as_str())
        .bind(invitation.role.code())
        .bind(&invitation.token_hash)
        .bind(invitation.invited_by.as_uuid())
        .bind(timestamp(&now))
        .bind(timestamp(&invitation.expires_at))
        .fetch_one(self.pool())
        .await
        .map_err(|err| write_error(err, "invitation", "organisation"))?
        .try_into()
    }

    async fn accept_invitation(
        &self,
        token_hash: &str,
        user: &User,
        now: DateTime<Utc>,
    ) -> StoreResult<InvitationOutcome> {
        let mut tx = begin_locked(self.pool()).await.map_err(store_error)?;
        // Checks and marks in one statement: an invitation is accepted once.
        let accepted: Option<(Uuid, String)> = sqlx::query_as(
            "UPDATE organisation_invitations SET accepted_at = $1, accepted_by = $2
             WHERE token_hash = $3 AND email = $4 AND accepted_at IS NULL AND expires_at > $1
             RETURNING organisation_id, role",
        )
        .bind(timestamp(&now))
        .bind(user.id.as_uuid())
        .bind(token_hash)
        .bind(user.email.as_str())
        .fetch_optional(&mut *tx)
        .await
        .map_err(store_error)?;
        let Some((organisation, role)) = accepted else {
            let email: Option<String> = sqlx::query_scalar(
                "SELECT email FROM organisation_invitations
                 WHERE token_hash = $1 AND accepted_at IS NULL AND expires_at > $2",
            )
            .bind(token_hash)
            .bind(timestamp(&now))
            .fetch_optional(&mut *tx)
            .await
            .map_err(store_error)?;
            return Ok(match email {
                Some(_) => InvitationOutcome::OtherEmail,
                None => InvitationOutcome::Invalid,
            });
        };
        // Joining never demotes: an owner invited as a member stays an owner.
        let membership: MembershipRow = sqlx::query_as(&format!(
            "INSERT INTO memberships ({MEMBERSHIP_COLUMNS}) VALUES ($1, $2, $3, $4)
             ON CONFLICT (organisation_id, user_id) DO UPDATE SET role =
               CASE WHEN memberships.role = 'OWNER' THEN 'OWNER' ELSE excluded.role END
             RETURNING {MEMBERSHIP_COLUMNS}"
        ))
        .bind(organisation)
        .bind(user.id.as_uuid())
        .bind(role)
        .bind(timestamp(&now))
        .fetch_one(&mut *tx)
        .await
        .map_err(store_error)?;
        tx.commit().await.map_err(store_error)?;
        Ok(InvitationOutcome::Accepted(membership.try_into()?))
    }

    async fn invitation_by_id(&self, id: Uuid) -> StoreResult<Option<Invitation>> {
        sqlx::query_as::<_, InvitationRow>(&format!(
            "SELECT {INVITATION_COLUMNS} FROM organisation_invitations WHERE id = $1"
        ))
        .bind(id)
        .fetch_optional(self.pool())
        .await
        .map_err(store_error)?
        .map(Invitation::try_from)
        .transpose()
    }

    async fn open_invitation(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<Option<Invitation>> {
        sqlx::query_as::<_, InvitationRow>(&format!(
            "SELECT {INVITATION_COLUMNS} FROM organisation_invitations
             WHERE token_hash = $1 AND accepted_at IS NULL AND expires_at > $2"
        ))
        .bind(token_hash)
        .bind(timestamp(&now))
        .fetch_optional(self.pool())
        .await
        .map_err(store_error)?
        .map(Invitation::try_from)
        .transpose()
    }

    async fn invitations_of_organisation(
        &self,
        organisation: OrganisationId,
        page: &PageRequest,
    ) -> StoreResult<Page<Invitation>> {
        let select = format!("SELECT {INVITATION_COLUMNS} FROM organisation_invitations");
        let listing = Listing {
            select: &select,
            created: Created {
                at: "created_at",
                id: "id",
            },
            owner: "organisation_id",
            what: "invitation",
        };
        self.list_page(
            &listing,
            *organisation.as_uuid(),
            Order::NewestFirst,
            page,
            |row: &InvitationRow| (row.created_at, row.id),
        )
        .await?
        .try_map(Invitation::try_from)
    }
}

const INVITATION_COLUMNS: &str =
    "id, organisation_id, email, role, created_at, expires_at, accepted_at";

#[derive(FromRow)]
struct InvitationRow {
    id: Uuid,
    organisation_id: Uuid,
    email: String,
    role: String,
    created_at: DateTime<Utc>,
    expires_at: DateTime<Utc>,
    accepted_at: Option<DateTime<Utc>>,
}

impl TryFrom<InvitationRow> for Invitation {
    type Error = StoreError;
    fn try_from(row: InvitationRow) -> Result<Self, Self::Error> {
        Ok(Invitation {
            id: row.id,
            organisation_id: OrganisationId::from_uuid(row.organisation_id),
            email: Email::parse(&row.email).map_err(|_| unknown_code("email", &row.email))?,
            role: MembershipRole::from_code(&row.role)
                .ok_or_else(|| unknown_code("membership role", &row.role))?,
            created_at: row.created_at,
            expires_at: row.expires_at,
            accepted_at: row.accepted_at,
        })
    }
}
