/**
 * Noisy-log dedupe: message template mining, secret redaction and the windowed volume account.
 *
 * <h2>Template mining design</h2>
 *
 * <p><b>Stateless by decision.</b> {@link dev.logalerts.templates.TemplateMiner} is a pure,
 * deterministic function of one message: a single-pass scanner over the chars splits the message at
 * whitespace and bracket/list punctuation, classifies each token with char-class checks (no regular
 * expressions) and writes either the token or {@code <*>}. The template id is a fixed 64-bit hash
 * of the template text ({@code TemplateIds}: FNV-1a over UTF-8, MurmurHash3 finaliser, 16 hex
 * digits; golden values are pinned by a test). So the same message gets the same id on every
 * worker, in every window, on every day and after every restart, with no coordination, no state and
 * no shuffle: counts from many workers add up in BigQuery and an analyst can follow a template over
 * weeks. Drain-style clustering is arrival-order dependent (Drain3#56): which message came first
 * decides a cluster's template and id, which breaks exactly this.
 *
 * <p><b>What is masked.</b> Tokens with digits (numbers, sizes, durations, hex, ids such as {@code
 * blk_-123}, {@code req-7f3a}, {@code user42}, IPs with ports and {@code localhost:8081}, host
 * names with digits), except a short word with one digit ({@code eth0}, {@code awdl0}, {@code L3})
 * and a few known constants ({@code HTTP/1.1}, {@code SHA256}); numbered instances ({@code CPU3},
 * {@code LOCAL(0)}); digit-free hex of 8+ chars; Prometheus metric names ({@code
 * stackdriver_sink_request_count}: {@link MetricNames}); MAC/IPv6; paths (Unix, Windows, relative),
 * file and host names by their extension or top-level domain, and a dotted host before a port
 * ({@code x.y.asia:443}); emails; whole URLs (scheme and host included: they vary with replicas,
 * regions and tenants as much as paths do); month/day names next to numbers; reverse-DNS class,
 * package and bundle names of 3+ segments ({@code org.apache.hadoop.X}, {@code
 * com.apple.CacheDelete.daily}, stack frames), but not ALL-CAPS constants ({@code
 * android.intent.action.SCREEN_ON}), exception types or a logger's name in its header ({@code
 * com.zaxxer.hikari.HikariConfig : …}, {@code … -- …}, {@code INFO [main]
 * org.apache.hadoop.yarn.event.AsyncDispatcher: …}: Spring Boot's, logback's and log4j's layouts;
 * {@link LoggerNames}); {@code key=value} values unless the value is a plain word (flags and states
 * such as {@code force=false} or {@code state=RUNNING} tell events apart; loghub's ground truth
 * agrees), except for keys that name an instance ({@code rhost}, {@code host}, {@code name}, {@code
 * comm}, {@code db}, {@code database}, {@code realm}, Kubernetes objects such as {@code namespace}
 * and {@code application}, Sidekiq's {@code tid}, ..., and a {@code user} next to a database key,
 * and any {@code _id} or {@code " Id"} key such as Airflow's {@code dag_id=etl}: {@link
 * NamePositions}; also as {@code Name:web-0} in Go's struct dumps (and kube-dns' {@code
 * Label:kubedns}), but not a name/value pair's name, {@code name=DB_PASSWORD value=…}, which the
 * redactor reads), digit-free hex ({@code mask=ffffffff}) and object dumps ({@code
 * ws=WorkSource{...}}); a standalone {@code ()} becomes {@code (<*>)}, the empty form of {@code
 * (host)}; quoted values after {@code =}, except message-like keys ({@code msg="..."}) whose text
 * is templated; a quoted name after the noun of its kind ({@code role "directus"}, {@code for user
 * 'root'@'localhost'}, {@code relation "users"}) or a JSON name key ({@code "namespace": "shop"} in
 * zap's console lines, {@code 'dag_id': 'etl'} in a Python dict's repr), the object after a
 * Kubernetes resource in the API server's errors ({@code pods "web" not found}, {@code
 * deployments.apps \"web\"} inside a value), the name after {@code permission denied for table} and
 * the piece of a key after {@code First 5 chars:} ({@link NamePositions}); a list of quoted strings
 * ({@code ['Name', 'DRP ID']}: {@link QuotedLists}); the word after {@code user}, unless a
 * participle qualifies the noun after it ({@code user disabled instance}), and a user name between
 * {@code for} and {@code from} ({@code root}, {@code alice_example_com}); the line of a source
 * location, not its file ({@code reflector.go:<*>}, {@code node:internal/process/promises:<*>}: the
 * file is the call site); the bar of a progress line (Keras' {@code [=====>....]}, tqdm's {@code
 * 43%|████▏ |}: {@link ProgressBars}); the task named in Airflow's task lines ({@code
 * <TaskInstance: dag.task ...>}, {@code <Task(Op): task>}, {@code Subtask task}: {@link
 * AirflowNames}); the steps of a fused Dataflow stage ({@code Executing operation
 * a/Read+b/Map(fn)}: {@link BeamStepNames}). Plain alphabetic words are otherwise never masked:
 * "Cache hit"/"Cache miss" and "VM Started"/"VM Paused" stay apart. Runs of placeholders collapse
 * ({@code <*> <*>} and {@code <*>, <*>} become {@code <*>}), so do lists of (value, word) pairs
 * ({@code <*> <ok> <*> <ok>} becomes {@code <*> <ok>}), a unit, time zone or AM/PM after a value is
 * absorbed ({@code 12.5 MB}, {@code 17:26 GMT}, {@code 1:11:12 PM}), a counted noun after "1" is
 * written plural ({@code 1 time} as {@code <*> times}), and a unit annotation in parentheses after
 * {@code <number> word} is dropped ({@code 403 bytes (0.39 KB) sent}), so a variable spanning a
 * different number of tokens does not split a template (Drain3#66). A line of values only, which
 * that makes one {@code <*>}, keeps the directories of its absolute paths ({@code
 * /home/airflow/gcs/dags/<*>}: {@link PathDirectories}).
 *
 * <p><b>What the stateless scanner cannot see.</b> Drain learns that a position is variable from
 * seeing several values there; one message cannot show that, so a variable that looks like a
 * constant word ({@code user=root}, {@code removing chargen} / {@code removing echo}, a dotted name
 * without a package root such as {@code system.call.count}) keeps its value and splits the
 * template. A split still accounts volume correctly (in two rows), whereas a wrong merge hides an
 * event; and constant words are never masked, so Drain's opposite failure, merging events that
 * differ in one keyword (Drain3#109), does not happen. One empty values are handled in the scanner:
 * {@code key=null} is a placeholder, {@code ()} is {@code (<*>)}.
 *
 * <p><b>Families: the learning step, and where its state lives.</b> {@link
 * dev.logalerts.templates.TemplateFamilies} folds the split templates back: over the set of
 * distinct templates (thousands a day, not messages) it folds a template into a more general one
 * whose placeholders cover it (the scanner already saw data in that slot), and templates that
 * differ in one slot with at least three structured or same-{@code key=} values. Plain words
 * outside {@code key=value} and ALL-CAPS/boolean values never fold ("Cache hit"/"Cache miss", "VM
 * Started"/"VM Paused", {@code state=RUNNING}). The result is a pure function of the template set,
 * with no arrival order, and a family id is the template id of the family text.
 *
 * <p>The state (which templates fold) lives <em>downstream, beside the rows</em>, not in the job:
 * {@code scripts/templates.sh --families-out=FILE} learns a fold table from messages (an export of
 * {@code sample_message}s or raw logs), it is loaded into the {@code template_families} table (one
 * row per folded template id, a {@code version} that hashes the whole table), and queries group by
 * {@code COALESCE(family_id, template_id)} ({@code schemas/queries/top_families_by_count.sql}).
 * Chosen over the alternatives because: (1) template ids in the job stay exactly what they were
 * (same on every worker, window, restart and release of the fold table), so old and new rows join
 * on one key and nothing written is ever rewritten; (2) the {@code LEFT JOIN} adds no rows, so
 * {@code SUM(count)} stays exact; (3) the fold table is a reviewable, versioned file: an analyst
 * can see and revert a fold. Rejected: learning inside the job (families would depend on which
 * worker saw which templates first, or need a global stateful step and a changing id); a dictionary
 * file loaded by the job (every change of the file would change the ids written from then on,
 * splitting a template's history at the switch). The price: the job's own uses of a template
 * (suggested exclusions, {@code new-template} rules, alert samples) still see the per-template id,
 * and a new value (a fourth user name) is its own template until the table is re-learned. Two slots
 * varying at once with no more general template to fold into stay split.
 *
 * <p><b>Multi-line and long messages.</b> The template comes from the first non-blank line (at most
 * its first 2,000 chars) plus, for stack traces, the first exception type found in the next 16 KiB
 * ({@code Caused by: X}, or an unindented {@code pkg.SomeException:} / Python {@code ValueError:}
 * line), appended as {@code " | type"}; frames are ignored. Work per message is therefore bounded
 * whatever its size. .NET's console logger writes a header line before the message ({@code info:
 * Microsoft.Hosting.Lifetime[14]}, then the message indented): the header is kept whole, event id
 * included, and the message's first line templated after it ({@link DotnetConsoleHeaders}).
 * java.util.logging's default format does the same with a time, the class and the method, and the
 * message on the next line after its level: {@code <*> class method SEVERE: message}, so each
 * message of a method is its own template ({@link JulHeaders}).
 *
 * <p><b>Measured.</b> Grouping accuracy on 1,575 real labelled lines of the 16 Loghub-2k systems
 * ({@code src/test/resources/templates/loghub2k}, per-system table in its README; {@code
 * TemplateBenchmarkTest}): mean 0.958 per template, 0.993 per family; on a second slice of lines
 * fetched after the rules were frozen, 0.938 and 0.983. These are excerpts (first and middle pages
 * of each file), easier than the full files, where the stateless miner scored 0.89. Speed: the
 * miner alone, {@code CpuTimeReport 8 8} (benchmarks module, thread CPU time, best of 8 passes),
 * 1.55-2.0M messages per CPU-second after the {@code key=null} rule against 1.76-2.04M before, on a
 * 2-core machine at load 15-17 (noise of that order); JMH {@code PerEntryBenchmarks.mine} is the
 * reference on a quiet machine. The learning step runs offline over distinct templates and is not
 * on the per-entry path.
 */
package dev.logalerts.templates;
