-- Constraints that make loading order matter: circular foreign keys (only loadable with the FKs
-- added after the data, or deferred), deferrable FKs (INITIALLY DEFERRED and IMMEDIATE), a
-- self-referencing FK with a deep chain, FKs with ON DELETE/UPDATE actions and MATCH FULL, a
-- NOT VALID FK and a NOT VALID check, exclusion constraints (btree_gist, and plain && on
-- ranges with gist), check constraints incl. multi-column, unique and partial unique indexes.
-- PG 14+. (UNIQUE NULLS NOT DISTINCT is PG15+: see pg15_features.sql.)
CREATE EXTENSION IF NOT EXISTS btree_gist;

-- Circular: every department has a manager (an employee), every employee a department.
CREATE TABLE departments (id int PRIMARY KEY, name text NOT NULL UNIQUE, manager_id int NOT NULL);
CREATE TABLE employees (
  id int PRIMARY KEY,
  name text NOT NULL,
  department_id int NOT NULL,
  mentor_id int,           -- self-reference
  salary numeric(10, 2) NOT NULL CONSTRAINT salary_positive CHECK (salary > 0),
  hired date NOT NULL,
  left_on date,
  CONSTRAINT left_after_hired CHECK (left_on IS NULL OR left_on > hired)
);
ALTER TABLE departments ADD CONSTRAINT departments_manager_fk
  FOREIGN KEY (manager_id) REFERENCES employees (id) DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE employees ADD CONSTRAINT employees_department_fk
  FOREIGN KEY (department_id) REFERENCES departments (id) DEFERRABLE INITIALLY IMMEDIATE;
ALTER TABLE employees ADD CONSTRAINT employees_mentor_fk
  FOREIGN KEY (mentor_id) REFERENCES employees (id) ON DELETE SET NULL;

BEGIN;
SET CONSTRAINTS ALL DEFERRED;
INSERT INTO departments SELECT d, 'department ' || d, d * 100 FROM generate_series(1, 10) AS d;
-- Employee i's mentor is i - 1 (a chain 1000 long), inserted in reverse order.
INSERT INTO employees
SELECT i, 'employee ' || i, 1 + i % 10, CASE WHEN i > 1 THEN i - 1 END, 1000 + i, date '2020-01-01' + i % 900,
       CASE WHEN i % 50 = 0 THEN date '2024-06-01' END
FROM generate_series(1000, 1, -1) AS i;
COMMIT;

-- Two tables that reference each other, both NOT NULL, non-deferrable: loadable only if FKs are
-- created after the data (like pg_dump does).
CREATE TABLE chicken (id int PRIMARY KEY, egg_id int NOT NULL);
CREATE TABLE egg (id int PRIMARY KEY, chicken_id int NOT NULL);
INSERT INTO chicken SELECT i, i FROM generate_series(1, 50) AS i;
INSERT INTO egg SELECT i, i FROM generate_series(1, 50) AS i;
ALTER TABLE chicken ADD FOREIGN KEY (egg_id) REFERENCES egg (id);
ALTER TABLE egg ADD FOREIGN KEY (chicken_id) REFERENCES chicken (id);

-- Multi-column FK, MATCH FULL, ON UPDATE CASCADE, ON DELETE SET DEFAULT.
CREATE TABLE regions (country char(2), code text, name text, PRIMARY KEY (country, code));
INSERT INTO regions VALUES ('NL', 'NH', 'Noord-Holland'), ('NL', 'ZH', 'Zuid-Holland'), ('FR', '75', 'Paris'), ('XX', '00', 'unknown');
CREATE TABLE offices (
  id int PRIMARY KEY,
  country char(2) DEFAULT 'XX',
  region_code text DEFAULT '00',
  FOREIGN KEY (country, region_code) REFERENCES regions MATCH FULL ON UPDATE CASCADE ON DELETE SET DEFAULT
);
INSERT INTO offices VALUES (1, 'NL', 'NH'), (2, 'NL', 'ZH'), (3, 'FR', '75'), (4, NULL, NULL);

-- NOT VALID constraints: existing rows break them, new rows must obey. A copy must keep them
-- NOT VALID (validating would fail).
CREATE TABLE legacy (id int PRIMARY KEY, qty int, office_id int);
INSERT INTO legacy VALUES (1, -5, 999), (2, 3, 1);
ALTER TABLE legacy ADD CONSTRAINT legacy_qty_positive CHECK (qty > 0) NOT VALID;
ALTER TABLE legacy ADD CONSTRAINT legacy_office_fk FOREIGN KEY (office_id) REFERENCES offices (id) NOT VALID;

-- Exclusion constraints: no overlapping bookings per room (btree_gist for =), and a plain
-- range-overlap exclusion without btree_gist.
CREATE TABLE bookings (
  id int PRIMARY KEY,
  room int NOT NULL,
  during tstzrange NOT NULL,
  EXCLUDE USING gist (room WITH =, during WITH &&)
);
INSERT INTO bookings
SELECT i, i % 5,
       tstzrange(timestamptz '2024-01-01 00:00+00' + (i / 5) * interval '1 hour',
                 timestamptz '2024-01-01 00:00+00' + (i / 5 + 1) * interval '1 hour')
FROM generate_series(0, 499) AS i;
CREATE TABLE maintenance_windows (
  id int PRIMARY KEY,
  during daterange NOT NULL,
  CONSTRAINT no_overlapping_windows EXCLUDE USING gist (during WITH &&) DEFERRABLE INITIALLY DEFERRED
);
INSERT INTO maintenance_windows SELECT i, daterange(date '2024-01-01' + i * 7, date '2024-01-01' + i * 7 + 2) FROM generate_series(0, 40) AS i;

-- Unique constraints and indexes: multi-column, partial, expression, deferrable unique.
CREATE TABLE accounts (
  id int PRIMARY KEY,
  email text NOT NULL,
  username text,
  deleted boolean NOT NULL DEFAULT false,
  position int NOT NULL,
  CONSTRAINT accounts_position_key UNIQUE (position) DEFERRABLE INITIALLY IMMEDIATE,
  CONSTRAINT accounts_username_len CHECK (char_length(username) BETWEEN 3 AND 30),
  CONSTRAINT accounts_email_shape CHECK (email LIKE '%@%') NO INHERIT
);
CREATE UNIQUE INDEX accounts_email_live_key ON accounts (lower(email)) WHERE NOT deleted;
CREATE UNIQUE INDEX accounts_username_key ON accounts (username) INCLUDE (email);
INSERT INTO accounts
SELECT i, 'User' || (i % 90) || '@example.com', CASE WHEN i % 7 <> 0 THEN 'user_' || i END, i > 90, i
FROM generate_series(1, 120) AS i;
-- Swapping two positions needs the deferrable unique constraint.
BEGIN;
SET CONSTRAINTS accounts_position_key DEFERRED;
UPDATE accounts SET position = CASE id WHEN 1 THEN 2 WHEN 2 THEN 1 END WHERE id IN (1, 2);
COMMIT;

-- A domain with a constraint, used in a table (the constraint belongs to the domain).
CREATE DOMAIN percentage AS numeric(5, 2) CONSTRAINT percentage_range CHECK (VALUE BETWEEN 0 AND 100);
CREATE TABLE discounts (id int PRIMARY KEY, pct percentage NOT NULL);
INSERT INTO discounts VALUES (1, 0), (2, 12.5), (3, 100);
