//! The behavioural suite that both stores must pass, and the isolated databases it runs on.
//!
//! `store_suite!(fixture)` expands to one `#[tokio::test]` per suite test. The SQLite
//! fixture always runs (a fresh file in a temporary directory); the PostgreSQL fixture runs
//! when `TEST_DATABASE_URL` is set, each test in a schema of its own, dropped afterwards.

pub mod fixtures;
pub mod suite;

pub use fixtures::{PgTestSchema, TestStore, postgres, sqlite};

/// Instantiates every suite test against `$fixture`, an expression that evaluates to a
/// future of `Option<TestStore>` (`None` skips the test, e.g. no PostgreSQL configured).
#[macro_export]
macro_rules! store_suite {
    ($fixture:expr) => {
        $crate::store_suite!(@tests $fixture;
            users::creates_a_user_and_reads_it_back,
            auth::refresh_tokens_rotate_and_reuse_revokes_the_family,
            auth::expired_and_logged_out_tokens_do_not_rotate,
            auth::a_token_presented_twice_at_once_rotates_once,
            auth::password_hashes_and_login_failures,
            users::email_is_unique_whatever_its_case,
            users::unknown_users_are_absent,
            organisations::creator_becomes_owner,
            organisations::membership_refers_to_existing_rows,
            organisations::set_membership_updates_in_place,
            organisations::memberships_list_oldest_first,
            organisations::verification_and_role_changes,
            organisations::batch_reads_return_what_exists,
            organisations::invitations_are_accepted_once_by_the_invited_email,
            organisations::public_profiles_are_saved_whole_and_read_back,
            organisations::support_requests_wait_once_and_are_answered_once,
            profiles::profiles_save_read_and_replace,
            profiles::profile_skills_and_languages,
            profiles::contact_requests_disclose_and_views_are_logged,
            profiles::delegation_caseload_and_claiming,
            career::qualifications_are_added_changed_capped_and_removed,
            career::experience_and_desired_occupations,
            search::concept_texts_hold_hidden_labels_for_search_only,
            search::an_import_records_its_search_changes_and_positions_move_forward,
            engagement::applications_move_through_the_pipeline_and_hires_fill_vacancies,
            engagement::fifty_concurrent_enrolments_never_oversell_ten_seats,
            engagement::cancellations_promote_the_waiting_list_and_completion_certifies,
            engagement::plan_steps_are_done_when_the_person_applies_or_holds_the_seat,
            catalogue::raising_seats_confirms_the_first_waiting_in_order_whatever_enrols_meanwhile,
            catalogue::a_cancelled_cohort_ends_every_seat_and_place_and_takes_nobody,
            catalogue::courses_change_in_place_and_archived_ones_leave_the_catalogue,
            catalogue::staff_courses_say_what_they_prepare_staff_for,
            catalogue::staff_bookings_count_against_seats_all_or_nothing,
            readiness::migrated_store_is_ready,
            vacancies::vacancies_are_created_transitioned_and_listed,
            vacancies::vacancies_are_edited_while_draft_or_open,
            readiness::migrating_again_changes_nothing,
            shortages::shortage_lists_upsert_by_their_natural_key,
            ventures::ventures_are_saved_capped_replaced_and_removed,
            mentoring::offers_in_own_name_or_through_a_membership_found_by_sector_skill_or_track,
            mentoring::requests_respect_capacity_and_move_by_the_rules,
            mentoring::two_mentors_accepting_at_once_never_exceed_capacity,
            mentoring::withdrawing_an_offer_declines_what_is_unanswered_and_erasure_takes_the_rest,
            ventures::findable_profiles_and_batched_reads,
            changes::writes_record_their_changes_and_followers_read_on_in_order,
            changes::a_change_waits_for_older_transactions_still_running,
        );
    };
    (@tests $fixture:expr; $($module:ident :: $name:ident),+ $(,)?) => {$(
        #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
        async fn $name() {
            let Some(test_store) = $fixture.await else { return };
            $crate::suite::$module::$name(test_store.store()).await;
            test_store.finish().await;
        }
    )+};
}
