//! The role matrix: every query and mutation, for every kind of caller, allowed or not.
//! A field added to the schema without a row here fails `every_operation_is_in_the_matrix`,
//! so the table grows with the API.

mod common;

use std::collections::BTreeSet;

use common::PASSWORD;
use common::{TestApp, databases, spawn_app_with};
use serde_json::{Value, json};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Outcome {
    Allowed,
    Forbidden,
    Unauthenticated,
}
use Outcome::*;

/// The callers, in the order of each row's expectations.
const CALLERS: [&str; 7] = [
    "anonymous",
    "MIGRANT",
    "EMPLOYER (owner of the organisation)",
    "TRAINER",
    "CASEWORKER",
    "ADMIN",
    "EMPLOYER of another organisation",
];

struct Row {
    /// The schema field the row exercises (`Type.field` for nested fields).
    field: &'static str,
    query: &'static str,
    expected: [Outcome; 7],
}

const ALL: [Outcome; 7] = [Allowed; 7];
const MIGRANT_ONLY: [Outcome; 7] = [
    Unauthenticated,
    Allowed,
    Forbidden,
    Forbidden,
    Forbidden,
    Forbidden,
    Forbidden,
];
/// Every signed-in caller but migrants (organisations and administrators).
const SIGNED_IN_NOT_MIGRANT: [Outcome; 7] = [
    Unauthenticated,
    Forbidden,
    Allowed,
    Allowed,
    Allowed,
    Allowed,
    Allowed,
];
/// Administrators only.
const ADMIN_ONLY: [Outcome; 7] = [
    Unauthenticated,
    Forbidden,
    Forbidden,
    Forbidden,
    Forbidden,
    Allowed,
    Forbidden,
];
/// Refused to every caller (anonymous callers are asked to log in first).
const NOBODY: [Outcome; 7] = [
    Unauthenticated,
    Forbidden,
    Forbidden,
    Forbidden,
    Forbidden,
    Forbidden,
    Forbidden,
];
/// Only the caseworker of the support organisation the person delegated to.
const CENTRE_ONLY: [Outcome; 7] = [
    Unauthenticated,
    Forbidden,
    Forbidden,
    Forbidden,
    Allowed,
    Forbidden,
    Forbidden,
];
/// Only the members of the employer organisation.
const EMPLOYER_ONLY: [Outcome; 7] = [
    Unauthenticated,
    Forbidden,
    Allowed,
    Forbidden,
    Forbidden,
    Forbidden,
    Forbidden,
];
/// Only the trainer of the training provider that runs the course.
const TRAINER_ONLY: [Outcome; 7] = [
    Unauthenticated,
    Forbidden,
    Forbidden,
    Allowed,
    Forbidden,
    Forbidden,
    Forbidden,
];
const SIGNED_IN: [Outcome; 7] = [
    Unauthenticated,
    Allowed,
    Allowed,
    Allowed,
    Allowed,
    Allowed,
    Allowed,
];

fn rows() -> Vec<Row> {
    vec![
        Row {
            field: "apiVersion",
            query: "{ apiVersion }",
            expected: ALL,
        },
        Row {
            field: "me",
            query: "{ me { id } }",
            expected: ALL,
        },
        Row {
            field: "skills",
            query: "{ skills(first: 1) { totalCount } }",
            expected: ALL,
        },
        Row {
            field: "skill",
            query: r#"{ skill(uri: "http://data.europa.eu/esco/skill/x") { uri } }"#,
            expected: ALL,
        },
        Row {
            field: "occupations",
            query: "{ occupations(first: 1) { totalCount } }",
            expected: ALL,
        },
        Row {
            field: "occupation",
            query: r#"{ occupation(uri: "http://data.europa.eu/esco/occupation/x") { uri } }"#,
            expected: ALL,
        },
        Row {
            field: "suggestSkills",
            query: r#"{ suggestSkills(text: "JavaScript") { confidence onProfile } }"#,
            expected: ALL,
        },
        Row {
            field: "suggestOccupations",
            query: r#"{ suggestOccupations(text: "cook") { confidence onProfile } }"#,
            expected: ALL,
        },
        Row {
            field: "shortageOccupations",
            query: r#"{ shortageOccupations(region: "DE") { nodes { region } } }"#,
            expected: ALL,
        },
        Row {
            field: "languages",
            query: "{ languages { code } }",
            expected: ALL,
        },
        Row {
            field: "cefrLevels",
            query: "{ cefrLevels { level } }",
            expected: ALL,
        },
        Row {
            field: "node",
            query: "query($org: ID!) { node(id: $org) { id } }",
            expected: ALL,
        },
        Row {
            field: "nodes",
            query: "query($org: ID!) { nodes(ids: [$org]) { id } }",
            expected: ALL,
        },
        Row {
            field: "organisation",
            query: "query($org: ID!) { organisation(id: $org) { name verified } }",
            expected: ALL,
        },
        Row {
            field: "Organisation.members",
            query: "query($org: ID!) { organisation(id: $org) { members { nodes { role } } } }",
            expected: [
                Unauthenticated,
                Forbidden,
                Allowed,
                Forbidden,
                Forbidden,
                Allowed,
                Forbidden,
            ],
        },
        Row {
            field: "Organisation.invitations",
            query: "query($org: ID!) { organisation(id: $org) { invitations { nodes { email } } } }",
            expected: [
                Unauthenticated,
                Forbidden,
                Allowed,
                Forbidden,
                Forbidden,
                Forbidden,
                Forbidden,
            ],
        },
        Row {
            field: "myOrganisations",
            query: "{ myOrganisations { nodes { role } } }",
            expected: SIGNED_IN,
        },
        Row {
            field: "myConsents",
            query: "{ myConsents { purpose granted } }",
            expected: SIGNED_IN,
        },
        Row {
            field: "exportMyData",
            query: "{ exportMyData }",
            expected: SIGNED_IN,
        },
        Row {
            field: "setConsent",
            query: "mutation { setConsent(input: { purpose: ANALYTICS, granted: true }) { consents { purpose } } }",
            expected: SIGNED_IN,
        },
        Row {
            field: "deleteMyAccount",
            query: r#"mutation { deleteMyAccount(input: { password: "not the password" }) { deleted userErrors { code } } }"#,
            expected: SIGNED_IN,
        },
        Row {
            field: "myProfile",
            query: "{ myProfile { id } }",
            expected: SIGNED_IN,
        },
        Row {
            field: "updateMyProfile",
            query: r#"mutation { updateMyProfile(input: { visibility: ANONYMISED }) { profile { visibility } userErrors { code } } }"#,
            expected: MIGRANT_ONLY,
        },
        Row {
            field: "addProfileSkill",
            query: r#"mutation { addProfileSkill(input: { skillUri: "http://data.europa.eu/esco/skill/none", proficiency: BASIC }) { userErrors { code } } }"#,
            expected: MIGRANT_ONLY,
        },
        Row {
            field: "addProfileSkills",
            query: r#"mutation { addProfileSkills(input: { skills: [{ skillUri: "http://data.europa.eu/esco/skill/none", proficiency: BASIC }] }) { userErrors { code } } }"#,
            expected: MIGRANT_ONLY,
        },
        Row {
            field: "suggestProfileSkills",
            query: "{ suggestProfileSkills { skill { uri } } }",
            expected: MIGRANT_ONLY,
        },
        Row {
            field: "removeProfileSkill",
            query: r#"mutation { removeProfileSkill(input: { skillUri: "http://data.europa.eu/esco/skill/none" }) { userErrors { code } } }"#,
            expected: MIGRANT_ONLY,
        },
        Row {
            field: "setProfileLanguage",
            query: r#"mutation { setProfileLanguage(input: { language: "de", level: "B1" }) { userErrors { code } } }"#,
            expected: MIGRANT_ONLY,
        },
        Row {
            field: "removeProfileLanguage",
            query: r#"mutation { removeProfileLanguage(input: { language: "fr" }) { userErrors { code } } }"#,
            expected: MIGRANT_ONLY,
        },
        Row {
            field: "candidate",
            query: "query($candidate: ID!, $org: ID!) { candidate(id: $candidate, organisationId: $org) { id region } }",
            expected: [
                Unauthenticated,
                Forbidden,
                Allowed,
                Forbidden,
                Forbidden,
                Forbidden,
                Forbidden,
            ],
        },
        Row {
            field: "candidateProfile",
            query: "query($candidate: ID!, $org: ID!) { candidateProfile(id: $candidate, organisationId: $org) { id } }",
            // Not even the owner: the candidate has neither accepted a request nor made the
            // profile visible.
            expected: [
                Unauthenticated,
                Forbidden,
                Forbidden,
                Forbidden,
                Forbidden,
                Forbidden,
                Forbidden,
            ],
        },
        Row {
            field: "myContactRequests",
            query: "{ myContactRequests { nodes { status } } }",
            expected: MIGRANT_ONLY,
        },
        Row {
            field: "myProfileAccessLog",
            query: "{ myProfileAccessLog { nodes { view } } }",
            expected: MIGRANT_ONLY,
        },
        Row {
            field: "requestContact",
            query: "mutation($candidate: ID!, $org: ID!) { requestContact(input: { candidateId: $candidate, organisationId: $org, message: \"Hello\" }) { userErrors { code } } }",
            expected: [
                Unauthenticated,
                Forbidden,
                Allowed,
                Forbidden,
                Forbidden,
                Forbidden,
                Forbidden,
            ],
        },
        Row {
            field: "respondToContactRequest",
            query: "mutation($request: ID!) { respondToContactRequest(input: { contactRequestId: $request, accept: true }) { userErrors { code } } }",
            expected: MIGRANT_ONLY,
        },
        Row {
            field: "myDelegations",
            query: "{ myDelegations { nodes { grantedAt } } }",
            expected: MIGRANT_ONLY,
        },
        Row {
            field: "caseload",
            query: "query($centre: ID!) { caseload(organisationId: $centre) { nodes { id } } }",
            expected: [
                Unauthenticated,
                Forbidden,
                Forbidden,
                Forbidden,
                Allowed,
                Forbidden,
                Forbidden,
            ],
        },
        Row {
            field: "grantDelegation",
            query: "mutation($centre: ID!) { grantDelegation(input: { organisationId: $centre }) { userErrors { code } } }",
            expected: MIGRANT_ONLY,
        },
        // The migrant delegated without choosing: the centre sees and edits, nothing more.
        Row {
            field: "applyToVacancy (a client who did not delegate APPLY)",
            query: "mutation($open: ID!, $candidate: ID!, $centre: ID!) { applyToVacancy(input: { vacancyId: $open, profileId: $candidate, organisationId: $centre }) { userErrors { code } } }",
            expected: NOBODY,
        },
        Row {
            field: "enrol (a client who did not delegate ENROL)",
            query: "mutation($cohort: ID!, $candidate: ID!, $centre: ID!) { enrol(input: { cohortId: $cohort, profileId: $candidate, organisationId: $centre }) { userErrors { code } } }",
            expected: NOBODY,
        },
        Row {
            field: "setConsent (a client who did not delegate CONSENT)",
            query: "mutation($candidate: ID!, $centre: ID!) { setConsent(input: { purpose: ANALYTICS, granted: true, profileId: $candidate, organisationId: $centre, channel: PHONE }) { userErrors { code } } }",
            expected: NOBODY,
        },
        Row {
            field: "revokeDelegation",
            query: "mutation($centre: ID!) { revokeDelegation(input: { organisationId: $centre }) { userErrors { code } } }",
            expected: MIGRANT_ONLY,
        },
        Row {
            field: "organisations",
            query: "{ organisations(filter: { services: [RECOGNITION_GUIDANCE] }) { totalCount nodes { name } } }",
            expected: ALL,
        },
        Row {
            field: "updateOrganisationProfile",
            query: "mutation($org: ID!) { updateOrganisationProfile(input: { organisationId: $org, description: \"We care.\" }) { userErrors { code } } }",
            expected: [
                Unauthenticated,
                Forbidden,
                Allowed,
                Forbidden,
                Forbidden,
                Forbidden,
                Forbidden,
            ],
        },
        Row {
            field: "requestSupport",
            query: "mutation($centre: ID!) { requestSupport(input: { organisationId: $centre, message: \"Help with my diploma\" }) { userErrors { code } } }",
            expected: MIGRANT_ONLY,
        },
        Row {
            field: "mySupportRequests",
            query: "{ mySupportRequests { nodes { status } } }",
            expected: MIGRANT_ONLY,
        },
        Row {
            field: "supportRequests",
            query: "query($centre: ID!) { supportRequests(organisationId: $centre) { nodes { message } } }",
            expected: CENTRE_ONLY,
        },
        Row {
            field: "answerSupportRequest",
            query: "mutation($request: ID!, $centre: ID!) { answerSupportRequest(input: { supportRequestId: $request, organisationId: $centre, accept: true }) { userErrors { code } } }",
            expected: CENTRE_ONLY,
        },
        Row {
            field: "actionPlan",
            query: "query($centre: ID!) { actionPlan(organisationId: $centre) { steps { id } } }",
            expected: MIGRANT_ONLY,
        },
        Row {
            field: "addActionPlanGoal",
            query: "mutation($centre: ID!) { addActionPlanGoal(input: { organisationId: $centre, kind: OTHER, description: \"Find work as a cook\" }) { userErrors { code } } }",
            expected: MIGRANT_ONLY,
        },
        Row {
            field: "updateActionPlanStep",
            query: "mutation($centre: ID!, $request: ID!) { updateActionPlanStep(input: { organisationId: $centre, stepId: $request, title: \"x\" }) { userErrors { code } } }",
            expected: MIGRANT_ONLY,
        },
        Row {
            field: "addActionPlanStep",
            query: "mutation($centre: ID!, $client: ID!) { addActionPlanStep(input: { organisationId: $centre, profileId: $client, kind: OTHER, title: \"Call the job centre\" }) { userErrors { code } } }",
            expected: CENTRE_ONLY,
        },
        Row {
            field: "actionPlan (a client's)",
            query: "query($centre: ID!, $client: ID!) { actionPlan(organisationId: $centre, profileId: $client) { steps { title } } }",
            expected: CENTRE_ONLY,
        },
        // A client without an account, whose centre may do everything for them.
        Row {
            field: "applyToVacancy (for a client)",
            query: "mutation($open: ID!, $client: ID!, $centre: ID!) { applyToVacancy(input: { vacancyId: $open, profileId: $client, organisationId: $centre }) { userErrors { code } } }",
            expected: CENTRE_ONLY,
        },
        Row {
            field: "withdrawApplication (for a client)",
            query: "mutation($application: ID!, $client: ID!, $centre: ID!) { withdrawApplication(input: { applicationId: $application, profileId: $client, organisationId: $centre }) { userErrors { code } } }",
            expected: CENTRE_ONLY,
        },
        Row {
            field: "enrol (for a client)",
            query: "mutation($cohort: ID!, $client: ID!, $centre: ID!) { enrol(input: { cohortId: $cohort, profileId: $client, organisationId: $centre }) { userErrors { code } } }",
            expected: CENTRE_ONLY,
        },
        Row {
            field: "cancelEnrolment (for a client)",
            query: "mutation($enrolment: ID!, $client: ID!, $centre: ID!) { cancelEnrolment(input: { enrolmentId: $enrolment, profileId: $client, organisationId: $centre }) { userErrors { code } } }",
            expected: CENTRE_ONLY,
        },
        Row {
            field: "respondToContactRequest (for a client)",
            query: "mutation($request: ID!, $client: ID!, $centre: ID!) { respondToContactRequest(input: { contactRequestId: $request, accept: false, profileId: $client, organisationId: $centre }) { userErrors { code } } }",
            expected: CENTRE_ONLY,
        },
        Row {
            field: "setConsent (for a client)",
            query: "mutation($client: ID!, $centre: ID!) { setConsent(input: { purpose: ANALYTICS, granted: true, profileId: $client, organisationId: $centre, channel: IN_PERSON }) { userErrors { code } } }",
            expected: CENTRE_ONLY,
        },
        Row {
            field: "updateClientProfile",
            query: "mutation($candidate: ID!, $centre: ID!) { updateClientProfile(input: { profileId: $candidate, organisationId: $centre, changes: { mobilityRadiusKm: 10 } }) { userErrors { code } } }",
            // The migrant revoked the delegation in the row before: not even the centre's
            // caseworker may edit now.
            expected: [
                Unauthenticated,
                Forbidden,
                Forbidden,
                Forbidden,
                Forbidden,
                Forbidden,
                Forbidden,
            ],
        },
        Row {
            field: "createClientProfile",
            query: "mutation($centre: ID!) { createClientProfile(input: { organisationId: $centre, displayName: \"New client\" }) { claimToken userErrors { code } } }",
            expected: [
                Unauthenticated,
                Forbidden,
                Forbidden,
                Forbidden,
                Allowed,
                Forbidden,
                Forbidden,
            ],
        },
        Row {
            field: "claimProfile",
            query: "mutation { claimProfile(input: { claimToken: \"unknown\" }) { userErrors { code } } }",
            expected: MIGRANT_ONLY,
        },
        Row {
            field: "vacancy",
            query: "query($vacancy: ID!) { vacancy(id: $vacancy) { id } }",
            expected: ALL,
        },
        Row {
            field: "vacancies",
            query: "{ vacancies(first: 5) { totalCount } }",
            expected: ALL,
        },
        Row {
            field: "createVacancy",
            query: "mutation($org: ID!) { createVacancy(input: { organisationId: $org, title: \"Cook\", contractType: PERMANENT, location: { countryCode: \"DE\" } }) { vacancy { id } userErrors { code } } }",
            expected: [
                Unauthenticated,
                Forbidden,
                Allowed,
                Forbidden,
                Forbidden,
                Forbidden,
                Forbidden,
            ],
        },
        Row {
            field: "publishVacancy",
            query: "mutation($vacancy: ID!) { publishVacancy(input: { vacancyId: $vacancy }) { userErrors { code } } }",
            expected: [
                Unauthenticated,
                Forbidden,
                Allowed,
                Forbidden,
                Forbidden,
                Forbidden,
                Forbidden,
            ],
        },
        Row {
            field: "closeVacancy",
            query: "mutation($vacancy: ID!) { closeVacancy(input: { vacancyId: $vacancy }) { userErrors { code } } }",
            expected: [
                Unauthenticated,
                Forbidden,
                Allowed,
                Forbidden,
                Forbidden,
                Forbidden,
                Forbidden,
            ],
        },
        Row {
            field: "course",
            query: "query($course: ID!) { course(id: $course) { id } }",
            expected: ALL,
        },
        Row {
            field: "courses",
            query: "{ courses(first: 5) { totalCount } }",
            expected: ALL,
        },
        Row {
            field: "createCourse",
            query: "mutation($provider: ID!) { createCourse(input: { organisationId: $provider, title: \"German B1\", mode: ONLINE, languages: [\"de\"] }) { course { id } userErrors { code } } }",
            expected: [
                Unauthenticated,
                Forbidden,
                Forbidden,
                Allowed,
                Forbidden,
                Forbidden,
                Forbidden,
            ],
        },
        Row {
            field: "addCohort",
            query: "mutation($course: ID!) { addCohort(input: { courseId: $course, startsOn: \"2027-03-01\", seats: 12 }) { cohort { id } userErrors { code } } }",
            expected: [
                Unauthenticated,
                Forbidden,
                Forbidden,
                Allowed,
                Forbidden,
                Forbidden,
                Forbidden,
            ],
        },
        Row {
            field: "updateVacancy",
            query: r#"mutation($vacancy: ID!) { updateVacancy(input: { vacancyId: $vacancy, positions: 2 }) { userErrors { code } } }"#,
            expected: [
                Unauthenticated,
                Forbidden,
                Allowed,
                Forbidden,
                Forbidden,
                Forbidden,
                Forbidden,
            ],
        },
        Row {
            field: "vacancyApplications",
            query: r#"query($open: ID!) { vacancyApplications(vacancyId: $open) { nodes { id status } } }"#,
            expected: [
                Unauthenticated,
                Forbidden,
                Allowed,
                Forbidden,
                Forbidden,
                Forbidden,
                Forbidden,
            ],
        },
        Row {
            field: "moveApplication",
            query: r#"mutation($application: ID!) { moveApplication(input: { applicationId: $application, status: REVIEWED }) { userErrors { code } } }"#,
            expected: [
                Unauthenticated,
                Forbidden,
                Allowed,
                Forbidden,
                Forbidden,
                Forbidden,
                Forbidden,
            ],
        },
        Row {
            field: "myApplications",
            query: r#"{ myApplications { nodes { id status } } }"#,
            expected: MIGRANT_ONLY,
        },
        Row {
            field: "applyToVacancy",
            query: r#"mutation($open: ID!) { applyToVacancy(input: { vacancyId: $open }) { userErrors { code } } }"#,
            expected: MIGRANT_ONLY,
        },
        Row {
            field: "withdrawApplication",
            query: r#"mutation($application: ID!) { withdrawApplication(input: { applicationId: $application }) { userErrors { code } } }"#,
            expected: MIGRANT_ONLY,
        },
        Row {
            field: "myEnrolments",
            query: r#"{ myEnrolments { nodes { id status } } }"#,
            expected: MIGRANT_ONLY,
        },
        Row {
            field: "enrol",
            query: r#"mutation($cohort: ID!) { enrol(input: { cohortId: $cohort }) { userErrors { code } } }"#,
            expected: MIGRANT_ONLY,
        },
        Row {
            field: "cancelEnrolment",
            query: r#"mutation($enrolment: ID!) { cancelEnrolment(input: { enrolmentId: $enrolment }) { userErrors { code } } }"#,
            expected: MIGRANT_ONLY,
        },
        Row {
            field: "cohortEnrolments",
            query: r#"query($cohort: ID!) { cohortEnrolments(cohortId: $cohort) { nodes { id status } } }"#,
            expected: [
                Unauthenticated,
                Forbidden,
                Forbidden,
                Allowed,
                Forbidden,
                Forbidden,
                Forbidden,
            ],
        },
        Row {
            field: "finishEnrolment",
            query: r#"mutation($enrolment: ID!) { finishEnrolment(input: { enrolmentId: $enrolment, outcome: COMPLETED }) { userErrors { code } } }"#,
            expected: [
                Unauthenticated,
                Forbidden,
                Forbidden,
                Allowed,
                Forbidden,
                Forbidden,
                Forbidden,
            ],
        },
        Row {
            field: "saveQualification",
            query: r#"mutation { saveQualification(input: { title: "BSc Nursing" }) { userErrors { code } } }"#,
            expected: MIGRANT_ONLY,
        },
        Row {
            field: "removeQualification",
            query: r#"mutation { removeQualification(input: { qualificationId: "bm9uZQ" }) { userErrors { code } } }"#,
            expected: MIGRANT_ONLY,
        },
        Row {
            field: "saveWorkExperience",
            query: r#"mutation { saveWorkExperience(input: { title: "Cook", kind: WAGED, years: 2 }) { userErrors { code } } }"#,
            expected: MIGRANT_ONLY,
        },
        Row {
            field: "removeWorkExperience",
            query: r#"mutation { removeWorkExperience(input: { experienceId: "bm9uZQ" }) { userErrors { code } } }"#,
            expected: MIGRANT_ONLY,
        },
        Row {
            field: "setDesiredOccupations",
            query: r#"mutation { setDesiredOccupations(input: { occupationUris: [] }) { userErrors { code } } }"#,
            expected: MIGRANT_ONLY,
        },
        Row {
            field: "skillGap",
            query: r#"query($open: ID!) { skillGap(vacancyId: $open) { score } }"#,
            expected: MIGRANT_ONLY,
        },
        Row {
            field: "matchVacancies",
            query: "{ matchVacancies(first: 5) { totalCount } }",
            expected: MIGRANT_ONLY,
        },
        Row {
            field: "matchCandidates",
            query: r#"query($open: ID!) { matchCandidates(vacancyId: $open, first: 5) { totalCount } }"#,
            expected: [
                Unauthenticated,
                Forbidden,
                Allowed,
                Forbidden,
                Forbidden,
                Forbidden,
                Forbidden,
            ],
        },
        Row {
            field: "youthOpportunities",
            query: "{ youthOpportunities(first: 5) { eligible } }",
            expected: MIGRANT_ONLY,
        },
        Row {
            field: "womenOpportunities",
            query: "{ womenOpportunities(first: 5) { eligible } }",
            expected: MIGRANT_ONLY,
        },
        Row {
            field: "entrepreneurshipOpportunities",
            query: "{ entrepreneurshipOpportunities(first: 5) { eligible } }",
            expected: MIGRANT_ONLY,
        },
        Row {
            field: "myVentures",
            query: "{ myVentures { id } }",
            expected: MIGRANT_ONLY,
        },
        Row {
            field: "myMentorOffers",
            query: "{ myMentorOffers { id } }",
            expected: SIGNED_IN,
        },
        Row {
            field: "mentorMatches",
            query: "query($venture: ID!) { mentorMatches(ventureId: $venture) { nodes { score } } }",
            expected: MIGRANT_ONLY,
        },
        Row {
            field: "saveVenture",
            query: r#"mutation { saveVenture(input: { name: "Cafe", sector: TRADE, stage: PLANNING }) { userErrors { code } } }"#,
            expected: MIGRANT_ONLY,
        },
        Row {
            field: "removeVenture",
            query: r#"mutation { removeVenture(input: { ventureId: "VmVudHVyZTowMTkwYTBiMC0wMDAwLTcwMDAtODAwMC0wMDAwMDAwMDAwMDA" }) { userErrors { code } } }"#,
            expected: MIGRANT_ONLY,
        },
        Row {
            field: "offerMentoring",
            query: "mutation($org: ID!) { offerMentoring(input: { organisationId: $org, sectors: [TRADE] }) { userErrors { code } } }",
            expected: [
                Unauthenticated,
                Forbidden,
                Allowed,
                Forbidden,
                Forbidden,
                Forbidden,
                Forbidden,
            ],
        },
        Row {
            field: "withdrawMentoring",
            query: "mutation($org: ID!) { withdrawMentoring(input: { organisationId: $org }) { userErrors { code } } }",
            expected: SIGNED_IN,
        },
        Row {
            field: "myMentoringRequests",
            query: "{ myMentoringRequests(first: 5) { totalCount } }",
            expected: MIGRANT_ONLY,
        },
        Row {
            field: "mentoringRequestsToMe",
            query: "{ mentoringRequestsToMe(first: 5) { totalCount } }",
            expected: SIGNED_IN,
        },
        Row {
            // A mentor that is not there: a userError for a person, FORBIDDEN for roles
            // that keep no profile (a caseworker asks with a client's profile id).
            field: "requestMentoring",
            query: r#"mutation { requestMentoring(input: { mentorId: "TWVudG9yOjAxOTBhMGIwLTAwMDAtNzAwMC04MDAwLTAwMDAwMDAwMDAwMA" }) { userErrors { code } } }"#,
            expected: MIGRANT_ONLY,
        },
        Row {
            // Only the mentor finds a request to answer; for everyone else it is not there.
            field: "answerMentoringRequest",
            query: r#"mutation { answerMentoringRequest(input: { requestId: "TWVudG9yaW5nUmVxdWVzdDowMTkwYTBiMC0wMDAwLTcwMDAtODAwMC0wMDAwMDAwMDAwMDA", accept: true }) { userErrors { code } } }"#,
            expected: SIGNED_IN,
        },
        Row {
            field: "endMentoring",
            query: r#"mutation { endMentoring(input: { requestId: "TWVudG9yaW5nUmVxdWVzdDowMTkwYTBiMC0wMDAwLTcwMDAtODAwMC0wMDAwMDAwMDAwMDA" }) { userErrors { code } } }"#,
            expected: SIGNED_IN,
        },
        Row {
            field: "recommendedCourses",
            query: "{ recommendedCourses(first: 5) { weight } }",
            expected: MIGRANT_ONLY,
        },
        Row {
            field: "register",
            query: r#"mutation($email: String!) { register(input: { email: $email, password: "Lavender-Tram-71-Quarry", role: MIGRANT, displayName: "New" }) { userErrors { code } } }"#,
            expected: ALL,
        },
        Row {
            field: "login",
            query: r#"mutation { login(input: { email: "nobody@example.org", password: "Wrong-Password-Here-42" }) { userErrors { code } } }"#,
            expected: ALL,
        },
        Row {
            field: "refreshToken",
            query: r#"mutation { refreshToken(input: { refreshToken: "unknown" }) { userErrors { code } } }"#,
            expected: ALL,
        },
        Row {
            field: "logout",
            query: r#"mutation { logout(input: { refreshToken: "unknown" }) { ok } }"#,
            expected: ALL,
        },
        Row {
            field: "createOrganisation",
            query: r#"mutation { createOrganisation(input: { kind: EMPLOYER, name: "Harbour Logistics" }) { organisation { id } userErrors { code } } }"#,
            expected: [
                Unauthenticated,
                Forbidden,
                Allowed,
                Forbidden,
                Forbidden,
                Allowed,
                Allowed,
            ],
        },
        Row {
            field: "inviteMember",
            query: r#"mutation($org: ID!) { inviteMember(input: { organisationId: $org, email: "new.hire@example.org", role: MEMBER }) { invitationToken userErrors { code } } }"#,
            expected: [
                Unauthenticated,
                Forbidden,
                Allowed,
                Forbidden,
                Forbidden,
                Forbidden,
                Forbidden,
            ],
        },
        Row {
            field: "acceptInvitation",
            query: r#"mutation { acceptInvitation(input: { invitationToken: "unknown" }) { userErrors { code } } }"#,
            expected: [
                Unauthenticated,
                Forbidden,
                Allowed,
                Allowed,
                Allowed,
                Forbidden,
                Allowed,
            ],
        },
        Row {
            field: "verifyOrganisation",
            query: "mutation($org: ID!) { verifyOrganisation(input: { organisationId: $org }) { organisation { verified } } }",
            expected: [
                Unauthenticated,
                Forbidden,
                Forbidden,
                Forbidden,
                Forbidden,
                Allowed,
                Forbidden,
            ],
        },
        Row {
            field: "staffEnrolments",
            query: "query($org: ID!) { staffEnrolments(organisationId: $org) { id seats } }",
            expected: EMPLOYER_ONLY,
        },
        Row {
            field: "insights",
            query: "{ insights { minGroup people { count } } }",
            expected: SIGNED_IN_NOT_MIGRANT,
        },
        Row {
            field: "insights",
            query: "{ insights { demand { totalCount } occupationDemand { totalCount } } }",
            expected: ALL,
        },
        Row {
            field: "recomputeFairness",
            query: "mutation { recomputeFairness(input: {}) { report { id minGroup } userErrors { code } } }",
            expected: ADMIN_ONLY,
        },
        Row {
            field: "fairnessReports",
            query: "{ fairnessReports { totalCount edges { node { id flagged } } } }",
            expected: ADMIN_ONLY,
        },
        Row {
            field: "publicStatistics",
            query: "{ publicStatistics { minGroup peopleTrained { count } } }",
            expected: ALL,
        },
        Row {
            field: "staffCourseRecommendations",
            query: "query($org: ID!) { staffCourseRecommendations(organisationId: $org) { score course { id } } }",
            expected: EMPLOYER_ONLY,
        },
        Row {
            field: "cohortStaffEnrolments",
            query: "query($cohort: ID!) { cohortStaffEnrolments(cohortId: $cohort) { id names } }",
            expected: TRAINER_ONLY,
        },
        Row {
            // The fixture's course is for job seekers: a userError for the employer.
            field: "enrolStaff",
            query: r#"mutation($org: ID!, $cohort: ID!) { enrolStaff(input: { organisationId: $org, cohortId: $cohort, seats: 1, names: ["Ana"] }) { userErrors { code } } }"#,
            expected: EMPLOYER_ONLY,
        },
        Row {
            // A booking that is not there is nobody's to cancel.
            field: "cancelStaffEnrolment",
            query: r#"mutation { cancelStaffEnrolment(input: { staffEnrolmentId: "U3RhZmZFbnJvbG1lbnQ6MDE5MGEwYjAtMDAwMC03MDAwLTgwMDAtMDAwMDAwMDAwMDAw" }) { userErrors { code } } }"#,
            expected: SIGNED_IN,
        },
        Row {
            field: "myPlacements",
            query: "{ myPlacements { id } }",
            expected: MIGRANT_ONLY,
        },
        Row {
            field: "placementsDue",
            query: "query($org: ID!) { placementsDue(organisationId: $org) { due { months } } }",
            expected: EMPLOYER_ONLY,
        },
        Row {
            // A placement that is not there: a userError for anyone signed in.
            field: "recordPlacementCheckIn",
            query: r#"mutation { recordPlacementCheckIn(input: { placementId: "UGxhY2VtZW50OjAxOTBhMGIwLTAwMDAtNzAwMC04MDAwLTAwMDAwMDAwMDAwMA", months: 3, outcome: STILL_EMPLOYED }) { userErrors { code } } }"#,
            expected: SIGNED_IN,
        },
        Row {
            field: "setPlacementEnd",
            query: r#"mutation { setPlacementEnd(input: { placementId: "UGxhY2VtZW50OjAxOTBhMGIwLTAwMDAtNzAwMC04MDAwLTAwMDAwMDAwMDAwMA", endsOn: "2027-09-30" }) { userErrors { code } } }"#,
            expected: SIGNED_IN,
        },
        // Last, as they change the fixture's course and cohort for the rows after them.
        Row {
            field: "updateCohort",
            query: "mutation($cohort: ID!) { updateCohort(input: { cohortId: $cohort, seats: 20 }) { cohort { seats } userErrors { code } } }",
            expected: TRAINER_ONLY,
        },
        Row {
            field: "updateCourse",
            query: r#"mutation($course: ID!) { updateCourse(input: { courseId: $course, title: "German B1" }) { course { title } userErrors { code } } }"#,
            expected: TRAINER_ONLY,
        },
        Row {
            field: "cancelCohort",
            query: r#"mutation($cohort: ID!) { cancelCohort(input: { cohortId: $cohort, reason: "Too few people" }) { cohort { id } userErrors { code } } }"#,
            expected: TRAINER_ONLY,
        },
        Row {
            field: "archiveCourse",
            query: "mutation($course: ID!) { archiveCourse(input: { courseId: $course }) { course { status } userErrors { code } } }",
            expected: TRAINER_ONLY,
        },
    ]
}

async fn call(app: &TestApp, query: &str, variables: Value, token: Option<&str>) -> Value {
    app.call(query, variables, token).await
}

async fn account(app: &TestApp, email: &str, role: &str) -> String {
    app.register(email, role, "Tester").await
}

async fn login(app: &TestApp, email: &str) -> String {
    let body = call(
        app,
        "mutation($input: LoginInput!) { login(input: $input) { accessToken } }",
        json!({ "input": { "email": email, "password": PASSWORD } }),
        None,
    )
    .await;
    body["data"]["login"]["accessToken"]
        .as_str()
        .unwrap()
        .to_owned()
}

async fn create_organisation(app: &TestApp, token: &str, name: &str) -> String {
    let body = call(
        app,
        "mutation($name: String!) { createOrganisation(input: { kind: EMPLOYER, name: $name, countryCode: \"de\" }) { organisation { id } } }",
        json!({ "name": name }),
        Some(token),
    )
    .await;
    body["data"]["createOrganisation"]["organisation"]["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

fn outcome(body: &Value) -> Outcome {
    let codes: Vec<&str> = body["errors"]
        .as_array()
        .map(|errors| {
            errors
                .iter()
                .filter_map(|e| e["extensions"]["code"].as_str())
                .collect()
        })
        .unwrap_or_default();
    if codes.contains(&"UNAUTHENTICATED") {
        Unauthenticated
    } else if codes.contains(&"FORBIDDEN") {
        Forbidden
    } else {
        assert!(codes.is_empty(), "unexpected errors: {body}");
        Allowed
    }
}

#[tokio::test]
async fn every_caller_gets_what_the_matrix_says() {
    for db in databases() {
        // The login row fails once per caller: keep the login limits out of the way.
        let app =
            spawn_app_with(db, |config| config.auth.max_failed_logins_per_account = 100).await;
        let migrant = account(&app, "migrant@example.org", "MIGRANT").await;
        let employer = account(&app, "employer@example.org", "EMPLOYER").await;
        let trainer = account(&app, "trainer@example.org", "TRAINER").await;
        let caseworker = account(&app, "caseworker@example.org", "CASEWORKER").await;
        account(&app, "admin@example.org", "CASEWORKER").await;
        skillbridge_server::grant_admin(app.config.clone(), "admin@example.org")
            .await
            .unwrap();
        let admin = login(&app, "admin@example.org").await;
        let other = account(&app, "other@example.org", "EMPLOYER").await;
        let org = create_organisation(&app, &employer, "Sonnenhof Pflegeheim").await;
        create_organisation(&app, &other, "Elsewhere GmbH").await;
        // A candidate employers may see: an anonymised profile that consents to sharing.
        call(&app, "mutation { updateMyProfile(input: { visibility: ANONYMISED, tracks: [ENTREPRENEURSHIP] }) { userErrors { code } } }", json!({}), Some(&migrant)).await;
        let venture = call(&app, "mutation { saveVenture(input: { name: \"Bakery\", sector: ACCOMMODATION_AND_FOOD, stage: IDEA }) { venture { id } userErrors { code } } }", json!({}), Some(&migrant)).await;
        let venture = venture["data"]["saveVenture"]["venture"]["id"].clone();
        assert!(venture.is_string(), "{venture}");
        call(&app, "mutation { setConsent(input: { purpose: SHARING_WITH_EMPLOYERS, granted: true }) { consents { granted } } }", json!({}), Some(&migrant)).await;
        call(&app, "mutation { setConsent(input: { purpose: MATCHING, granted: true }) { consents { granted } } }", json!({}), Some(&migrant)).await;
        let profile = call(&app, "{ myProfile { id } }", json!({}), Some(&migrant)).await;
        let candidate = profile["data"]["myProfile"]["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let request = {
            use base64::Engine;
            base64::engine::general_purpose::URL_SAFE_NO_PAD
                .encode(format!("ContactRequest:{}", uuid::Uuid::now_v7()))
        };
        let centre = {
            let body = call(&app, "mutation { createOrganisation(input: { kind: SUPPORT_ORGANISATION, name: \"Welcome Centre\" }) { organisation { id } } }", json!({}), Some(&caseworker)).await;
            body["data"]["createOrganisation"]["organisation"]["id"]
                .as_str()
                .unwrap()
                .to_owned()
        };
        let client = {
            let body = call(&app, "mutation($centre: ID!) { createClientProfile(input: { organisationId: $centre, displayName: \"Client\" }) { profile { id } } }", json!({ "centre": centre }), Some(&caseworker)).await;
            body["data"]["createClientProfile"]["profile"]["id"]
                .as_str()
                .unwrap_or_else(|| panic!("{body}"))
                .to_owned()
        };
        let vacancy = {
            let body = call(&app, "mutation($org: ID!) { createVacancy(input: { organisationId: $org, title: \"Care assistant\", contractType: PERMANENT, location: { countryCode: \"DE\" } }) { vacancy { id } } }", json!({ "org": org }), Some(&employer)).await;
            body["data"]["createVacancy"]["vacancy"]["id"]
                .as_str()
                .unwrap()
                .to_owned()
        };
        let provider = {
            let body = call(&app, "mutation { createOrganisation(input: { kind: TRAINING_PROVIDER, name: \"Language School\" }) { organisation { id } } }", json!({}), Some(&trainer)).await;
            body["data"]["createOrganisation"]["organisation"]["id"]
                .as_str()
                .unwrap()
                .to_owned()
        };
        let course = {
            let body = call(&app, "mutation($p: ID!) { createCourse(input: { organisationId: $p, title: \"Welding basics\", mode: ONLINE, languages: [\"de\"] }) { course { id } } }", json!({ "p": provider }), Some(&trainer)).await;
            body["data"]["createCourse"]["course"]["id"]
                .as_str()
                .unwrap()
                .to_owned()
        };
        // An open vacancy someone applied to, and a cohort they enrolled in (someone other
        // than the candidate, whose profile applying would reveal to the employer).
        let applicant = account(&app, "applicant@example.org", "MIGRANT").await;
        call(
            &app,
            "mutation { updateMyProfile(input: { mobilityRadiusKm: 30 }) { userErrors { code } } }",
            json!({}),
            Some(&applicant),
        )
        .await;
        let open = {
            let body = call(&app, "mutation($org: ID!) { createVacancy(input: { organisationId: $org, title: \"Cook\", contractType: PERMANENT, location: { countryCode: \"DE\" } }) { vacancy { id } } }", json!({ "org": org }), Some(&employer)).await;
            let id = body["data"]["createVacancy"]["vacancy"]["id"]
                .as_str()
                .unwrap()
                .to_owned();
            call(&app, "mutation($id: ID!) { publishVacancy(input: { vacancyId: $id }) { userErrors { code } } }", json!({ "id": id }), Some(&employer)).await;
            id
        };
        let application = {
            let body = call(&app, "mutation($id: ID!) { applyToVacancy(input: { vacancyId: $id }) { application { id } userErrors { code } } }", json!({ "id": open }), Some(&applicant)).await;
            body["data"]["applyToVacancy"]["application"]["id"]
                .as_str()
                .unwrap_or_else(|| panic!("{body}"))
                .to_owned()
        };
        let cohort = {
            let body = call(&app, "mutation($c: ID!) { addCohort(input: { courseId: $c, startsOn: \"2027-03-01\", seats: 5 }) { cohort { id } } }", json!({ "c": course }), Some(&trainer)).await;
            body["data"]["addCohort"]["cohort"]["id"]
                .as_str()
                .unwrap()
                .to_owned()
        };
        let enrolment = {
            let body = call(&app, "mutation($c: ID!) { enrol(input: { cohortId: $c }) { enrolment { id } userErrors { code } } }", json!({ "c": cohort }), Some(&applicant)).await;
            body["data"]["enrol"]["enrolment"]["id"]
                .as_str()
                .unwrap_or_else(|| panic!("{body}"))
                .to_owned()
        };
        let tokens = [
            None,
            Some(&migrant),
            Some(&employer),
            Some(&trainer),
            Some(&caseworker),
            Some(&admin),
            Some(&other),
        ];

        for row in rows() {
            for (i, token) in tokens.iter().enumerate() {
                let email = format!("new-{}-{i}@example.org", row.field.len());
                let body = call(
                    &app,
                    row.query,
                    json!({ "org": org, "email": email, "candidate": candidate, "request": request, "centre": centre, "vacancy": vacancy, "provider": provider, "course": course, "open": open, "application": application, "cohort": cohort, "enrolment": enrolment, "venture": venture, "client": client }),
                    token.map(String::as_str),
                )
                .await;
                assert_eq!(
                    outcome(&body),
                    row.expected[i],
                    "{db:?}: {} as {}: {body}",
                    row.field,
                    CALLERS[i]
                );
            }
        }
        app.stop().await;
    }
}

#[tokio::test]
async fn every_operation_is_in_the_matrix() {
    let app = spawn_app_with(common::Db::Sqlite, |_| {}).await;
    let body = call(
        &app,
        "{ __schema { queryType { fields { name } } mutationType { fields { name } } } }",
        json!({}),
        None,
    )
    .await;
    let mut fields = BTreeSet::new();
    for root in ["queryType", "mutationType"] {
        for field in body["data"]["__schema"][root]["fields"].as_array().unwrap() {
            fields.insert(field["name"].as_str().unwrap().to_owned());
        }
    }
    let covered: BTreeSet<String> = rows().iter().map(|r| r.field.to_owned()).collect();
    let missing: Vec<_> = fields.difference(&covered).collect();
    assert!(
        missing.is_empty(),
        "add these to the role matrix: {missing:?}"
    );
    app.stop().await;
}
