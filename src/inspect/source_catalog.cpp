#include "inspect/source_catalog.hpp"

#include <nlohmann/json.hpp>

namespace pgimport::inspect {
namespace {

// Types whose binary COPY form is identical on every supported server version and carries no
// user-type OIDs. Their standard arrays ("_int4") are safe too: they embed only built-in
// element OIDs. int2vector and oidvector look like arrays but have binary forms of their own.
// tsvector/tsquery are left out on purpose (their binary form is not safe across servers).
constexpr const char* k_binary_safe_types =
    "'bool','int2','int4','int8','float4','float8','numeric','text','varchar','bpchar','name',"
    "'char','bytea','date','time','timetz','timestamp','timestamptz','interval','uuid','json',"
    "'jsonb','oid','inet','cidr','macaddr','money'";

// Tables with rows to copy: plain tables and partitions (relkind r), not partitioned parents,
// views or foreign tables; no temporary tables; extension members only where the extension
// declares them configuration tables (as pg_dump does).
const std::string k_tables_sql = std::string(R"SQL(
WITH config AS (
  SELECT unnest(e.extconfig) AS relid, unnest(e.extcondition) AS condition
  FROM pg_extension e
)
SELECT c.oid,
       n.nspname,
       c.relname,
       format('%I.%I', n.nspname, c.relname),
       c.relpersistence = 'u',
       pg_relation_size(c.oid) + COALESCE(pg_total_relation_size(NULLIF(c.reltoastrelid, 0)), 0),
       pg_relation_size(c.oid) / current_setting('block_size')::int,
       (SELECT COALESCE(json_agg(quote_ident(a.attname) ORDER BY a.attnum), '[]')::text
          FROM pg_attribute a
         WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
           AND a.attgenerated = ''),
       NOT EXISTS (
         SELECT 1
           FROM pg_attribute a
           JOIN pg_type t ON t.oid = a.atttypid
           LEFT JOIN pg_type e ON e.oid = t.typelem AND t.typcategory = 'A'
          WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
            AND a.attgenerated = ''
            AND NOT COALESCE(t.typnamespace = 'pg_catalog'::regnamespace AND (
                     t.typname IN ()SQL") + k_binary_safe_types + R"SQL()
                     OR (e.typnamespace = 'pg_catalog'::regnamespace AND t.typname = '_' || e.typname
                         AND e.typname IN ()SQL" + k_binary_safe_types + R"SQL())), false)
       ),
       config.relid IS NOT NULL,
       COALESCE(config.condition, '')
  FROM pg_class c
  JOIN pg_namespace n ON n.oid = c.relnamespace
  LEFT JOIN config ON config.relid = c.oid
 WHERE c.relkind = 'r'
   AND c.relpersistence <> 't'
   AND n.nspname NOT IN ('pg_catalog', 'information_schema')
   AND n.nspname NOT LIKE 'pg\_toast%' AND n.nspname NOT LIKE 'pg\_temp%'
   AND (config.relid IS NOT NULL OR NOT EXISTS (
         SELECT 1 FROM pg_depend d
          WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e'))
 ORDER BY 6 DESC, 2, 3
)SQL";

// Sequences whose values to copy: the user's and every extension's (CREATE EXTENSION makes
// an extension's anew; pg_dump copies the values of its configuration sequences only, so
// e.g. postgis_topology's topology_id_seq would start again at 1). The third column names the
// extension of a member sequence that is not configuration.
const char* const k_sequences_sql = R"SQL(
SELECT format('%I.%I', n.nspname, c.relname), n.nspname || '.' || c.relname,
       COALESCE((SELECT e.extname FROM pg_depend d JOIN pg_extension e ON e.oid = d.refobjid
                  WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e'
                    AND d.refclassid = 'pg_extension'::regclass
                    AND c.oid <> ALL (COALESCE(e.extconfig, '{}'))), '')
  FROM pg_class c
  JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE c.relkind = 'S'
   AND n.nspname NOT IN ('pg_catalog', 'information_schema')
 ORDER BY 1
)SQL";

// Foreign keys between configuration tables: CREATE EXTENSION makes them, so they check the
// rows as they load (pg_dump orders such tables' data the same way).
const char* const k_configuration_references_sql = R"SQL(
WITH config AS (SELECT unnest(e.extconfig) AS relid FROM pg_extension e)
SELECT DISTINCT conrelid, confrelid
  FROM pg_constraint
 WHERE contype = 'f' AND conrelid <> confrelid
   AND conrelid IN (SELECT relid FROM config) AND confrelid IN (SELECT relid FROM config)
)SQL";

// "name=value" entries of the database's own settings and its per-role ones.
const char* const k_database_settings_sql = R"SQL(
SELECT COALESCE(r.rolname, ''), split_part(c.item, '=', 1), substr(c.item, strpos(c.item, '=') + 1)
  FROM pg_db_role_setting s
  LEFT JOIN pg_roles r ON r.oid = s.setrole
  CROSS JOIN LATERAL unnest(s.setconfig) WITH ORDINALITY AS c(item, position)
 WHERE s.setdatabase = (SELECT oid FROM pg_database WHERE datname = current_database())
 ORDER BY 1, c.position
)SQL";

const char* const k_database_sql = R"SQL(
SELECT d.datname, pg_encoding_to_char(d.encoding), d.datcollate, d.datctype,
       pg_database_size(d.oid), shobj_description(d.oid, 'pg_database') IS NOT NULL,
       COALESCE(d.datacl::text, ''), d.datconnlimit
  FROM pg_database d WHERE d.datname = current_database()
)SQL";

// PostgreSQL 15 added ICU as a per-database locale provider (17 added "builtin").
const char* const k_locale_provider_sql = R"SQL(
SELECT CASE datlocprovider WHEN 'i' THEN 'icu' WHEN 'b' THEN 'builtin' ELSE 'libc' END,
       COALESCE(%s, '')
  FROM pg_database WHERE datname = current_database()
)SQL";

std::uint64_t to_unsigned(std::int64_t value) {
  return value < 0 ? 0 : static_cast<std::uint64_t>(value);
}


// The last column: each index's size on the source as of its build or last VACUUM (relpages:
// no lock taken, unlike pg_relation_size), what the branch's build will sort.
const char* const k_post_data_objects_sql = R"SQL(
SELECT i.indexrelid, i.indrelid, 'i', '', false, false, true, '', false,
       x.relpages::bigint * current_setting('block_size')::bigint
  FROM pg_index i
  JOIN pg_class x ON x.oid = i.indexrelid
UNION ALL
SELECT c.oid, c.conrelid, c.contype::text, quote_ident(c.conname), c.condeferrable,
       c.condeferred, c.convalidated,
       CASE WHEN c.contype IN ('p', 'u') AND c.conindid <> 0
            THEN pg_get_indexdef(c.conindid) ELSE '' END,
       c.contype = 'f' AND EXISTS (SELECT 1 FROM pg_class r WHERE r.oid = c.confrelid AND r.relkind = 'p'),
       CASE WHEN c.contype IN ('p', 'u') AND c.conindid <> 0
            THEN (SELECT x.relpages::bigint * current_setting('block_size')::bigint
                    FROM pg_class x WHERE x.oid = c.conindid)
            ELSE 0 END
  FROM pg_constraint c
 WHERE c.conrelid <> 0
)SQL";

const char* const k_user_tables_sql = R"SQL(
SELECT format('%I.%I', n.nspname, c.relname)
  FROM pg_class c
  JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE c.relkind IN ('r', 'p')
   AND c.relpersistence <> 't'
   AND n.nspname NOT IN ('pg_catalog', 'information_schema')
   AND n.nspname NOT LIKE 'pg\_toast%' AND n.nspname NOT LIKE 'pg\_temp%'
 ORDER BY 1
)SQL";

}  // namespace

SourceDatabase read_database(pg::Connection& source) {
  SourceDatabase database;
  const auto row = source.exec(k_database_sql);
  database.name = row.value(0, 0);
  database.encoding = row.value(0, 1);
  database.lc_collate = row.value(0, 2);
  database.lc_ctype = row.value(0, 3);
  database.size_bytes = to_unsigned(row.int_value(0, 4));
  database.has_comment = row.bool_value(0, 5);
  database.privileges = row.value(0, 6);
  database.connection_limit = static_cast<int>(row.int_value(0, 7));
  if (source.server_major() >= 15) {
    // 17 renamed daticulocale to datlocale.
    const std::string column = source.server_major() >= 17 ? "datlocale" : "daticulocale";
    std::string sql = k_locale_provider_sql;
    sql.replace(sql.find("%s"), 2, column);
    const auto provider = source.exec(sql);
    database.locale_provider = provider.value(0, 0);
    database.icu_locale = provider.value(0, 1);
  }
  return database;
}

std::vector<model::DatabaseSetting> read_database_settings(pg::Connection& connection) {
  std::vector<model::DatabaseSetting> settings;
  const auto rows = connection.exec(k_database_settings_sql);
  for (int row = 0; row < rows.rows(); ++row) {
    settings.push_back({std::string(rows.value(row, 0)), std::string(rows.value(row, 1)),
                        std::string(rows.value(row, 2))});
  }
  return settings;
}

std::vector<std::string> list_user_tables(pg::Connection& source) {
  std::vector<std::string> tables;
  const auto rows = source.exec(k_user_tables_sql);
  for (int row = 0; row < rows.rows(); ++row) {
    tables.emplace_back(rows.value(row, 0));
  }
  return tables;
}

PostDataObjects read_post_data_objects(pg::Connection& source) {
  // Definitions name every object with its schema only when search_path hides it.
  source.exec("SELECT set_config('search_path', '', true)");
  PostDataObjects objects;
  const auto rows = source.exec(k_post_data_objects_sql);
  for (int row = 0; row < rows.rows(); ++row) {
    model::PostDataObject object;
    object.oid = static_cast<std::uint32_t>(rows.int_value(row, 0));
    object.table_oid = static_cast<std::uint32_t>(rows.int_value(row, 1));
    object.kind = rows.value(row, 2).empty() ? 'i' : rows.value(row, 2).front();
    object.quoted_name = rows.value(row, 3);
    object.is_deferrable = rows.bool_value(row, 4);
    object.is_deferred = rows.bool_value(row, 5);
    object.is_validated = rows.bool_value(row, 6);
    object.unique_index_definition = rows.value(row, 7);
    object.references_partitioned = rows.bool_value(row, 8);
    object.index_bytes = to_unsigned(rows.int_value(row, 9));
    const char catalog = object.kind == 'i' ? 'i' : 'c';
    objects.emplace(std::pair{catalog, object.oid}, std::move(object));
  }
  return objects;
}

SourceCatalog read_source_catalog(pg::Connection& source) {
  SourceCatalog catalog;
  catalog.database = read_database(source);

  const auto tables = source.exec(k_tables_sql);
  for (int row = 0; row < tables.rows(); ++row) {
    model::TableInfo table;
    table.oid = static_cast<std::uint32_t>(tables.int_value(row, 0));
    table.schema = tables.value(row, 1);
    table.name = tables.value(row, 2);
    table.qualified_name = tables.value(row, 3);
    table.display_name = table.schema + "." + table.name;
    table.is_unlogged = tables.bool_value(row, 4);
    table.bytes = to_unsigned(tables.int_value(row, 5));
    table.pages = to_unsigned(tables.int_value(row, 6));
    // A JSON array: quoted identifiers may contain any character but NUL, commas included.
    table.columns = nlohmann::json::parse(tables.value(row, 7)).get<std::vector<std::string>>();
    table.is_binary_safe = tables.bool_value(row, 8);
    if (tables.bool_value(row, 9)) {
      table.extension_filter = std::string(tables.value(row, 10));
    }
    catalog.total_table_bytes += table.bytes;
    catalog.tables.push_back(std::move(table));
  }

  const auto references = source.exec(k_configuration_references_sql);
  for (int row = 0; row < references.rows(); ++row) {
    const auto referencing = static_cast<std::uint32_t>(references.int_value(row, 0));
    for (auto& table : catalog.tables) {
      if (table.oid == referencing) {
        table.configuration_references.push_back(static_cast<std::uint32_t>(references.int_value(row, 1)));
      }
    }
  }

  catalog.database_settings = read_database_settings(source);

  const auto sequences = source.exec(k_sequences_sql);
  for (int row = 0; row < sequences.rows(); ++row) {
    catalog.sequences.push_back({std::string(sequences.value(row, 0)),
                                 std::string(sequences.value(row, 1)),
                                 std::string(sequences.value(row, 2))});
  }

  const auto objects = source.exec("SELECT oid FROM pg_largeobject_metadata ORDER BY oid");
  for (int row = 0; row < objects.rows(); ++row) {
    catalog.large_objects.push_back(static_cast<std::uint32_t>(objects.int_value(row, 0)));
  }
  return catalog;
}

}  // namespace pgimport::inspect
