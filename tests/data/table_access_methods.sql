-- Tables with a table access method other than the default. pg_dump writes
-- `SET default_table_access_method = ...` once, before the first table that needs it, and
-- again when it changes: a copy that runs the CREATE TABLEs in another order or session must
-- still give every table its own access method. heap2 is the heap under another name (no
-- extension needed). PG 14+.
CREATE ACCESS METHOD heap2 TYPE TABLE HANDLER heap_tableam_handler;
CREATE TABLE a_heap (id int PRIMARY KEY, note text);
CREATE TABLE b_heap2 (id int PRIMARY KEY, note text) USING heap2;
CREATE TABLE c_heap (id int PRIMARY KEY, note text);
CREATE TABLE d_heap2 (id int, note text) USING heap2;
CREATE TABLE e_heap2 (id int, note text) USING heap2;
CREATE TABLE f_heap (id int, note text);
CREATE MATERIALIZED VIEW g_heap2_view USING heap2 AS SELECT id, note FROM b_heap2;
INSERT INTO a_heap SELECT i, 'a ' || i FROM generate_series(1, 100) AS i;
INSERT INTO b_heap2 SELECT i, 'b ' || i FROM generate_series(1, 100) AS i;
INSERT INTO c_heap SELECT i, 'c ' || i FROM generate_series(1, 100) AS i;
INSERT INTO d_heap2 SELECT i, 'd ' || i FROM generate_series(1, 100) AS i;
INSERT INTO e_heap2 SELECT i, 'e ' || i FROM generate_series(1, 100) AS i;
INSERT INTO f_heap SELECT i, 'f ' || i FROM generate_series(1, 100) AS i;
REFRESH MATERIALIZED VIEW g_heap2_view;
