-- Courses for employers' staff say what they prepare staff for (issue 17): the inclusion
-- support they teach staff to give and the regions of origin (UN M49 sub-regions) whose
-- cultures they cover, each as codes, comma-separated, in the order of their enumeration.
-- Employers are recommended such courses from what their vacancies offer and, in aggregate,
-- where the people they hired come from.

ALTER TABLE courses ADD COLUMN prepares_support TEXT NOT NULL DEFAULT '';
ALTER TABLE courses ADD COLUMN origin_regions TEXT NOT NULL DEFAULT '';
