package dev.logalerts.templates;

import static com.google.common.truth.Truth.assertThat;

import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.logalerts.model.LogEvent;
import dev.logalerts.parse.LogEntryParser;
import java.nio.charset.StandardCharsets;
import org.apache.beam.sdk.values.KV;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * Node.js's output for an uncaught exception, as one multi-line {@code textPayload} of a Cloud Run
 * service: throw site, source line, caret, then the error. Its row is named by the error line, not
 * by the throw site (which made every crash of one file one row, {@code <*> | Error}). Crashes as
 * their users pasted them in public issues (each named where it is used).
 */
@RunWith(JUnit4.class)
public class NodeCrashTemplatesTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private final LogEntryParser parser = new LogEntryParser();
  private final TextLineKeys keys = new TextLineKeys();

  // https://github.com/MuWinds/fakelocation_sever_docker/issues/2 (Node.js 20)
  private static final String NOT_FOUND_20 =
      "node:internal/modules/cjs/loader:1228\n"
          + "  throw err;\n"
          + "  ^\n"
          + "\n"
          + "Error: Cannot find module '/usr/src/app/node.js'\n"
          + "    at Module._resolveFilename (node:internal/modules/cjs/loader:1225:15)\n"
          + "    at Module._load (node:internal/modules/cjs/loader:1051:27)\n"
          + "    at Function.executeUserEntryPoint [as runMain]"
          + " (node:internal/modules/run_main:174:12)\n"
          + "    at node:internal/main/run_main_module:28:49 {\n"
          + "  code: 'MODULE_NOT_FOUND',\n"
          + "  requireStack: []\n"
          + "}\n"
          + "\n"
          + "Node.js v20.18.0\n";
  // https://github.com/npm/cli/issues/6438 (Node.js 18)
  private static final String NOT_FOUND_18 =
      "node:internal/modules/cjs/loader:1050\n"
          + "  throw err;\n"
          + "  ^\n"
          + "\n"
          + "Error: Cannot find module '/Users/x/Desktop/Project/server/app.js'\n"
          + "    at Module._resolveFilename (node:internal/modules/cjs/loader:1047:15)\n"
          + "    at Module._load (node:internal/modules/cjs/loader:893:27)\n"
          + "    at Function.executeUserEntryPoint [as runMain]"
          + " (node:internal/modules/run_main:81:12)\n"
          + "    at node:internal/main/run_main_module:23:47 {\n"
          + "  code: 'MODULE_NOT_FOUND',\n"
          + "  requireStack: []\n"
          + "}\n"
          + "\n"
          + "Node.js v18.14.0";
  // An EventEmitter's unhandled 'error': https://github.com/nodejs/help/issues/1930
  private static final String IN_USE_8080 =
      "events.js:174\n"
          + "      throw er; // Unhandled 'error' event\n"
          + "      ^\n"
          + "\n"
          + "Error: listen EADDRINUSE: address already in use :::8080\n"
          + "    at Server.setupListenHandle [as _listen2] (net.js:1270:14)\n"
          + "    at listenInCluster (net.js:1318:12)\n"
          + "    at Server.listen (net.js:1405:7)\n"
          + "Emitted 'error' event at:\n"
          + "    at emitErrorNT (net.js:1297:8)\n"
          + "    at process._tickCallback (internal/process/next_tick.js:63:19)";
  // https://github.com/wuzhi05/MyActions/issues/1
  private static final String IN_USE_5678 =
      "events.js:377\n"
          + "      throw er; // Unhandled 'error' event\n"
          + "      ^\n"
          + "\n"
          + "Error: listen EADDRINUSE: address already in use :::5678\n"
          + "    at Server.setupListenHandle [as _listen2] (net.js:1331:16)\n"
          + "    at Object.<anonymous> (/jd/panel/server.js:753:5)\n"
          + "Emitted 'error' event on Server instance at:\n"
          + "    at emitErrorNT (net.js:1358:8)\n"
          + "    at processTicksAndRejections (internal/process/task_queues.js:82:21) {\n"
          + "  code: 'EADDRINUSE',\n"
          + "  errno: -98,\n"
          + "  syscall: 'listen',\n"
          + "  address: '::',\n"
          + "  port: 5678\n"
          + "}";
  // Node.js before 4 printed the error right under the caret:
  // https://github.com/expressjs/express/issues/1200
  private static final String IN_USE_OLD =
      "events.js:66\n"
          + "        throw arguments[1]; // Unhandled 'error' event\n"
          + "                       ^\n"
          + "Error: listen EADDRINUSE\n"
          + "    at errnoException (net.js:781:11)\n"
          + "    at Server._listen2._connectionKey (net.js:922:26)";

  private LogEvent cloudRun(String text) throws Exception {
    String json =
        "{\"insertId\":\"n1\",\"logName\":\"projects/shop/logs/run.googleapis.com%2Fstderr\","
            + "\"resource\":{\"type\":\"cloud_run_revision\",\"labels\":{\"project_id\":\"shop\","
            + "\"service_name\":\"api\",\"revision_name\":\"api-00042-xyz\",\"location\":"
            + "\"us-central1\"}},\"severity\":\"ERROR\",\"timestamp\":\"2024-05-09T10:00:00Z\","
            + "\"textPayload\":"
            + JSON.writeValueAsString(text)
            + "}";
    return parser.parse(json.getBytes(StandardCharsets.UTF_8));
  }

  /** The row's template; its suggested exclusion must match the entry. */
  private KV<NoisyKey, NoisyEntry> row(String text) throws Exception {
    LogEvent e = cloudRun(text);
    // The message stays the whole trace, but for the line break that ends it.
    assertThat(e.message()).isEqualTo(text.endsWith("\n") ? text.stripTrailing() : text);
    return keys.row(e);
  }

  @Test
  public void errorLineNamesTheRow() throws Exception {
    assertThat(row(NOT_FOUND_20).getValue().template())
        .isEqualTo("Error: Cannot find module '<*>'");
    assertThat(row(NOT_FOUND_18).getKey()).isEqualTo(row(NOT_FOUND_20).getKey());
    assertThat(row(IN_USE_8080).getValue().template())
        .isEqualTo("Error: listen EADDRINUSE: address already in use <*>");
    assertThat(row(IN_USE_5678).getKey()).isEqualTo(row(IN_USE_8080).getKey());
    assertThat(row(IN_USE_OLD).getValue().template()).isEqualTo("Error: listen EADDRINUSE");
  }

  /** Without a caret line under the source line, the first line stays the head. */
  @Test
  public void otherMultiLineTextKeepsItsFirstLine() {
    TemplateMiner miner = new TemplateMiner();
    // A throw-site-like first line, but no caret under a source line.
    assertThat(miner.templateOf("db.internal:5432\n  retrying\nError: refused"))
        .startsWith(miner.templateOf("db.internal:5432"));
    assertThat(miner.templateOf("app.js:12\n  retrying\n  ^ not a caret line\nError: x"))
        .startsWith(miner.templateOf("app.js:12"));
  }
}
