-- Arrays whose elements are user-defined types, the combinations user_types.sql leaves out:
-- arrays of domains (over a base type, over an enum, over a composite), arrays of composites
-- that hold domains and enum arrays, 2-D arrays of enums, arrays of a user range type, with
-- NULL elements, empty arrays and non-1-based bounds. Binary COPY cannot carry these (array
-- and record values embed type OIDs that differ on the target), so they test the text path.
-- PG 14+.
CREATE SCHEMA arr;
CREATE TYPE arr.colour AS ENUM ('red', 'green', 'blue', 'with space', 'quote''s', 'comma,brace{}');
CREATE DOMAIN arr.percent AS numeric(5, 2) CHECK (VALUE BETWEEN 0 AND 100);
CREATE DOMAIN arr.warm_colour AS arr.colour CHECK (VALUE <> 'blue');
CREATE TYPE arr.reading AS (at timestamptz, value arr.percent, colours arr.colour[]);
CREATE DOMAIN arr.positive_reading AS arr.reading CHECK ((VALUE).value > 0);
CREATE TYPE arr.float_range AS RANGE (subtype = float8);

CREATE TABLE arr.samples (
  id int PRIMARY KEY,
  percents arr.percent[],
  warm arr.warm_colour[],
  readings arr.reading[],
  positive arr.positive_reading[],
  grid arr.colour[][],
  ranges arr.float_range[],
  shifted arr.percent[]
);

INSERT INTO arr.samples VALUES
  (1, '{0, 12.5, 100}', '{red, green}',
   ARRAY[ROW('2024-01-01 00:00:00+00', 50, '{red,blue}')::arr.reading,
         ROW(NULL, NULL, NULL)::arr.reading, NULL],
   ARRAY[ROW('2024-02-29 12:00:00+00', 0.01, '{}')::arr.positive_reading],
   '{{red, green}, {blue, "with space"}}',
   '{"[0,1)", "(-Infinity,Infinity)", empty}',
   '[0:2]={1, 2, 3}'),
  (2, '{}', '{}', '{}', '{}', '{}', '{}', '{}'),
  (3, '{NULL, 99.99}', '{NULL, "quote''s", "comma,brace{}"}',
   ARRAY[ROW('infinity', 100, ARRAY['comma,brace{}', 'quote''s']::arr.colour[])::arr.reading],
   NULL,
   '{{NULL, "comma,brace{}"}, {"quote''s", NULL}}',
   '{"[1.5,2.5]", NULL, "[NaN,NaN]"}',
   '[-3:-2]={4.5, NULL}'),
  (4, NULL, NULL, NULL, NULL, NULL, NULL, NULL);

CREATE TABLE arr.by_domain_array (id int PRIMARY KEY, tags arr.warm_colour[] NOT NULL DEFAULT '{}');
CREATE INDEX by_domain_array_tags ON arr.by_domain_array USING gin (tags);
INSERT INTO arr.by_domain_array (id, tags)
SELECT g, CASE g % 3 WHEN 0 THEN '{red}' WHEN 1 THEN '{green, red}' ELSE '{}' END::arr.warm_colour[]
  FROM generate_series(1, 300) g;
