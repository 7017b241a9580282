-- Tables with zero columns, with and without rows (INSERT ... DEFAULT VALUES makes rows with no
-- values), one whose only column was dropped, and a zero-column inheritance parent. PG 14+.
CREATE TABLE no_columns_empty ();
CREATE TABLE no_columns_with_rows ();
INSERT INTO no_columns_with_rows DEFAULT VALUES;
INSERT INTO no_columns_with_rows DEFAULT VALUES;
INSERT INTO no_columns_with_rows DEFAULT VALUES;
INSERT INTO no_columns_with_rows SELECT FROM generate_series(1, 997);   -- 1000 rows in total

-- Zero live columns, but one dropped column underneath.
CREATE TABLE no_live_columns (gone int);
INSERT INTO no_live_columns SELECT generate_series(1, 5);
ALTER TABLE no_live_columns DROP COLUMN gone;

-- A zero-column parent with a child that has columns (inheritance).
CREATE TABLE zero_parent ();
INSERT INTO zero_parent DEFAULT VALUES;
CREATE TABLE zero_child (x int) INHERITS (zero_parent);
INSERT INTO zero_child VALUES (1), (2);
COMMENT ON TABLE no_columns_with_rows IS '1000 rows and no columns: SELECT count(*) is 1000';
