/**
 * The Cloud Logging query language, the whole documented language with Google's semantics: a lexer
 * and recursive-descent parser ({@link dev.logalerts.filter.Filter#compile}) that build, once, a
 * tree of Serializable predicates evaluated per {@link dev.logalerts.model.LogEvent} without
 * allocation on the common paths (literals are folded, numbers/severities/durations/ timestamps
 * parsed and RE2J patterns compiled at compile time). docs/rules-file.md lists every construct with
 * an example; the conformance suite (test resources {@code filter/}) checks each documented rule.
 *
 * <h2>Semantics</h2>
 *
 * <ul>
 *   <li><b>Precedence:</b> {@code NOT} / {@code -} binds tightest, then {@code OR}, then {@code
 *       AND}; juxtaposition is {@code AND}. {@code a OR NOT b AND NOT c OR d} is {@code (a OR (NOT
 *       b)) AND ((NOT c) OR d)}. Keywords are uppercase only ({@code and} is a bare word). {@code
 *       --} starts a comment running to the end of the line; line breaks are whitespace.
 *   <li><b>Strings</b> are double-quoted with backslash escapes ({@code \n \t \r \b \f \a \v},
 *       {@code \u00e9}, octal {@code \041}, hex {@code \x21}); a single quote is an error (Cloud
 *       Logging has no single-quoted strings). Unquoted values may not hold special characters
 *       unless escaped: a backslash before {@code , : = < > + ~ " \ . *} makes the character text,
 *       in a word ({@code a\:b}, {@code jsonPayload.a\.b}) as in a string, and a word may hold the
 *       unicode, octal and hex escapes of a string; a regular expression keeps the backslash
 *       ({@code \.} is a literal dot to RE2).
 *   <li><b>Fields</b> resolve through {@link dev.logalerts.model.FieldPath}; segments may be quoted
 *       ({@code labels."k8s-pod/app"}, {@code jsonPayload."a.b"}). An unknown field is a compile
 *       error naming it, its position and a "did you mean" (BigQuery export column names like
 *       {@code protopayload_auditlog.serviceName} map to the LogEntry name).
 *   <li><b>Comparisons</b> ({@code =}, {@code !=}, {@code :}, {@code < > <= >=}) on strings compare
 *       both sides' NFKC_Casefold forms, as Google documents: case and compatibility forms are
 *       ignored ({@code "ＥＲＲＯＲ"} is {@code error}, {@code ß} is {@code ss}; the dotless {@code ı}
 *       stays apart from {@code i}); {@code :} is a substring test; ordering is lexicographic.
 *   <li><b>Regex</b> {@code =~} / {@code !~} is RE2 (linear time) search: it matches anywhere
 *       unless anchored, case-sensitive unless {@code (?i)}. Unknown backslash escapes in strings
 *       are kept, so {@code "\d+"} and {@code "\\d+"} both reach RE2 as {@code \d+}; {@code \b} is
 *       RE2's word boundary there (a backspace only outside regexes).
 *   <li><b>Typed fields:</b> {@code severity} compares in severity order (names, aliases like WARN,
 *       or numbers 0-800); {@code httpRequest.status}/sizes numerically; {@code
 *       httpRequest.latency} as seconds ({@code "1.5s"}, {@code "500ms"}, {@code 2m}, or a bare
 *       number of seconds); booleans with true > false; {@code timestamp} and {@code
 *       receiveTimestamp} as instants: a date ({@code "2023-11-29"}, midnight UTC), a time without
 *       offset (UTC), or RFC 3339 with fractional seconds and {@code Z} or an offset. On severity,
 *       numbers, durations and booleans {@code :} means {@code =}; on the timestamps it searches
 *       their RFC 3339 UTC text, so {@code timestamp:"2023-11-29"} is that UTC day. A severity
 *       alias and a comparison with a fixed time are valid but noted at launch ({@link
 *       ValueNotes}): Cloud Logging does not convert an alias, and a fixed time stops meaning a
 *       bound once it has passed.
 *   <li><b>Typed protoPayload fields</b> ({@link ProtoPayloadTypes}): App Engine request logs'
 *       {@code protoPayload.latency} and {@code pendingTime} compare as durations, {@code
 *       protoPayload.line.severity} in severity order, when the value has the type's JSON form
 *       ({@code "1.234s"}, {@code "ERROR"}); other values compare as payload leaves.
 *   <li><b>Payload leaves</b> (jsonPayload, protoPayload, sourceLocation, split) compare
 *       numerically when both sides are numbers (integers past a double's 15 digits exactly, so
 *       int64 ids stay apart), otherwise as strings. A comparison over an array matches when any
 *       element matches. {@code path:"x"} on an object searches every leaf below it. {@code
 *       NULL_VALUE} matches a JSON null only (never {@code ""}); no other literal matches a null.
 *   <li><b>Value lists:</b> {@code f = ("a" OR "b")}, {@code f:("a" AND NOT "b")} expand to one
 *       comparison per value with the same boolean structure.
 *   <li><b>Presence:</b> {@code path:*} is true when the field exists (objects when non-empty).
 *   <li><b>Missing fields:</b> every comparison on a missing payload or label field is false,
 *       including {@code !=} and {@code !~}: {@code x != "a"} means "x has a value other than a"
 *       (over an array, some element differs, as each element is compared and the results joined
 *       with OR); write {@code NOT x = "a"} to also match entries without x, or to exclude every
 *       array holding a. A LogEntry field the entry lacks (httpRequest's, operation's, trace,
 *       spanId, insertId) is <i>defaulted</i> instead, compared as "", 0 or false ({@link
 *       dev.logalerts.model.FieldPath#defaultValue}): {@code httpRequest.status != 200} holds for
 *       an entry without httpRequest.
 *   <li><b>Bare values</b> ({@code timeout}, {@code "disk full"}) are global restrictions: a
 *       substring (compared as {@code :} compares) of any text value of the entry ({@link
 *       EntryText}: payloads, logName, resource, labels, httpRequest, operation, sourceLocation,
 *       ids, severity). Of the payloads they see the leaves the parser kept: past its leaf limit,
 *       only those of the fields the rules name ({@link dev.logalerts.filter.Filter#fieldsRead}),
 *       which it keeps whatever the limit.
 *   <li><b>Functions</b> (names case-insensitive): {@code log_id("stderr")} compares the decoded
 *       LOG_ID (the argument may be URL-encoded too: {@code
 *       "cloudaudit.googleapis.com%2Factivity"}); {@code sample(insertId, 0.1)} keeps a
 *       deterministic fraction of entries by hashing the field value; {@code SEARCH("a `b c`")} /
 *       {@code SEARCH(field, "...")} match tokens and backtick phrases of text fields ({@link
 *       SearchTerms}; never httpRequest's numbers or the severity, and a number, boolean, duration
 *       or severity field is refused as its field); {@code ip_in_net(field, "10.0.0.0/8")} (IPv4
 *       and IPv6); {@code source(projects/p)} (the logName's container; child resources never
 *       match); {@code regexp_extract(field, "re")} and {@code cast(field, STRING[,
 *       TIME_ZONE("zone")])} ({@code TIMEZONE} too) give values to compare.
 *   <li><b>Limits:</b> filter length 20,000 characters, regex 1,000 characters, nesting 100 levels.
 *       Empty or blank text matches everything.
 * </ul>
 *
 * <h2>Many filters</h2>
 *
 * <p>{@link dev.logalerts.filter.IndexedFilters} tests a list of filters on each entry with the
 * answer of testing every one, at the cost of the filters that could match it: {@link
 * dev.logalerts.filter.Prerequisites} derives from each filter what every matching entry must have
 * (field equalities, severities, required text), the index files filters by them, and a one-pass
 * {@code LiteralScanner} gates the broad filters that need text.
 *
 * <p>{@code CompiledFilter#toString()} is a canonical, fully parenthesised form that compiles to
 * the same filter; {@link dev.logalerts.filter.Filter#quote} builds string literals for Logs
 * Explorer links and exclusion filters.
 */
package dev.logalerts.filter;
