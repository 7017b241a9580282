-- pgimport test fixture 1.0 -> 1.1 (see pgimport_fixture.control): a sequence goes away, so
-- a source still at 1.0 has one the target's default version makes no more.
\echo Use "ALTER EXTENSION pgimport_fixture UPDATE" to load this file. \quit

DROP SEQUENCE @extschema@.legacy_seq;
