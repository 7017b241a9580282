-- Tables with dropped columns before, between and after live ones, with data written before
-- and after the drops, so the on-disk tuples still hold the dropped values. A copy must map
-- columns by name, not by attnum. PG 14+.
CREATE TABLE dropped_first (gone1 text, gone2 int, id int PRIMARY KEY, val text);
INSERT INTO dropped_first SELECT 'x' || i, i, i, 'before ' || i FROM generate_series(1, 50) AS i;
ALTER TABLE dropped_first DROP COLUMN gone1, DROP COLUMN gone2;
INSERT INTO dropped_first SELECT i, 'after ' || i FROM generate_series(51, 100) AS i;

CREATE TABLE dropped_middle (id int PRIMARY KEY, gone text, a int, gone_too bytea, b text, c date);
INSERT INTO dropped_middle
SELECT i, repeat('g', 100), i * 2, '\xdeadbeef', 'b' || i, date '2024-01-01' + i FROM generate_series(1, 50) AS i;
ALTER TABLE dropped_middle DROP COLUMN gone;
ALTER TABLE dropped_middle DROP COLUMN gone_too;
INSERT INTO dropped_middle SELECT i, i * 2, 'b' || i, date '2024-01-01' + i FROM generate_series(51, 100) AS i;

CREATE TABLE dropped_last (id int PRIMARY KEY, val text, gone1 int, gone2 jsonb);
INSERT INTO dropped_last SELECT i, 'v' || i, i, '{"a": 1}' FROM generate_series(1, 50) AS i;
ALTER TABLE dropped_last DROP COLUMN gone1, DROP COLUMN gone2;
INSERT INTO dropped_last SELECT i, 'v' || i FROM generate_series(51, 100) AS i;

-- Drop, then add a column with the same name and another type: new attnum, same name.
CREATE TABLE readded (id int PRIMARY KEY, x int, y text);
INSERT INTO readded SELECT i, i, 'y' || i FROM generate_series(1, 20) AS i;
ALTER TABLE readded DROP COLUMN x;
ALTER TABLE readded ADD COLUMN x text DEFAULT 'new default';   -- "fast default" (atthasmissing)
INSERT INTO readded SELECT i, 'y' || i, 'x' || i FROM generate_series(21, 40) AS i;

-- A column added with a non-volatile default after rows exist: the old rows never got it
-- written (atthasmissing), yet it must read back as the default.
CREATE TABLE fast_default (id int PRIMARY KEY);
INSERT INTO fast_default SELECT generate_series(1, 30);
ALTER TABLE fast_default ADD COLUMN d int NOT NULL DEFAULT 42, ADD COLUMN t text DEFAULT 'missing value';

-- Inheritance parent and child where the child has dropped columns in different places.
CREATE TABLE drop_parent (id int, a text);
CREATE TABLE drop_child (pre int, extra text) INHERITS (drop_parent);
INSERT INTO drop_parent VALUES (1, 'parent');
INSERT INTO drop_child (id, a, pre, extra) VALUES (2, 'child', 0, 'e');
ALTER TABLE drop_child DROP COLUMN pre;
