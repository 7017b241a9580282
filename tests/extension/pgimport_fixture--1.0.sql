-- pgimport test fixture (see pgimport_fixture.control).
\echo Use "CREATE EXTENSION pgimport_fixture" to load this file. \quit

-- Rows the script makes are marked built-in; pg_dump (and so pgimport) copies only the others.
CREATE TABLE @extschema@.settings (
  name text PRIMARY KEY,
  value text NOT NULL,
  builtin boolean NOT NULL DEFAULT false
);
INSERT INTO @extschema@.settings (name, value, builtin) VALUES
  ('retention', '30 days', true),
  ('mode', 'strict', true);
SELECT pg_catalog.pg_extension_config_dump('@extschema@.settings', 'WHERE NOT builtin');

-- Every row is the user's: no filter. Its sequence is a configuration sequence too.
CREATE TABLE @extschema@.jobs (
  id bigserial PRIMARY KEY,
  schedule text NOT NULL,
  command text NOT NULL
);
SELECT pg_catalog.pg_extension_config_dump('@extschema@.jobs', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.jobs_id_seq', '');

-- Configuration that references configuration: its rows can only load after jobs' (pg_dump
-- orders such tables' data by their foreign keys).
CREATE TABLE @extschema@.job_tags (
  job_id bigint NOT NULL REFERENCES @extschema@.jobs (id) ON DELETE CASCADE,
  tag text NOT NULL,
  PRIMARY KEY (job_id, tag)
);
SELECT pg_catalog.pg_extension_config_dump('@extschema@.job_tags', '');

-- A member table that is not configuration: pg_dump leaves its rows out.
CREATE TABLE @extschema@.cache (key text PRIMARY KEY, hits int NOT NULL DEFAULT 0);

CREATE FUNCTION @extschema@.setting(p_name text) RETURNS text
  LANGUAGE sql STABLE AS $$ SELECT value FROM @extschema@.settings WHERE name = p_name $$;

-- The extension's own sequences, not configuration (as postgis_topology's topology_id_seq):
-- pg_dump copies neither their values nor anything else of them.
CREATE SEQUENCE @extschema@.ticket_seq;
CREATE FUNCTION @extschema@.next_ticket() RETURNS bigint
  LANGUAGE sql AS $$ SELECT nextval('@extschema@.ticket_seq') $$;
CREATE SEQUENCE @extschema@.legacy_seq;  -- version 1.1 drops it
