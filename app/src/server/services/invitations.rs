//! Invitations with personal reply links, the replies, and the meetings as iCalendar.
use crate::domain::icalendar::{calendar, CalendarEvent};
use crate::domain::meeting::{
    FeedView, InvitationCandidate, InvitationView, MeetingDetail, MeetingKind, MeetingStatus,
    Reply, ReplyFields, ReplyPage,
};
use crate::domain::policy::{can_follow_area_calendar, can_manage_meetings, is_project_office};
use crate::domain::user::CurrentUser;
use crate::error::AppError;
use crate::server::access::{self, AreaStaff, InvitationStaff, MeetingStaff, ProjectOffice};
use crate::server::db::{now_unix, Db};
use crate::server::links::new_salt;
use crate::server::repo::{self, invitations::InvitationRow};
use crate::server::state::Config;
use crate::server::token;

pub fn reply_link(config: &Config, salt: &[u8]) -> String {
    format!(
        "{}/einladung/{}",
        config.public_url,
        config.link_key.token(salt)
    )
}

fn view(config: &Config, row: InvitationRow) -> InvitationView {
    InvitationView {
        id: row.id,
        organisation_id: row.organisation_id,
        organisation_name: row.organisation_name,
        contact_name: row.contact_name,
        contact_email: row.contact_email,
        reply: row.reply.as_deref().and_then(Reply::parse),
        reply_note: row.reply_note,
        reply_people: row.reply_people,
        attended: row.attended == 1,
        link: reply_link(config, &row.token_salt),
    }
}

/// The organiser's view: the meeting, who is invited (with links) and who could be.
pub async fn overview(
    db: &Db,
    config: &Config,
    proof: &MeetingStaff,
) -> Result<(MeetingDetail, Vec<InvitationView>, Vec<InvitationCandidate>), AppError> {
    let meeting_id = proof.meeting_id();
    let mut conn = db.read().await?;
    let meeting = proof.current(&mut conn).await?;
    let invited = repo::invitations::for_meeting(&mut conn, meeting_id)
        .await?
        .into_iter()
        .map(|row| view(config, row))
        .collect();
    let mut candidates: Vec<InvitationCandidate> = Vec::new();
    for (org_id, org_name, contact_id, contact_name) in
        repo::invitations::candidates(&mut conn, meeting.area_id).await?
    {
        if candidates.last().map(|c| c.organisation_id) != Some(org_id) {
            candidates.push(InvitationCandidate {
                organisation_id: org_id,
                organisation_name: org_name,
                contacts: Vec::new(),
            });
        }
        if let (Some(id), Some(name), Some(last)) =
            (contact_id, contact_name, candidates.last_mut())
        {
            last.contacts.push((id, name));
        }
    }
    Ok((meeting, invited, candidates))
}

/// Whom to invite: `o<id>` for an organisation, `c<id>` for one of its contact people.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Invitee {
    Organisation(i64),
    Contact(i64),
}

impl Invitee {
    pub fn parse(key: &str) -> Option<Self> {
        let (kind, id) = key.split_at_checked(1)?;
        let id = id.parse().ok()?;
        match kind {
            "o" => Some(Invitee::Organisation(id)),
            "c" => Some(Invitee::Contact(id)),
            _ => None,
        }
    }
}

/// Invites; people already invited are skipped. Returns how many were added.
pub async fn invite(
    db: &Db,
    config: &Config,
    proof: &MeetingStaff,
    invitees: &[Invitee],
) -> Result<usize, AppError> {
    let meeting_id = proof.meeting_id();
    if invitees.is_empty() {
        return Err(AppError::field(
            "invitees",
            "Bitte wählen Sie mindestens eine Organisation oder Person aus.",
        ));
    }
    let mut tx = db.write().await?;
    let meeting = proof.current(&mut tx).await?;
    if !meeting.summary.status.is_editable() {
        return Err(AppError::Conflict(
            "Zu diesem Termin kann nicht mehr eingeladen werden, er ist nicht mehr geplant.".into(),
        ));
    }
    let now = now_unix();
    let mut added = 0;
    for invitee in invitees {
        let (organisation_id, contact_id) = match *invitee {
            Invitee::Organisation(id) => (id, None),
            Invitee::Contact(id) => {
                let org = repo::invitations::contact_organisation(&mut tx, id)
                    .await?
                    .ok_or_else(|| AppError::field("invitees", "Eine ausgewählte Person gibt es nicht mehr. Bitte laden Sie die Seite neu."))?;
                (org, Some(id))
            }
        };
        // Only organisations active in the meeting's area can be invited (and only their
        // contact people): the same set the invitation page offers. Anything else would hand
        // the caller another area's contact data through the invitation list.
        access::organisation_in_area(&mut tx, meeting.area_id, organisation_id, "invitees").await?;
        let salt = new_salt();
        let hash = token::hash(&config.link_key.token(&salt));
        if repo::invitations::insert(
            &mut tx,
            meeting_id,
            organisation_id,
            contact_id,
            &salt,
            &hash,
            now,
        )
        .await?
        {
            added += 1;
        }
    }
    tx.commit().await?;
    Ok(added)
}

/// A new reply link for one invitee; the old one stops working. Returns the meeting id.
pub async fn renew_link(
    db: &Db,
    config: &Config,
    proof: &InvitationStaff,
) -> Result<i64, AppError> {
    let mut tx = db.write().await?;
    let salt = new_salt();
    let hash = token::hash(&config.link_key.token(&salt));
    repo::invitations::set_token(&mut tx, proof.invitation_id(), &salt, &hash).await?;
    tx.commit().await?;
    Ok(proof.meeting().meeting_id())
}

/// Withdraws an invitation. Returns the meeting id.
pub async fn remove(db: &Db, proof: &InvitationStaff) -> Result<i64, AppError> {
    let mut tx = db.write().await?;
    repo::invitations::delete(&mut tx, proof.invitation_id()).await?;
    tx.commit().await?;
    Ok(proof.meeting().meeting_id())
}

async fn by_token(
    conn: &mut sqlx::SqliteConnection,
    token: &str,
) -> Result<(InvitationRow, MeetingDetail), AppError> {
    let row = repo::invitations::by_token_hash(conn, &token::hash(token.trim()))
        .await?
        .ok_or(AppError::InvalidLink)?;
    let meeting = repo::meetings::by_id(conn, row.meeting_id)
        .await?
        .ok_or(AppError::InvalidLink)?;
    Ok((row, meeting))
}

/// Replies are possible while the meeting is planned and has not ended.
fn reply_open(meeting: &MeetingDetail, ends_at: i64) -> bool {
    meeting.summary.status == MeetingStatus::Planned && ends_at > now_unix()
}

async fn ends_at(conn: &mut sqlx::SqliteConnection, id: i64) -> Result<i64, AppError> {
    Ok(
        sqlx::query_scalar("SELECT ends_at FROM meetings WHERE id = ?")
            .bind(id)
            .fetch_one(conn)
            .await?,
    )
}

/// The stakeholder's page behind the link (no account needed).
pub async fn reply_page(db: &Db, token: &str) -> Result<ReplyPage, AppError> {
    let mut conn = db.read().await?;
    let (row, meeting) = by_token(&mut conn, token).await?;
    let open = reply_open(&meeting, ends_at(&mut conn, meeting.summary.id).await?);
    let invitee = match &row.contact_name {
        Some(name) => format!("{name}, {}", row.organisation_name),
        None => row.organisation_name.clone(),
    };
    Ok(ReplyPage {
        invitee,
        title: meeting.summary.title,
        kind: meeting.summary.kind,
        status: meeting.summary.status,
        status_reason: meeting.status_reason,
        when: meeting.summary.when,
        venue_name: meeting.summary.venue_name,
        venue_address: meeting.venue_address,
        venue_notes: meeting.venue_notes,
        format: meeting.format,
        agenda: meeting.agenda,
        reply: row.reply.as_deref().and_then(Reply::parse),
        reply_note: row.reply_note,
        reply_people: row.reply_people,
        open,
    })
}

/// Stores the answer; answering again replaces it.
pub async fn reply(db: &Db, token: &str, fields: ReplyFields) -> Result<(), AppError> {
    let mut tx = db.write().await?;
    let (row, meeting) = by_token(&mut tx, token).await?;
    if !reply_open(&meeting, ends_at(&mut tx, meeting.summary.id).await?) {
        return Err(AppError::Conflict(
            "Für diesen Termin sind keine Antworten mehr möglich. Bei Fragen wenden Sie sich bitte an die einladende Person.".into(),
        ));
    }
    repo::invitations::set_reply(
        &mut tx,
        row.id,
        fields.reply.code(),
        &fields.note,
        fields.people,
        now_unix(),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

fn events(
    rows: Vec<repo::invitations::CalendarRow>,
    url: impl Fn(i64) -> String,
) -> Vec<CalendarEvent> {
    rows.into_iter()
        .map(|r| {
            let status = MeetingStatus::parse(&r.status).unwrap_or(MeetingStatus::Planned);
            let kind = MeetingKind::parse(&r.kind).unwrap_or(MeetingKind::Other);
            let mut description = format!("{} im Gebiet {}.", kind.label(), r.area_name);
            if status == MeetingStatus::Cancelled || status == MeetingStatus::Postponed {
                description.push_str(&format!(
                    "\nDieser Termin ist {}: {}",
                    status.label(),
                    r.status_reason
                ));
            }
            if !r.agenda.is_empty() {
                description.push_str("\n\nTagesordnung:\n");
                description.push_str(&r.agenda);
            }
            if !r.venue_notes.is_empty() {
                description.push_str("\n\nHinweise zum Ort: ");
                description.push_str(&r.venue_notes);
            }
            let location = if r.venue_address.is_empty() {
                r.venue_name.clone()
            } else {
                format!("{}, {}", r.venue_name, r.venue_address)
            };
            CalendarEvent {
                uid: r.uid,
                sequence: r.sequence,
                changed_at: r.updated_at,
                starts_at: r.starts_at,
                ends_at: r.ends_at,
                summary: format!("{} ({})", r.title, r.area_name),
                location,
                description,
                url: url(r.id),
                cancelled: matches!(status, MeetingStatus::Cancelled | MeetingStatus::Postponed),
            }
        })
        .collect()
}

/// One meeting as `.ics`, for staff who may see it.
pub async fn meeting_ics(
    db: &Db,
    config: &Config,
    proof: &MeetingStaff,
) -> Result<String, AppError> {
    let meeting_id = proof.meeting_id();
    let mut conn = db.read().await?;
    let rows = repo::invitations::calendar_rows(&mut conn, Some(meeting_id), None, None).await?;
    let base = config.public_url.clone();
    Ok(calendar(
        None,
        &events(rows, |id| format!("{base}/intern/termine/{id}")),
    ))
}

/// The meeting behind a reply link as `.ics`, for the invitee's own calendar.
pub async fn invitation_ics(db: &Db, config: &Config, token: &str) -> Result<String, AppError> {
    let mut conn = db.read().await?;
    let (row, _) = by_token(&mut conn, token).await?;
    let rows =
        repo::invitations::calendar_rows(&mut conn, Some(row.meeting_id), None, None).await?;
    let link = reply_link(config, &row.token_salt);
    Ok(calendar(None, &events(rows, |_| link.clone())))
}

/// A subscribed calendar behind its secret address. It works only while its owner may still
/// see what it shows: a locked owner, or one who no longer works in the feed's area, ends it.
pub async fn feed_ics(db: &Db, config: &Config, token: &str) -> Result<String, AppError> {
    let mut conn = db.read().await?;
    let feed = repo::invitations::feed_by_token_hash(&mut conn, &token::hash(token.trim()))
        .await?
        .ok_or(AppError::InvalidLink)?;
    let owner_id = feed
        .created_by
        .or(feed.user_id)
        .ok_or(AppError::InvalidLink)?;
    let owner = repo::users::current_user(&mut conn, owner_id)
        .await?
        .ok_or(AppError::InvalidLink)?;
    if feed
        .area_id
        .is_some_and(|area| !can_follow_area_calendar(&owner, area))
    {
        return Err(AppError::InvalidLink);
    }
    let rows =
        repo::invitations::calendar_rows(&mut conn, None, feed.user_id, feed.area_id).await?;
    let name = match (feed.user_id, feed.area_id) {
        (Some(_), _) => format!("Aktionsplan: Termine {}", owner.name),
        (_, Some(area)) => {
            let name: String = sqlx::query_scalar("SELECT name FROM areas WHERE id = ?")
                .bind(area)
                .fetch_one(&mut *conn)
                .await?;
            format!("Aktionsplan: Termine {name}")
        }
        _ => "Aktionsplan".to_owned(),
    };
    let base = config.public_url.clone();
    Ok(calendar(
        Some(&name),
        &events(rows, |id| format!("{base}/intern/termine/{id}")),
    ))
}

fn feed_url(config: &Config, salt: &[u8]) -> String {
    format!(
        "{}/kalender/{}.ics",
        config.public_url,
        config.link_key.token(salt)
    )
}

/// The user's own feed and their feeds of the areas they manage, with their addresses if
/// created; the Projektbüro also learns how many feeds of each area are active.
pub async fn feeds(
    db: &Db,
    config: &Config,
    actor: &CurrentUser,
) -> Result<Vec<FeedView>, AppError> {
    let mut conn = db.read().await?;
    let mut feeds = Vec::new();
    let own = repo::invitations::active_feed(&mut conn, Some(actor.id), None, actor.id).await?;
    feeds.push(FeedView {
        label: "Meine Termine (organisiert von mir oder in meinen Gebieten)".into(),
        key: "ich".into(),
        url: own.map(|f| feed_url(config, &f.token_salt)),
        area_feeds: None,
    });
    for area in repo::areas::list(&mut conn).await? {
        if !can_manage_meetings(actor, area.id)
            || (is_project_office(actor) && area.retired_on.is_some())
        {
            continue;
        }
        let feed = repo::invitations::active_feed(&mut conn, None, Some(area.id), actor.id).await?;
        let area_feeds = if is_project_office(actor) {
            Some(repo::invitations::area_feed_count(&mut conn, area.id).await?)
        } else {
            None
        };
        feeds.push(FeedView {
            label: format!("Alle Termine im Gebiet {}", area.name),
            key: area.slug,
            url: feed.map(|f| feed_url(config, &f.token_salt)),
            area_feeds,
        });
    }
    Ok(feeds)
}

/// Whose feed a change is about: the caller's own meetings, or an area they work in.
pub enum FeedOwner<'a> {
    Own(&'a CurrentUser),
    Area(&'a AreaStaff),
}

impl FeedOwner<'_> {
    /// (user_id, area_id, owner) as stored.
    fn keys(&self) -> (Option<i64>, Option<i64>, i64) {
        match self {
            FeedOwner::Own(user) => (Some(user.id), None, user.id),
            FeedOwner::Area(staff) => (None, Some(staff.area().id), staff.user().id),
        }
    }
}

/// Creates a feed address, or replaces it (the old address stops working at once).
pub async fn renew_feed(db: &Db, config: &Config, owner: FeedOwner<'_>) -> Result<(), AppError> {
    let (user_id, area_id, by) = owner.keys();
    let mut tx = db.write().await?;
    let now = now_unix();
    if let Some(old) = repo::invitations::active_feed(&mut tx, user_id, area_id, by).await? {
        repo::invitations::revoke_feed(&mut tx, old.id, now).await?;
    }
    let salt = new_salt();
    let hash = token::hash(&config.link_key.token(&salt));
    repo::invitations::insert_feed(&mut tx, user_id, area_id, by, &salt, &hash, now).await?;
    tx.commit().await?;
    Ok(())
}

/// Turns a feed off without a replacement.
pub async fn revoke_feed(db: &Db, owner: FeedOwner<'_>) -> Result<(), AppError> {
    let (user_id, area_id, by) = owner.keys();
    let mut tx = db.write().await?;
    if let Some(old) = repo::invitations::active_feed(&mut tx, user_id, area_id, by).await? {
        repo::invitations::revoke_feed(&mut tx, old.id, now_unix()).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// The Projektbüro ends every feed of an area (an address may have been passed on; everybody
/// then makes a new one).
pub async fn end_area_feeds(
    db: &Db,
    _office: &ProjectOffice,
    area: &AreaStaff,
) -> Result<(), AppError> {
    let mut tx = db.write().await?;
    repo::invitations::revoke_area_feeds(&mut tx, area.area().id, now_unix()).await?;
    tx.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::organisation::{ContactFields, OrganisationFields, OrganisationKind};
    use crate::domain::schedule::MeetingInput;
    use crate::domain::user::Role;
    use crate::server::links::LinkKey;
    use crate::server::services::organisations;
    use crate::server::services::test_support::{current, door as meetings, fresh_db, make_user};

    // The services as a caller reaches them: through the door (`server::access`) first, with
    // what a request carries. These shadow the service functions of the same name.
    async fn overview(
        db: &Db,
        config: &Config,
        actor: &CurrentUser,
        meeting: i64,
    ) -> Result<(MeetingDetail, Vec<InvitationView>, Vec<InvitationCandidate>), AppError> {
        super::overview(db, config, &access::meeting_of(db, actor, meeting).await?).await
    }

    async fn invite(
        db: &Db,
        config: &Config,
        actor: &CurrentUser,
        meeting: i64,
        invitees: &[Invitee],
    ) -> Result<usize, AppError> {
        let proof = access::meeting_of(db, actor, meeting).await?;
        super::invite(db, config, &proof, invitees).await
    }

    async fn renew_link(
        db: &Db,
        config: &Config,
        actor: &CurrentUser,
        id: i64,
    ) -> Result<i64, AppError> {
        super::renew_link(db, config, &access::invitation_of(db, actor, id).await?).await
    }

    async fn remove(db: &Db, actor: &CurrentUser, id: i64) -> Result<i64, AppError> {
        super::remove(db, &access::invitation_of(db, actor, id).await?).await
    }

    async fn meeting_ics(
        db: &Db,
        config: &Config,
        actor: &CurrentUser,
        meeting: i64,
    ) -> Result<String, AppError> {
        super::meeting_ics(db, config, &access::meeting_of(db, actor, meeting).await?).await
    }

    async fn renew_feed(
        db: &Db,
        config: &Config,
        actor: &CurrentUser,
        key: &str,
    ) -> Result<(), AppError> {
        if key == "ich" {
            return super::renew_feed(db, config, FeedOwner::Own(actor)).await;
        }
        let staff = access::area_of(db, actor, key).await?;
        super::renew_feed(db, config, FeedOwner::Area(&staff)).await
    }

    async fn revoke_feed(db: &Db, actor: &CurrentUser, key: &str) -> Result<(), AppError> {
        if let Some(slug) = key.strip_prefix("alle:") {
            let office = access::project_office(actor)?;
            let area = access::area_of(db, actor, slug).await?;
            return end_area_feeds(db, &office, &area).await;
        }
        if key == "ich" {
            return super::revoke_feed(db, FeedOwner::Own(actor)).await;
        }
        super::revoke_feed(db, FeedOwner::Area(&access::area_of(db, actor, key).await?)).await
    }
    use icalendar::{Component as _, EventLike as _};

    fn config() -> Config {
        Config {
            public_url: "https://aktionsplan.example".into(),
            link_key: LinkKey::random(),
            contact_retention_months: 12,
            yearly_budget_cents: crate::domain::programme::DEFAULT_YEARLY_BUDGET_CENTS,
            second_factor_for_coordinators: false,
            stale_after_months: crate::domain::implementation::DEFAULT_STALE_MONTHS,
            mail_enabled: false,
        }
    }

    async fn setup() -> (tempfile::TempDir, Db, CurrentUser, i64, i64, i64) {
        let (dir, db) = fresh_db().await;
        let id = make_user(&db, "k@stadt.example", Role::Coordinator, &["hafen"]).await;
        let user = current(&db, id).await;
        let org = organisations::create(
            &db,
            &user,
            OrganisationFields {
                name: "Kita Sonnenschein".into(),
                kind: OrganisationKind::Daycare,
                notes: String::new(),
                area_slugs: vec!["hafen".into()],
                fields: vec![],
            },
        )
        .await
        .expect("organisation");
        let contact = crate::server::services::test_support::door::add_contact(
            &db,
            &user,
            org,
            ContactFields {
                name: "Anna Kaya".into(),
                function: String::new(),
                email: "anna@example.org".into(),
                phone: String::new(),
                consent_on: chrono::NaiveDate::from_ymd_opt(2022, 2, 1).expect("date"),
                consent_purpose: "Einladungen".into(),
            },
        )
        .await
        .expect("contact");
        let input = MeetingInput {
            title: "Akteursgespräch Hafen; Teil 1, mit Kommas".into(),
            kind: "akteursgespraech".into(),
            date: "2030-03-31".into(),
            start_time: "17:00".into(),
            end_time: "19:00".into(),
            venue_name: "Kulturort Depot".into(),
            venue_address: "Immermannstraße 29, 44147 Dortmund".into(),
            format: "praesenz".into(),
            agenda: "Begrüßung\nBedarfe sammeln".into(),
            ..MeetingInput::default()
        };
        let meeting = meetings::schedule(&db, &user, "hafen", &id.to_string(), &input, false)
            .await
            .expect("meeting");
        (dir, db, user, org, contact, meeting)
    }

    fn token_of(link: &str) -> &str {
        link.rsplit('/').next().expect("token")
    }

    #[tokio::test]
    async fn invitations_are_withdrawn_only_by_the_staff_of_the_meetings_area() {
        let (_dir, db, user, org, _, meeting) = setup().await;
        let config = config();
        invite(&db, &config, &user, meeting, &[Invitee::Organisation(org)])
            .await
            .expect("invited");
        let (_, invited, _) = overview(&db, &config, &user, meeting).await.expect("list");
        let stranger_id =
            make_user(&db, "s@stadt.example", Role::Coordinator, &["nordmarkt"]).await;
        let stranger = current(&db, stranger_id).await;
        assert_eq!(
            remove(&db, &stranger, invited[0].id).await,
            Err(AppError::Forbidden)
        );
        assert_eq!(remove(&db, &user, invited[0].id).await, Ok(meeting));
        let (_, left, _) = overview(&db, &config, &user, meeting).await.expect("list");
        assert!(left.is_empty());
        assert!(matches!(
            remove(&db, &user, invited[0].id).await,
            Err(AppError::NotFound(_))
        ));
    }

    #[tokio::test]
    async fn only_organisations_and_contacts_of_the_meetings_area_can_be_invited() {
        let (_dir, db, user, _, _, meeting) = setup().await;
        let office_id = make_user(&db, "pb@stadt.example", Role::ProjectOffice, &[]).await;
        let office = current(&db, office_id).await;
        let elsewhere = organisations::create(
            &db,
            &office,
            OrganisationFields {
                name: "Jugendtreff Westerfilde".into(),
                kind: OrganisationKind::Daycare,
                notes: String::new(),
                area_slugs: vec!["bodelschwingh-westerfilde".into()],
                fields: vec![],
            },
        )
        .await
        .expect("organisation");
        let stranger = crate::server::services::test_support::door::add_contact(
            &db,
            &office,
            elsewhere,
            ContactFields {
                name: "Bernd Fremd".into(),
                function: String::new(),
                email: "bernd@example.org".into(),
                phone: String::new(),
                consent_on: chrono::NaiveDate::from_ymd_opt(2022, 2, 1).expect("date"),
                consent_purpose: "Einladungen".into(),
            },
        )
        .await
        .expect("contact");
        let config = config();
        for invitee in [Invitee::Contact(stranger), Invitee::Organisation(elsewhere)] {
            let refused = invite(&db, &config, &user, meeting, &[invitee]).await;
            assert!(
                matches!(&refused, Err(AppError::Validation(_))),
                "{invitee:?}: {refused:?}"
            );
            // The Projektbüro may touch every area, but the meeting's area still decides.
            assert!(invite(&db, &config, &office, meeting, &[invitee])
                .await
                .is_err());
        }
        let (_, invited, _) = overview(&db, &config, &user, meeting)
            .await
            .expect("overview");
        assert!(invited.is_empty(), "nothing was written: {invited:?}");
    }

    #[tokio::test]
    async fn reply_links_work_once_per_invitee_and_only_while_planned() {
        let (_dir, db, user, org, contact, meeting) = setup().await;
        let config = config();
        let added = invite(
            &db,
            &config,
            &user,
            meeting,
            &[Invitee::Organisation(org), Invitee::Contact(contact)],
        )
        .await
        .expect("invited");
        assert_eq!(added, 2);
        // Inviting again adds nobody.
        assert_eq!(
            invite(&db, &config, &user, meeting, &[Invitee::Contact(contact)]).await,
            Ok(0)
        );
        let (_, invited, candidates) = overview(&db, &config, &user, meeting)
            .await
            .expect("overview");
        assert_eq!(
            candidates[0].contacts,
            vec![(contact, "Anna Kaya".to_owned())]
        );
        let anna = invited
            .iter()
            .find(|i| i.contact_name.is_some())
            .expect("anna");
        let token = token_of(&anna.link).to_owned();
        assert!(token.len() >= 22, "at least 128 bits");
        // Only the hash is stored.
        let stored: i64 =
            sqlx::query_scalar("SELECT count(*) FROM invitations WHERE token_hash = ?")
                .bind(token.as_bytes())
                .fetch_one(&mut *db.read().await.expect("conn"))
                .await
                .expect("count");
        assert_eq!(stored, 0);

        let page = reply_page(&db, &token).await.expect("page");
        assert_eq!(page.invitee, "Anna Kaya, Kita Sonnenschein");
        assert!(page.open && page.reply.is_none());
        let fields = ReplyFields {
            reply: Reply::Yes,
            note: "Wir kommen zu zweit".into(),
            people: Some(2),
        };
        reply(&db, &token, fields.clone()).await.expect("reply");
        reply(&db, &token, fields).await.expect("again replaces");
        let page = reply_page(&db, &token).await.expect("page");
        assert_eq!((page.reply, page.reply_people), (Some(Reply::Yes), Some(2)));
        assert_eq!(reply_page(&db, "falsch").await, Err(AppError::InvalidLink));

        // A renewed link replaces the old one.
        renew_link(&db, &config, &user, anna.id)
            .await
            .expect("renewed");
        assert_eq!(reply_page(&db, &token).await, Err(AppError::InvalidLink));

        // The same link with another server key is worthless.
        let (_, invited, _) = overview(&db, &config, &user, meeting)
            .await
            .expect("overview");
        let new_token =
            token_of(&invited.iter().find(|i| i.id == anna.id).expect("anna").link).to_owned();
        assert!(reply_page(&db, &new_token).await.is_ok());
        let other = Config {
            link_key: LinkKey::random(),
            contact_retention_months: 12,
            yearly_budget_cents: crate::domain::programme::DEFAULT_YEARLY_BUDGET_CENTS,
            second_factor_for_coordinators: false,
            stale_after_months: crate::domain::implementation::DEFAULT_STALE_MONTHS,
            mail_enabled: false,
            ..config.clone()
        };
        let (_, invited, _) = overview(&db, &other, &user, meeting)
            .await
            .expect("overview");
        let foreign =
            token_of(&invited.iter().find(|i| i.id == anna.id).expect("anna").link).to_owned();
        assert_eq!(reply_page(&db, &foreign).await, Err(AppError::InvalidLink));

        // After a cancellation the page shows it and replies are closed.
        meetings::change_status(
            &db,
            &user,
            meeting,
            MeetingStatus::Cancelled,
            meetings::StatusChange {
                reason: "Krankheit".into(),
                ..Default::default()
            },
        )
        .await
        .expect("cancel");
        let page = reply_page(&db, &new_token).await.expect("page");
        assert!(!page.open);
        assert_eq!(page.status, MeetingStatus::Cancelled);
        let late = reply(
            &db,
            &new_token,
            ReplyFields {
                reply: Reply::No,
                note: String::new(),
                people: None,
            },
        )
        .await;
        assert!(matches!(late, Err(AppError::Conflict(_))));
    }

    fn parse_event(ics: &str) -> icalendar::Event {
        assert!(ics.lines().all(|l| l.len() <= 76), "folded lines");
        assert!(ics.contains("\r\n"), "CRLF line ends");
        let calendar: icalendar::Calendar = ics.parse().expect("valid iCalendar");
        let mut events = calendar.components.into_iter().filter_map(|c| match c {
            icalendar::CalendarComponent::Event(e) => Some(e),
            _ => None,
        });
        let event = events.next().expect("one event");
        assert!(events.next().is_none());
        event
    }

    fn utc(event: &icalendar::Event, start: bool) -> chrono::DateTime<chrono::Utc> {
        let value = if start {
            event.get_start()
        } else {
            event.get_end()
        };
        match value.expect("date") {
            icalendar::DatePerhapsTime::DateTime(icalendar::CalendarDateTime::Utc(t)) => t,
            other => panic!("expected UTC, got {other:?}"),
        }
    }

    #[tokio::test]
    async fn ics_is_parsed_by_an_independent_parser_field_by_field() {
        let (_dir, db, user, _, _, meeting) = setup().await;
        let config = config();
        let first = parse_event(
            &meeting_ics(&db, &config, &user, meeting)
                .await
                .expect("ics"),
        );
        let uid = first.get_uid().expect("uid").to_owned();
        assert!(uid.ends_with("@aktionsplan-soziale-stadt.dortmund"));
        assert_eq!(
            first.get_summary(),
            Some("Akteursgespräch Hafen; Teil 1, mit Kommas (Hafen)")
        );
        assert_eq!(
            first.get_location(),
            Some("Kulturort Depot, Immermannstraße 29, 44147 Dortmund")
        );
        let description = first.get_description().expect("description");
        assert!(
            description.contains("Tagesordnung:\nBegrüßung\nBedarfe sammeln"),
            "{description}"
        );
        assert_eq!(
            first.get_url(),
            Some(format!("https://aktionsplan.example/intern/termine/{meeting}").as_str())
        );
        assert!(first.property_value("DTSTAMP").is_some());
        assert_eq!(first.get_sequence(), Some(0));
        assert_eq!(first.get_status(), Some(icalendar::EventStatus::Confirmed));
        // 31.03.2030 17:00 in Dortmund is summer time: 15:00 UTC.
        assert_eq!(utc(&first, true).to_rfc3339(), "2030-03-31T15:00:00+00:00");
        assert_eq!(utc(&first, false).to_rfc3339(), "2030-03-31T17:00:00+00:00");

        // A change raises SEQUENCE and keeps the UID; a cancellation says CANCELLED.
        let mut input = MeetingInput {
            title: "Akteursgespräch Hafen".into(),
            kind: "akteursgespraech".into(),
            date: "2030-10-27".into(),
            start_time: "17:00".into(),
            end_time: "19:00".into(),
            venue_name: "Kulturort Depot".into(),
            format: "praesenz".into(),
            ..MeetingInput::default()
        };
        meetings::update(
            &db,
            &user,
            meeting,
            "hafen",
            &user.id.to_string(),
            &input,
            false,
        )
        .await
        .expect("moved");
        let second = parse_event(
            &meeting_ics(&db, &config, &user, meeting)
                .await
                .expect("ics"),
        );
        assert_eq!(second.get_uid(), Some(uid.as_str()));
        assert_eq!(second.get_sequence(), Some(1));
        // 27.10.2030 is after the autumn change: winter time, 16:00 UTC.
        assert_eq!(utc(&second, true).to_rfc3339(), "2030-10-27T16:00:00+00:00");
        input.title = "Akteursgespräch".into();
        meetings::change_status(
            &db,
            &user,
            meeting,
            MeetingStatus::Cancelled,
            meetings::StatusChange {
                reason: "Raum fehlt".into(),
                ..Default::default()
            },
        )
        .await
        .expect("cancelled");
        let third = parse_event(
            &meeting_ics(&db, &config, &user, meeting)
                .await
                .expect("ics"),
        );
        assert_eq!(third.get_status(), Some(icalendar::EventStatus::Cancelled));
        assert_eq!(third.get_sequence(), Some(2));
        assert!(third
            .get_description()
            .expect("d")
            .contains("abgesagt: Raum fehlt"));
    }

    #[tokio::test]
    async fn calendar_feeds_live_at_a_secret_revocable_address() {
        let (_dir, db, user, _, _, _) = setup().await;
        let config = config();
        let before = feeds(&db, &config, &user).await.expect("feeds");
        assert_eq!(before.len(), 2, "own feed and the one area");
        assert!(before.iter().all(|f| f.url.is_none()));
        renew_feed(&db, &config, &user, "hafen")
            .await
            .expect("created");
        let url = feeds(&db, &config, &user).await.expect("feeds")[1]
            .url
            .clone()
            .expect("url");
        let token = url
            .trim_end_matches(".ics")
            .rsplit('/')
            .next()
            .expect("token")
            .to_owned();
        let ics = feed_ics(&db, &config, &token).await.expect("feed");
        assert!(ics.contains("X-WR-CALNAME:Aktionsplan: Termine Hafen"));
        let calendar: icalendar::Calendar = ics.parse().expect("valid");
        assert_eq!(calendar.components.len(), 1);
        renew_feed(&db, &config, &user, "hafen")
            .await
            .expect("renewed");
        assert_eq!(
            feed_ics(&db, &config, &token).await,
            Err(AppError::InvalidLink)
        );
        assert_eq!(
            renew_feed(&db, &config, &user, "nordmarkt").await,
            Err(AppError::Forbidden)
        );
        revoke_feed(&db, &user, "hafen").await.expect("revoked");
        assert!(feeds(&db, &config, &user).await.expect("feeds")[1]
            .url
            .is_none());
    }

    fn feed_token(url: &str) -> String {
        url.trim_end_matches(".ics")
            .rsplit('/')
            .next()
            .expect("token")
            .to_owned()
    }

    #[tokio::test]
    async fn feeds_end_when_their_owner_is_locked_or_loses_the_area() {
        use crate::server::services::test_support::door as users;
        let (_dir, db, user, _, _, _) = setup().await;
        let config = config();
        let office_id = make_user(&db, "pb@stadt.example", Role::ProjectOffice, &[]).await;
        let office = current(&db, office_id).await;
        let colleague_id = make_user(&db, "k2@stadt.example", Role::Coordinator, &["hafen"]).await;
        let colleague = current(&db, colleague_id).await;
        for person in [&user, &colleague] {
            renew_feed(&db, &config, person, "hafen")
                .await
                .expect("area feed");
            renew_feed(&db, &config, person, "ich")
                .await
                .expect("own feed");
        }
        let tokens = |list: Vec<FeedView>| -> Vec<String> {
            list.iter()
                .filter_map(|f| f.url.as_deref().map(feed_token))
                .collect()
        };
        let mine = tokens(feeds(&db, &config, &user).await.expect("feeds"));
        let theirs = tokens(feeds(&db, &config, &colleague).await.expect("feeds"));
        assert_eq!(mine.len(), 2);
        assert_ne!(mine, theirs, "every person has addresses of their own");
        for token in mine.iter().chain(&theirs) {
            assert!(feed_ics(&db, &config, token).await.is_ok());
        }
        // The first coordinator loses Hafen: their Hafen feed ends, their own feed goes on
        // (without Hafen's meetings), the colleague's feeds are untouched.
        users::assign_areas(&db, &office, user.id, &[])
            .await
            .expect("areas");
        assert_eq!(
            feed_ics(&db, &config, &mine[1]).await,
            Err(AppError::InvalidLink)
        );
        let own = feed_ics(&db, &config, &mine[0]).await.expect("own feed");
        assert!(
            own.contains("BEGIN:VEVENT"),
            "the meetings they organise stay"
        );
        assert!(feed_ics(&db, &config, &theirs[1]).await.is_ok());
        // Locked: everything of theirs ends.
        users::set_disabled(&db, &office, colleague.id, true)
            .await
            .expect("locked");
        for token in &theirs {
            assert_eq!(
                feed_ics(&db, &config, token).await,
                Err(AppError::InvalidLink)
            );
        }
        users::set_disabled(&db, &office, colleague.id, false)
            .await
            .expect("unlocked");
        assert!(feed_ics(&db, &config, &theirs[1]).await.is_ok());
        // The Projektbüro sees how many feeds an area has and ends them all.
        let view = feeds(&db, &config, &office).await.expect("feeds");
        let hafen = view.iter().find(|f| f.key == "hafen").expect("hafen");
        assert_eq!(hafen.area_feeds, Some(1));
        assert_eq!(
            revoke_feed(&db, &colleague, "alle:hafen").await,
            Err(AppError::Forbidden)
        );
        revoke_feed(&db, &office, "alle:hafen")
            .await
            .expect("all ended");
        assert_eq!(
            feed_ics(&db, &config, &theirs[1]).await,
            Err(AppError::InvalidLink)
        );
        assert!(
            feed_ics(&db, &config, &theirs[0]).await.is_ok(),
            "own feeds stay"
        );
    }
}
