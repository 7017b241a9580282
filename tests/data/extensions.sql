-- Contrib extensions and objects built on them: citext (a unique case-insensitive column and a
-- citext[] array), hstore installed in its own schema "ext" (type used in columns, GIN index),
-- pg_trgm with GIN and GiST trigram indexes, btree_gin, and pgcrypto used by a column default.
-- The target server needs the same extensions available. PG 14+.
-- Not covered: extension configuration tables (pg_extension_config_dump can only be called from
-- an extension's install script, which needs files in the server's share directory).
CREATE SCHEMA ext;
CREATE EXTENSION citext;
CREATE EXTENSION hstore SCHEMA ext;
CREATE EXTENSION pg_trgm;
CREATE EXTENSION btree_gin;
CREATE EXTENSION pgcrypto;
COMMENT ON EXTENSION hstore IS 'hstore, installed in schema ext (comment set by the test data)';

CREATE TABLE users (
  id int PRIMARY KEY,
  login citext NOT NULL UNIQUE,
  aliases citext[] NOT NULL DEFAULT '{}',
  props ext.hstore,
  token bytea NOT NULL DEFAULT gen_random_bytes(8)   -- volatile default: values are copied, never recomputed
);
INSERT INTO users (id, login, aliases, props, token)
SELECT i, 'User' || i, ARRAY['Alias' || i, 'ALIAS' || i || 'b']::citext[],
       ext.hstore(ARRAY['k' || (i % 5), 'n'], ARRAY['v' || i, NULL]),
       decode(md5('token' || i), 'hex')
FROM generate_series(1, 500) AS i;
INSERT INTO users (id, login, props, token) VALUES
  (1000, 'ÜNÏCÖDÉ', 'a=>1, "b c"=>"d\"e", "NULL"=>NULL, ""=>""', '\x00');
CREATE INDEX users_props_idx ON users USING gin (props);

CREATE TABLE articles (id int PRIMARY KEY, title text NOT NULL, body text, published date);
INSERT INTO articles
SELECT i,
       (ARRAY['PostgreSQL', 'Copying', 'Snapshots', 'Branches', 'Indexes'])[1 + i % 5] || ' ' ||
       (ARRAY['explained', 'in depth', 'for beginners', 'revisited'])[1 + i % 4] || ' #' || i,
       repeat('lorem ipsum dolor sit amet ', 1 + i % 5),
       date '2020-01-01' + i
FROM generate_series(1, 2000) AS i;
CREATE INDEX articles_title_trgm_gin ON articles USING gin (title gin_trgm_ops);
CREATE INDEX articles_body_trgm_gist ON articles USING gist (body gist_trgm_ops);
CREATE INDEX articles_published_gin ON articles USING gin (published, id);   -- btree_gin opclasses

-- A function that depends on an extension function.
CREATE FUNCTION similar_titles(q text) RETURNS SETOF articles LANGUAGE sql STABLE AS $$
  SELECT * FROM articles WHERE title % q ORDER BY similarity(title, q) DESC, id LIMIT 5
$$;
