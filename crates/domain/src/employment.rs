//! The terms an employer offers besides the work itself: the kind of contract, and the
//! support that helps people in (language support, childcare, flexible hours, mentoring).
//! Vacancies state them; the tracks favour some of them.

use crate::codes::coded;

coded!(ContractType {
    Permanent => "PERMANENT",
    FixedTerm => "FIXED_TERM",
    Seasonal => "SEASONAL",
    Apprenticeship => "APPRENTICESHIP",
    Internship => "INTERNSHIP",
    PartTime => "PART_TIME",
});
coded!(InclusionSupport {
    LanguageSupport => "LANGUAGE_SUPPORT",
    Childcare => "CHILDCARE",
    FlexibleHours => "FLEXIBLE_HOURS",
    Mentoring => "MENTORING",
});
