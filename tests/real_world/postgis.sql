-- A PostGIS database as people run them: geometry and geography columns with GiST and
-- SP-GiST indexes, a reference system added to spatial_ref_sys (PostGIS's configuration
-- table: pg_dump copies only the rows its filter selects), a topology (postgis_topology keeps
-- it in its configuration tables topology.topology and topology.layer, and numbers topologies
-- from its own sequence topology.topology_id_seq) and a raster table with its constraints.
-- Needs PostGIS (Debian: postgresql-15-postgis-3). Used by tests/integration/real_world_test.cpp.
SET client_min_messages = warning;
CREATE EXTENSION postgis;
CREATE EXTENSION postgis_topology;
CREATE EXTENSION postgis_raster;
INSERT INTO spatial_ref_sys (srid, auth_name, auth_srid, proj4text, srtext)
VALUES (910001, 'pgimport', 910001, '+proj=longlat +datum=WGS84 +no_defs', 'GEOGCS["test"]');
CREATE TABLE places (
  id int PRIMARY KEY,
  name text NOT NULL,
  location geometry(Point, 4326) NOT NULL,
  area geometry(Polygon, 3857),
  route geography(LineString, 4326),
  local geometry(Point, 910001)
);
INSERT INTO places
SELECT g, 'place ' || g,
       ST_SetSRID(ST_MakePoint((g % 360) - 180 + 0.5, (g % 170) - 85 + 0.25), 4326),
       CASE WHEN g % 3 = 0 THEN ST_Buffer(ST_SetSRID(ST_MakePoint(g * 10, g * 5), 3857), 50, 4) END,
       ST_MakeLine(ST_MakePoint((g % 90), (g % 45)), ST_MakePoint((g % 90) + 1, (g % 45) + 1))::geography,
       ST_SetSRID(ST_MakePoint(g, g), 910001)
FROM generate_series(1, 20000) g;
CREATE INDEX places_location ON places USING gist (location);
CREATE INDEX places_route ON places USING gist (route);
CREATE INDEX places_area ON places USING spgist (area);
CREATE VIEW nearby AS SELECT a.id, b.id AS other FROM places a JOIN places b ON ST_DWithin(a.location, b.location, 0.5) AND a.id < b.id;
SELECT topology.CreateTopology('city_topo', 3857);
CREATE TABLE parcels (id int PRIMARY KEY, geom geometry(Polygon, 3857));
SELECT topology.AddTopoGeometryColumn('city_topo', 'public', 'parcels', 'topo', 'POLYGON');
INSERT INTO parcels (id, geom)
SELECT g, ST_MakeEnvelope(g * 100, 0, g * 100 + 100, 100, 3857) FROM generate_series(1, 30) g;
UPDATE parcels SET topo = topology.toTopoGeom(geom, 'city_topo', 1);
CREATE TABLE tiles (id int PRIMARY KEY, rast raster);
INSERT INTO tiles SELECT g, ST_AddBand(ST_MakeEmptyRaster(16, 16, g, g, 1, -1, 0, 0, 4326), '8BUI'::text, g % 255, 0) FROM generate_series(1, 50) g;
SELECT AddRasterConstraints('tiles'::name, 'rast'::name);
