-- Entry requirements of courses (issue 17): skills a course expects at the start, at a
-- level, and the education it expects as an EQF level (met by any of the person's
-- qualifications). The language minimum existed already.

ALTER TABLE courses ADD COLUMN min_eqf_level INTEGER CHECK (min_eqf_level BETWEEN 1 AND 8);

CREATE TABLE course_prerequisites (
    course_id BLOB NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
    skill_id  BLOB NOT NULL REFERENCES skills (id),
    level     TEXT NOT NULL CHECK (level IN ('BASIC', 'INTERMEDIATE', 'ADVANCED', 'EXPERT')),
    PRIMARY KEY (course_id, skill_id)
);
