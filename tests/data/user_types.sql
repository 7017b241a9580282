-- User-defined types: enums (incl. values added later with BEFORE/AFTER, so the sort order
-- differs from the OID order), arrays of enums, domains (over base types, over arrays, over
-- composites, domains over domains, NOT NULL domains), composites (nested, with arrays and
-- enums inside), arrays of composites, ranges over a user type with a subtype_diff function,
-- and their multiranges. PG 14+.
CREATE SCHEMA types;

CREATE TYPE types.mood AS ENUM ('sad', 'ok', 'happy');
ALTER TYPE types.mood ADD VALUE 'ecstatic' AFTER 'happy';
ALTER TYPE types.mood ADD VALUE 'miserable' BEFORE 'sad';
ALTER TYPE types.mood ADD VALUE 'meh' BEFORE 'ok';            -- non-integral sort order
ALTER TYPE types.mood RENAME VALUE 'ok' TO 'fine';
CREATE TYPE types."Weird Enum" AS ENUM ('', ' ', 'with space', 'quote''s', 'ünï', '😀', 'NULL');

CREATE DOMAIN types.positive_int AS integer CONSTRAINT positive CHECK (VALUE > 0);
CREATE DOMAIN types.small_positive AS types.positive_int CONSTRAINT small CHECK (VALUE < 1000);   -- domain over domain
CREATE DOMAIN types.non_empty_text AS text NOT NULL CONSTRAINT non_empty CHECK (VALUE <> '');
CREATE DOMAIN types.int_pair AS integer[] CONSTRAINT exactly_two CHECK (cardinality(VALUE) = 2);
CREATE DOMAIN types.moods AS types.mood[] DEFAULT '{}' CONSTRAINT no_nulls CHECK (array_position(VALUE, NULL) IS NULL);

CREATE TYPE types.money_amount AS (amount numeric(12, 2), currency char(3));
CREATE TYPE types.line_item AS (sku text, qty types.positive_int, price types.money_amount, tags text[], mood types.mood);
CREATE DOMAIN types.valid_line AS types.line_item CONSTRAINT has_sku CHECK (VALUE IS NULL OR (VALUE).sku IS NOT NULL);

-- A range over a user-defined base: a domain-free float-like type via a subtype diff function.
CREATE FUNCTION types.numeric_diff(a numeric, b numeric) RETURNS double precision
  LANGUAGE sql IMMUTABLE STRICT AS $$ SELECT (a - b)::double precision $$;
CREATE TYPE types.price_range AS RANGE (subtype = numeric, subtype_diff = types.numeric_diff,
                                        multirange_type_name = types.price_multirange);
CREATE TYPE types.mood_range AS RANGE (subtype = types.mood);   -- a range over an enum

CREATE TABLE types.diary (
  id int PRIMARY KEY,
  mood types.mood NOT NULL,
  moods types.mood[],
  mood_domain types.moods,
  weird types."Weird Enum",
  weird_all types."Weird Enum"[],
  n types.small_positive,
  title types.non_empty_text,
  pair types.int_pair,
  total types.money_amount,
  items types.line_item[],
  first_item types.valid_line,
  nested_array types.line_item[][],
  prices types.price_range,
  price_set types.price_multirange,
  mood_span types.mood_range
);

INSERT INTO types.diary VALUES
  (1, 'happy', '{sad,happy,ecstatic}', '{miserable,meh}', '', enum_range(NULL::types."Weird Enum"),
   1, 'first', '{1,2}', ROW(12.50, 'EUR'),
   ARRAY[ROW('A-1', 2, ROW(1.25, 'EUR'), '{x,y}', 'fine')::types.line_item,
         ROW('B"2', 1, ROW(0, 'USD'), '{}', NULL)::types.line_item,
         ROW(NULL, NULL, NULL, NULL, NULL)::types.line_item],
   ROW('A-1', 2, ROW(1.25, 'EUR'), '{"with,comma","with\"quote"}', 'happy'),
   ARRAY[ARRAY[ROW('n1', 1, NULL, NULL, 'sad')::types.line_item], ARRAY[ROW('n2', 2, NULL, '{}', 'meh')::types.line_item]],
   '[1.5,10)', '{[1,2), [5,)}', '[meh,happy]'),
  (2, 'miserable', '{}', '{}', '😀', '{}', 999, 'ünïcödé ✓', '{-1,0}', ROW(NULL, NULL), '{}',
   ROW('only', 1, NULL, NULL, NULL), NULL, 'empty', '{}', 'empty'),
  (3, 'meh', NULL, DEFAULT, 'NULL', '{NULL," ",""}', NULL, 'third', NULL, NULL, NULL, NULL, NULL,
   '(,)', '{(,)}', '(,fine)');

INSERT INTO types.diary (id, mood, title)
SELECT i, (enum_range(NULL::types.mood))[1 + i % 6], 'entry ' || i FROM generate_series(4, 200) AS i;

-- Sorting by an enum uses its declared order: miserable < sad < meh < fine < happy < ecstatic.
CREATE INDEX diary_mood_idx ON types.diary (mood);
CREATE VIEW types.mood_order AS SELECT unnest(enum_range(NULL::types.mood)) AS mood;

-- A table whose row type is used as a column type of another table.
CREATE TABLE types.points (x int, y int);
CREATE TABLE types.shapes (id int PRIMARY KEY, corner types.points, polygon types.points[]);
INSERT INTO types.shapes VALUES (1, ROW(0, 0), ARRAY[ROW(0, 0), ROW(1, 0), ROW(1, 1)]::types.points[]), (2, NULL, '{}');
