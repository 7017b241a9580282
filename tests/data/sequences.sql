-- Sequences in every state: standalone, OWNED BY a column, used by a DEFAULT of another table,
-- CYCLE (wrapped around), negative INCREMENT, smallint/integer/bigint types, large CACHE,
-- is_called = false after setval, never used (is_called false, last_value = start), at
-- MAXVALUE. A copy must reproduce last_value and is_called exactly. PG 14+. (Unlogged
-- sequences are PG15+: see pg15_features.sql.)
CREATE SEQUENCE seq_standalone;
SELECT nextval('seq_standalone') FROM generate_series(1, 42) \g /dev/null

CREATE SEQUENCE seq_never_used START WITH 77;

CREATE SEQUENCE seq_setval_not_called;
SELECT setval('seq_setval_not_called', 1000, false) \g /dev/null   -- nextval() returns 1000

CREATE SEQUENCE seq_setval_called;
SELECT setval('seq_setval_called', 1000, true) \g /dev/null        -- nextval() returns 1001

CREATE SEQUENCE seq_cycle AS smallint MINVALUE 1 MAXVALUE 3 CYCLE;
SELECT nextval('seq_cycle') FROM generate_series(1, 5) \g /dev/null   -- 1 2 3 1 2

CREATE SEQUENCE seq_negative INCREMENT BY -5 MINVALUE -1000 MAXVALUE -1 START WITH -1;
SELECT nextval('seq_negative') FROM generate_series(1, 10) \g /dev/null   -- last -46

CREATE SEQUENCE seq_negative_cycle INCREMENT BY -1 MINVALUE -2 MAXVALUE 2 START 0 CYCLE;
SELECT nextval('seq_negative_cycle') FROM generate_series(1, 4) \g /dev/null   -- 0 -1 -2 2

CREATE SEQUENCE seq_int AS integer START WITH 2147483640 MAXVALUE 2147483647;
SELECT nextval('seq_int') FROM generate_series(1, 8) \g /dev/null   -- at MAXVALUE: next call fails

CREATE SEQUENCE seq_bigint_big AS bigint START WITH 9223372036854775000 INCREMENT BY 100;
SELECT nextval('seq_bigint_big') \g /dev/null

CREATE SEQUENCE seq_cached CACHE 50 INCREMENT BY 3 START WITH 10;
SELECT nextval('seq_cached') FROM generate_series(1, 4) \g /dev/null

CREATE SEQUENCE "Seq With ""Quotes"" & Spaces" START 3;
SELECT nextval('"Seq With ""Quotes"" & Spaces"') \g /dev/null

-- Owned by a column: dropped with the column; shared by another table's default.
CREATE TABLE tickets (id bigint NOT NULL, label text);
CREATE SEQUENCE tickets_id_seq OWNED BY tickets.id START 100 INCREMENT 10;
ALTER TABLE tickets ALTER COLUMN id SET DEFAULT nextval('tickets_id_seq');
INSERT INTO tickets (label) SELECT 'ticket ' || i FROM generate_series(1, 15) AS i;
CREATE TABLE other_tickets (id bigint NOT NULL DEFAULT nextval('tickets_id_seq'), label text);
INSERT INTO other_tickets (label) VALUES ('shares the sequence');

-- A sequence in another schema, used by a default with a schema-qualified call.
CREATE SCHEMA counters;
CREATE SEQUENCE counters.invoice_no START 5000;
CREATE TABLE invoices (no int NOT NULL DEFAULT nextval('counters.invoice_no') PRIMARY KEY, amount numeric);
INSERT INTO invoices (amount) SELECT i FROM generate_series(1, 5) AS i;

COMMENT ON SEQUENCE seq_standalone IS 'last_value 42, is_called true';
COMMENT ON SEQUENCE seq_setval_not_called IS 'last_value 1000, is_called false: nextval() gives 1000';
