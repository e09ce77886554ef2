package io.tandem.waf.detect.sql;

import java.util.Set;

/**
 * The SQL words the tokenizer classifies, across MySQL, MSSQL, PostgreSQL, Oracle and SQLite.
 * Written from the dialects' grammars; words not listed are barewords.
 */
final class SqlVocabulary {

    private SqlVocabulary() {
    }

    static final Set<String> UNION = Set.of("union", "intersect", "except");

    /** Words that start a statement; the folder confirms them by what follows (else they are barewords). */
    static final Set<String> STATEMENTS = Set.of("select", "insert", "update", "delete", "drop", "create", "alter",
            "truncate", "exec", "execute", "declare", "waitfor", "shutdown", "grant", "revoke", "rename", "load",
            "set", "replace", "merge", "call", "dbcc", "backup", "restore", "handler", "do");

    /** {@code eqv} and {@code imp} are the logical operators of MS Access (Jet) SQL. */
    static final Set<String> LOGIC = Set.of("and", "or", "xor", "eqv", "imp");

    static final Set<String> WORD_OPERATORS = Set.of("like", "rlike", "regexp", "sounds", "div", "mod", "is", "in",
            "between", "collate", "escape", "glob", "match", "against", "ilike", "similar", "binary", "overlaps",
            "member", "soundex");

    /** Word operators that compare (a condition, as in a tautology). */
    static final Set<String> COMPARING_WORDS = Set.of("like", "rlike", "regexp", "sounds", "is", "in", "between",
            "glob", "match", "ilike", "similar", "not like", "not in", "not between", "not regexp", "not rlike",
            "is not", "sounds like", "member");

    static final Set<String> CLAUSES = Set.of("from", "where", "group", "order", "by", "having", "limit", "offset",
            "into", "values", "as", "on", "join", "inner", "outer", "cross", "natural", "using", "case", "when",
            "then", "else", "end", "procedure", "top", "distinct", "all", "asc", "desc", "for", "with",
            "outfile", "dumpfile", "straight_join", "sql_calc_found_rows", "high_priority", "infile", "immediate");

    /** Literals and niladic functions: values that need no parentheses. */
    static final Set<String> LITERALS = Set.of("null", "true", "false", "unknown");

    static final Set<String> NILADIC = Set.of("current_user", "current_date", "current_time", "current_timestamp",
            "localtime", "localtimestamp", "session_user", "system_user", "utc_date", "utc_time", "utc_timestamp",
            "sysdate", "current_database", "current_schema", "current_role");

    /** Functions that delay, read files, run commands or leak data through errors. */
    static final Set<String> DANGEROUS_FUNCTIONS = Set.of("sleep", "benchmark", "pg_sleep", "load_file",
            "extractvalue", "updatexml", "xp_cmdshell", "xp_dirtree", "xp_regread", "sp_executesql", "sp_oacreate",
            "sp_makewebtask", "sp_password", "pg_read_file", "pg_ls_dir", "lo_import", "lo_export", "randomblob",
            "name_const", "gtid_subset", "json_keys", "exp", "geometrycollection", "multipoint", "polygon",
            "multipolygon", "linestring", "multilinestring", "dbms_pipe", "utl_http", "utl_inaddr", "dbms_lock",
            "dbms_xmlgen", "ctxsys", "openrowset", "opendatasource", "openquery", "version", "database", "schema",
            "user", "db_name", "user_name", "host_name", "system_user", "session_user", "current_user", "suser_name",
            "suser_sname", "is_srvrolemember", "serverproperty", "sqlite_version", "pg_client_encoding",
            "connection_id", "last_insert_id", "row_count", "found_rows", "get_lock", "release_lock",
            "master_pos_wait", "filetoclob", "filetoblob", "xmltype", "dbms_utility", "sys_context", "char_length");

    /** Known SQL functions (a call of one of these is SQL, not prose). */
    static final Set<String> FUNCTIONS = Set.of("abs", "acos", "adddate", "addtime", "aes_decrypt", "aes_encrypt",
            "ascii", "asin", "atan", "atan2", "avg", "bin", "bit_and", "bit_count", "bit_length", "bit_or", "bit_xor",
            "cast", "ceil", "ceiling", "char", "chr", "char_length", "character_length", "charindex", "coalesce",
            "collation", "compress", "concat", "concat_ws", "conv", "convert", "cos", "cot", "count", "crc32",
            "curdate", "curtime", "date", "date_add", "date_format", "date_sub", "datediff", "day", "dayname",
            "dayofmonth", "dayofweek", "dayofyear", "decode", "degrees", "des_decrypt", "des_encrypt", "elt",
            "encode", "encrypt", "export_set", "extract", "field", "find_in_set", "floor", "format", "from_base64",
            "from_days", "from_unixtime", "greatest", "group_concat", "hex", "hour", "if", "ifnull", "iif", "inet_aton",
            "inet_ntoa", "instr", "isnull", "lcase", "least", "left", "len", "length", "ln", "locate", "log", "log10",
            "log2", "lower", "lpad", "ltrim", "make_set", "makedate", "max", "md5", "mid", "min", "minute", "month",
            "monthname", "now", "nullif", "nvl", "oct", "octet_length", "old_password", "ord", "password", "patindex",
            "pi", "position", "pow", "power", "quarter", "quote", "quotename", "radians", "rand", "random",
            "regexp_like", "regexp_substr", "regexp_replace", "repeat", "replace", "replicate", "reverse", "right",
            "round", "rpad", "rtrim", "sec_to_time", "second", "sha", "sha1", "sha2", "sign", "sin", "soundex", "space",
            "sqrt", "std", "stddev", "str", "strcmp", "str_to_date", "stuff", "subdate", "substr", "substring",
            "substring_index", "subtime", "sum", "tan", "time", "time_format", "time_to_sec", "timediff", "timestamp",
            "to_base64", "to_char", "to_days", "to_number", "trim", "truncate", "ucase", "uncompress",
            "uncompressed_length", "unhex", "unix_timestamp", "upper", "uuid", "values", "variance", "week",
            "weekday", "year", "yearweek", "json_extract", "json_depth", "json_length", "json_object", "json_array",
            "json_value", "json_query", "xmlagg", "xmlelement", "listagg", "string_agg", "array_agg", "to_hex",
            "pg_typeof", "typeof", "unicode", "nchar", "ntext", "quote_ident", "quote_literal", "hextoraw",
            "rawtohex", "utl_raw", "case", "exists", "not", "instrb", "substrb", "lengthb", "isnumeric",
            "object_id", "object_name", "col_name", "type_name", "db_id", "user_id", "schema_id", "has_dbaccess",
            "fn_varbintohexstr", "fn_sqlvarbasetostr", "varchar", "nvarchar", "varbinary", "int", "integer",
            "decimal", "numeric", "float", "double", "real", "bigint", "signed", "unsigned", "procedure_analyse",
            "analyse", "row", "strcomp", "cstr", "clng", "cint", "cdbl", "nz", "st_latfromgeohash", "st_longfromgeohash", "st_pointfromgeohash", "updatexml");

    static boolean isFunction(String word) {
        return FUNCTIONS.contains(word) || DANGEROUS_FUNCTIONS.contains(word) || NILADIC.contains(word);
    }
}
