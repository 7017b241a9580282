-- Classic table inheritance: a parent with its own rows, two children with extra columns, a
-- grandchild, and multiple inheritance. SELECT * FROM parent sees all rows; a copy must not
-- copy the children's rows twice (COPY parent vs COPY (SELECT * FROM ONLY parent)). PG 14+.
CREATE TABLE vehicles (
  id int PRIMARY KEY,
  name text NOT NULL,
  wheels int NOT NULL CHECK (wheels >= 0)
);
CREATE TABLE cars (seats int NOT NULL DEFAULT 5) INHERITS (vehicles);
CREATE TABLE trucks (payload_kg int, trailer boolean DEFAULT false) INHERITS (vehicles);
CREATE TABLE fire_trucks (ladder_m numeric(4, 1)) INHERITS (trucks);   -- grandchild
ALTER TABLE cars ADD PRIMARY KEY (id);
ALTER TABLE trucks ADD PRIMARY KEY (id);

INSERT INTO vehicles SELECT i, 'vehicle ' || i, 2 FROM generate_series(1, 10) AS i;
INSERT INTO cars (id, name, wheels, seats) SELECT i, 'car ' || i, 4, 2 + i % 6 FROM generate_series(101, 130) AS i;
INSERT INTO trucks (id, name, wheels, payload_kg, trailer)
  SELECT i, 'truck ' || i, 6 + 2 * (i % 3), 1000 * i, i % 2 = 0 FROM generate_series(201, 220) AS i;
INSERT INTO fire_trucks (id, name, wheels, payload_kg, ladder_m) VALUES (301, 'ladder one', 6, 3000, 30.5);

-- Multiple inheritance: a column merged from two parents.
CREATE TABLE tagged (tag text);
CREATE TABLE logged (logged_at timestamptz NOT NULL DEFAULT '2024-01-01 00:00+00', tag text);
CREATE TABLE tagged_logged (body text) INHERITS (tagged, logged);
INSERT INTO tagged VALUES ('only in tagged');
INSERT INTO logged VALUES ('2023-06-01 12:00+00', 'only in logged');
INSERT INTO tagged_logged (tag, body) VALUES ('both', 'child row');

-- A child that does not inherit one of the parent's check constraints (NO INHERIT).
CREATE TABLE animals (id int, legs int CONSTRAINT animals_no_rows CHECK (legs IS NULL) NO INHERIT);
CREATE TABLE dogs (name text) INHERITS (animals);
INSERT INTO dogs VALUES (1, 4, 'Rex');

-- Expected counts, for tests: ONLY vs with descendants.
CREATE TABLE expected_counts (rel text PRIMARY KEY, only_rows int, all_rows int);
INSERT INTO expected_counts VALUES
  ('vehicles', 10, 61), ('cars', 30, 30), ('trucks', 20, 21), ('fire_trucks', 1, 1),
  ('tagged', 1, 2), ('logged', 1, 2), ('tagged_logged', 1, 1), ('animals', 0, 1), ('dogs', 1, 1);
DO $$
DECLARE
  r record;
  o int;
  a int;
BEGIN
  FOR r IN SELECT * FROM expected_counts LOOP
    EXECUTE format('SELECT (SELECT count(*) FROM ONLY %1$I), (SELECT count(*) FROM %1$I)', r.rel) INTO o, a;
    IF o <> r.only_rows OR a <> r.all_rows THEN
      RAISE EXCEPTION '%: % only / % all, expected % / %', r.rel, o, a, r.only_rows, r.all_rows;
    END IF;
  END LOOP;
END
$$;
