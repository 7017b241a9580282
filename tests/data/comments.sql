-- COMMENT ON every kind of object a database holds: database (by current_database), schema,
-- table, column, view column, materialized view, index, sequence, constraint (table and
-- domain), type, enum, domain, composite attribute, function, procedure, aggregate, operator,
-- trigger, rule, policy, extension, text search configuration, collation, cast, large object.
-- Comments with quotes, newlines, Unicode; an empty comment means no comment.
-- PG 14+.
SET client_encoding = 'UTF8';
CREATE SCHEMA commented;
COMMENT ON SCHEMA commented IS 'A schema with a comment';
DO $$ BEGIN EXECUTE format('COMMENT ON DATABASE %I IS %L', current_database(), 'The database itself (comment)'); END $$;

CREATE TYPE commented.color AS ENUM ('red', 'green');
COMMENT ON TYPE commented.color IS 'An enum';
CREATE TYPE commented.pair AS (a int, b text);
COMMENT ON TYPE commented.pair IS 'A composite';
COMMENT ON COLUMN commented.pair.a IS 'Attribute of a composite type';
CREATE DOMAIN commented.pos AS int CONSTRAINT pos_check CHECK (VALUE > 0);
COMMENT ON DOMAIN commented.pos IS 'A domain';
COMMENT ON CONSTRAINT pos_check ON DOMAIN commented.pos IS 'A domain constraint';

CREATE TABLE commented.things (
  id int CONSTRAINT things_pkey PRIMARY KEY,
  name text NOT NULL CONSTRAINT things_name_check CHECK (name <> ''),
  color commented.color,
  n commented.pos
);
INSERT INTO commented.things VALUES (1, 'one', 'red', 1), (2, 'two', 'green', 2);
COMMENT ON TABLE commented.things IS E'Multi-line\ncomment with ''quotes'', "double quotes", a backslash \\ and ünïcödé 😀';
COMMENT ON COLUMN commented.things.id IS 'The id';
COMMENT ON COLUMN commented.things.name IS '';   -- an empty comment removes it: no comment at all
COMMENT ON COLUMN commented.things.color IS 'Color; $$dollar quotes$$ inside';
COMMENT ON CONSTRAINT things_pkey ON commented.things IS 'Primary key constraint';
COMMENT ON CONSTRAINT things_name_check ON commented.things IS 'Check constraint';
COMMENT ON INDEX commented.things_pkey IS 'The index behind the primary key';
CREATE INDEX things_name_idx ON commented.things (name);
COMMENT ON INDEX commented.things_name_idx IS 'A secondary index';

CREATE SEQUENCE commented.counter;
COMMENT ON SEQUENCE commented.counter IS 'A sequence';
CREATE VIEW commented.things_view AS SELECT id, name FROM commented.things;
COMMENT ON VIEW commented.things_view IS 'A view';
COMMENT ON COLUMN commented.things_view.name IS 'A view column';
CREATE MATERIALIZED VIEW commented.things_mv AS SELECT id FROM commented.things;
COMMENT ON MATERIALIZED VIEW commented.things_mv IS 'A materialized view';
COMMENT ON COLUMN commented.things_mv.id IS 'A materialized view column';

CREATE FUNCTION commented.f(x int) RETURNS int LANGUAGE sql IMMUTABLE AS $$ SELECT x $$;
COMMENT ON FUNCTION commented.f(int) IS 'A function';
CREATE PROCEDURE commented.p() LANGUAGE sql AS $$ SELECT 1 $$;
COMMENT ON PROCEDURE commented.p() IS 'A procedure';
CREATE AGGREGATE commented.my_sum(int) (SFUNC = int4pl, STYPE = int);
COMMENT ON AGGREGATE commented.my_sum(int) IS 'An aggregate';
CREATE OPERATOR commented.### (LEFTARG = int, RIGHTARG = int, FUNCTION = int4pl);
COMMENT ON OPERATOR commented.### (int, int) IS 'An operator';

CREATE FUNCTION commented.trg() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER things_trg BEFORE INSERT ON commented.things FOR EACH ROW EXECUTE FUNCTION commented.trg();
COMMENT ON TRIGGER things_trg ON commented.things IS 'A trigger';
CREATE RULE things_rule AS ON DELETE TO commented.things WHERE OLD.id < 0 DO INSTEAD NOTHING;
COMMENT ON RULE things_rule ON commented.things IS 'A rule';
ALTER TABLE commented.things ENABLE ROW LEVEL SECURITY;
CREATE POLICY things_policy ON commented.things USING (true);
COMMENT ON POLICY things_policy ON commented.things IS 'A policy';

CREATE TEXT SEARCH CONFIGURATION commented.my_english (COPY = pg_catalog.english);
COMMENT ON TEXT SEARCH CONFIGURATION commented.my_english IS 'A text search configuration';
CREATE COLLATION commented.c_collation (locale = 'C');
COMMENT ON COLLATION commented.c_collation IS 'A collation';
CREATE CAST (commented.pair AS text) WITH INOUT;
COMMENT ON CAST (commented.pair AS text) IS 'A cast';
CREATE EXTENSION IF NOT EXISTS citext;
COMMENT ON EXTENSION citext IS 'A comment on an extension (replaces its default)';
DO $$ BEGIN PERFORM lo_from_bytea(920001, 'commented'); END $$;
COMMENT ON LARGE OBJECT 920001 IS 'A large object';

-- A long comment (100 kB).
CREATE TABLE commented.long_comment (id int);
DO $$ BEGIN EXECUTE format('COMMENT ON TABLE commented.long_comment IS %L', repeat('long comment ', 8000)); END $$;
