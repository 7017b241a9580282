-- Awkward identifiers: quotes, spaces, dots, Unicode, reserved words, mixed case, leading
-- digits, and names of exactly 63 bytes (the limit; longer names are truncated by the server).
-- Schemas, tables, columns, indexes, constraints, sequences, views, functions, types. PG 14+.
SET client_encoding = 'UTF8';

CREATE SCHEMA "My Schema";
CREATE SCHEMA "select";
CREATE SCHEMA "schéma_ünïcode_😀";
CREATE SCHEMA "with""quote";
CREATE SCHEMA "dot.ted";

CREATE TABLE "My Schema"."Mixed Case Table" (
  "ID" int PRIMARY KEY,
  "id" int NOT NULL,
  "Column With Spaces" text,
  "select" text,
  "from" int,
  "user" text,
  "quote""inside" text,
  "single'quote" text,
  "back\slash" text,
  "new
line" text,
  "tab	tab" text,
  "$dollar" text,
  "1starts_with_digit" int,
  "ünïcödé" text,
  "日本語の列" text,
  "😀" text,
  "a.b" text,
  "%s %I" text,
  "semi;colon" text,
  "-- not a comment" text,
  CONSTRAINT "Check ""Quoted"" Constraint" CHECK ("from" >= 0),
  CONSTRAINT "unique on select" UNIQUE ("select")
);
INSERT INTO "My Schema"."Mixed Case Table"
SELECT i, -i, 'spaces ' || i, 'select ' || i, i, 'user', 'q"' || i, 's''' || i, 'b\' || i, E'n\n' || i,
       E't\t' || i, '$' || i, i, 'ü', '日本', '😀', 'a.b', '%s', ';', '--'
FROM generate_series(1, 20) AS i;

CREATE INDEX "Index: with colon & spaces" ON "My Schema"."Mixed Case Table" ("Column With Spaces");
CREATE INDEX "ünïcödé_índex" ON "My Schema"."Mixed Case Table" ("ünïcödé", "😀");

CREATE TABLE "select"."table" ("column" int PRIMARY KEY, "order" int, "group" text, "offset" int, "limit" int);
INSERT INTO "select"."table" SELECT i, 10 - i, 'g', 0, 1 FROM generate_series(1, 10) AS i;

CREATE TABLE "select"."Table" ("Column" int PRIMARY KEY);   -- differs only by case
CREATE TABLE "select"."TABLE" ("COLUMN" int PRIMARY KEY);
INSERT INTO "select"."Table" VALUES (1), (2);
INSERT INTO "select"."TABLE" VALUES (3);

CREATE TABLE "schéma_ünïcode_😀"."tåble_😀_ñ" ("ключ" int PRIMARY KEY, "值" text, "ümlaut" text);
INSERT INTO "schéma_ünïcode_😀"."tåble_😀_ñ" VALUES (1, '一', 'ä'), (2, '二', 'ö'), (3, '三', 'ü');

CREATE TABLE "with""quote"."tab""le" ("co""l" int PRIMARY KEY, "'" text, """" text);
INSERT INTO "with""quote"."tab""le" VALUES (1, '''', '"'), (2, '"''"', '''"''');

CREATE TABLE "dot.ted"."a.b.c" ("x.y" int PRIMARY KEY);
INSERT INTO "dot.ted"."a.b.c" VALUES (1);
-- A table in public with the same name as one in another schema.
CREATE TABLE public."a.b.c" ("x.y" int PRIMARY KEY);
INSERT INTO public."a.b.c" VALUES (2);

-- Names of exactly 63 bytes: ASCII, and multi-byte (é is 2 bytes: 31 × 'é' + 'x' = 63 bytes).
CREATE SCHEMA s_63_bytes_schema_name_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx;
CREATE TABLE s_63_bytes_schema_name_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx.t_63_bytes_table_name_yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy (
  c_63_bytes_column_name_zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz int
    CONSTRAINT k_63_bytes_constraint_name_kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk PRIMARY KEY,
  "éééééééééééééééééééééééééééééééx" text
);
CREATE INDEX i_63_bytes_index_name_iiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiii
  ON s_63_bytes_schema_name_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx.t_63_bytes_table_name_yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy
  ("éééééééééééééééééééééééééééééééx");
INSERT INTO s_63_bytes_schema_name_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx.t_63_bytes_table_name_yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy
VALUES (1, 'one'), (2, 'two');

-- The file checks its own promise: these names really are 63 bytes.
DO $$
BEGIN
  IF (SELECT array_agg(DISTINCT octet_length(n)) FROM (VALUES
        ((SELECT min(nspname::text) FROM pg_namespace WHERE nspname LIKE 's\_63%')),
        ((SELECT min(relname::text) FROM pg_class WHERE relname LIKE 't\_63%')),
        ((SELECT min(relname::text) FROM pg_class WHERE relname LIKE 'i\_63%')),
        ((SELECT min(conname::text) FROM pg_constraint WHERE conname LIKE 'k\_63%')),
        ((SELECT min(attname::text) FROM pg_attribute WHERE attname LIKE 'c\_63%')),
        ((SELECT min(attname::text) FROM pg_attribute WHERE attname LIKE 'éé%'))) AS v(n)) <> ARRAY[63] THEN
    RAISE EXCEPTION 'a 63-byte name is not 63 bytes';
  END IF;
END
$$;

-- Other object kinds with awkward names.
CREATE SEQUENCE "My Schema"."Seq ""quoted""" START 5;
SELECT nextval('"My Schema"."Seq ""quoted"""') \g /dev/null
CREATE TYPE "My Schema"."Enum Type" AS ENUM ('a value', 'ÜNÏCÖDÉ', 'with''quote', 'with"dq', '');
CREATE TABLE "My Schema"."uses enum" (id int PRIMARY KEY, "e" "My Schema"."Enum Type");
INSERT INTO "My Schema"."uses enum" VALUES (1, 'a value'), (2, 'ÜNÏCÖDÉ'), (3, 'with''quote'), (4, 'with"dq'), (5, '');
CREATE VIEW "My Schema"."View ""of"" select" AS SELECT "column" AS "Column Alias" FROM "select"."table";
CREATE FUNCTION "My Schema"."Func (name)"("Arg One" int) RETURNS int LANGUAGE sql IMMUTABLE AS $$ SELECT "Arg One" + 1 $$;
CREATE TABLE "My Schema"."FK child" (
  id int PRIMARY KEY,
  "parent ID" int CONSTRAINT "FK → parent" REFERENCES "My Schema"."Mixed Case Table" ("ID")
);
INSERT INTO "My Schema"."FK child" VALUES (1, 1), (2, 20);
