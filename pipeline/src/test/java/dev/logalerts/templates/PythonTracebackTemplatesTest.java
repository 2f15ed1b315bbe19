package dev.logalerts.templates;

import static com.google.common.truth.Truth.assertThat;

import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.logalerts.model.LogEvent;
import dev.logalerts.parse.LogEntryParser;
import java.nio.charset.StandardCharsets;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * Python's output for an uncaught exception, as one multi-line {@code textPayload} of a GKE
 * container: {@code Traceback (most recent call last):}, the frames, then the exception. Its row is
 * named by the exception line, type and message, not by the header every crash shares (which made
 * every crash of one type one row, {@code Traceback (most recent call last): | KeyError}).
 * Tracebacks as their users pasted them in public issues (each named where it is used).
 */
@RunWith(JUnit4.class)
public class PythonTracebackTemplatesTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private final LogEntryParser parser = new LogEntryParser();
  private final TextLineKeys keys = new TextLineKeys();

  // https://github.com/google/TaglessCRM/issues/3
  private static final String KEY_ERROR =
      "Traceback (most recent call last):\n"
          + "  File \"cloud_env_setup.py\", line 139, in <module>\n"
          + "    main()\n"
          + "  File \"cloud_env_setup.py\", line 114, in main\n"
          + "    cloud_api_utils.enable_apis(apis=_APIS_TO_BE_ENABLED)\n"
          + "  File \"/home/g/TaglessCRM/gps_building_blocks/py/gps_building_blocks/cloud/utils/"
          + "cloud_api.py\", line 92, in enable_apis\n"
          + "    operation = utils.execute_request(request)\n"
          + "  File \"/home/g/tcrm-venv/lib/python3.7/site-packages/google/api_core/retry.py\","
          + " line 286, in retry_wrapped_func\n"
          + "    on_error=on_error,\n"
          + "  File \"/home/g/tcrm-venv/lib/python3.7/site-packages/google/api_core/retry.py\","
          + " line 189, in retry_target\n"
          + "    if not predicate(exc):\n"
          + "  File \"/home/g/TaglessCRM/gps_building_blocks/py/gps_building_blocks/cloud/utils/"
          + "utils.py\", line 57, in _is_retriable_http_error\n"
          + "    if error.__dict__['resp'].status in _RETRIABLE_STATUS_CODES:\n"
          + "KeyError: 'resp'";
  // https://github.com/googleapis/python-error-reporting/issues/208 (a bare exception)
  private static final String BARE =
      "Traceback (most recent call last):\n"
          + "  File \"/home/salvi/.config/JetBrains/PyCharmCE2021.3/scratches/scratch.py\","
          + " line 10, in <module>\n"
          + "    main()\n"
          + "  File \"/home/salvi/.config/JetBrains/PyCharmCE2021.3/scratches/scratch.py\","
          + " line 5, in main\n"
          + "    f(\n"
          + "  File \"/home/salvi/.config/JetBrains/PyCharmCE2021.3/scratches/scratch.py\","
          + " line 2, in f\n"
          + "    raise Exception()\n"
          + "Exception";

  // The traceback of https://github.com/dbinfrago/capella-collab-manager/issues/1913 from its
  // header on, as GKE's exception detection joins it into one entry (the logger's line before it
  // is an entry of its own); its frames lost their indent where it was pasted.
  private static final String UNINDENTED =
      "Traceback (most recent call last):\n"
          + "File \"/tmp/backend/capellacollab/projects/toolmodels/backups/runs/interface.py\","
          + " line 293, in _refresh_and_trigger_pipeline_jobs\n"
          + "_fetch_logs_of_job_runs(run)\n"
          + "File \"/tmp/backend/capellacollab/projects/toolmodels/backups/runs/interface.py\","
          + " line 171, in _fetch_logs_of_job_runs\n"
          + "log_entries = [\n"
          + "^\n"
          + "File \"/tmp/backend/capellacollab/projects/toolmodels/backups/runs/interface.py\","
          + " line 172, in <listcomp>\n"
          + "_transform_kubernetes_logline_to_loki_entry(log_line)\n"
          + "File \"/tmp/backend/capellacollab/projects/toolmodels/backups/runs/interface.py\","
          + " line 99, in _transform_kubernetes_logline_to_loki_entry\n"
          + "timestamp=datetime.datetime.fromisoformat(line.split()[0]),\n"
          + "^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^\n"
          + "ValueError: Invalid isoformat string: 'Updating'";

  private LogEvent gke(String text) throws Exception {
    String json =
        "{\"insertId\":\"p1\",\"logName\":\"projects/shop/logs/stderr\",\"resource\":{\"type\":"
            + "\"k8s_container\",\"labels\":{\"project_id\":\"shop\",\"cluster_name\":\"prod\","
            + "\"namespace_name\":\"shop\",\"pod_name\":\"worker-7d9f8b6c5-x2x7q\","
            + "\"container_name\":\"worker\"}},\"severity\":\"ERROR\","
            + "\"timestamp\":\"2024-05-09T10:00:00Z\",\"textPayload\":"
            + JSON.writeValueAsString(text)
            + "}";
    return parser.parse(json.getBytes(StandardCharsets.UTF_8));
  }

  /** The row's template; its suggested exclusion must match the entry. */
  private String template(String text) throws Exception {
    LogEvent e = gke(text);
    assertThat(e.message()).isEqualTo(text); // the message stays the whole traceback
    return keys.row(e).getValue().template();
  }

  @Test
  public void exceptionLineNamesTheRow() throws Exception {
    assertThat(template(KEY_ERROR)).isEqualTo("KeyError: 'resp'");
    assertThat(template(BARE)).isEqualTo("Exception");
    assertThat(template(UNINDENTED)).isEqualTo("ValueError: Invalid isoformat string: 'Updating'");
  }

  /** Without an exception line after the frames (a cut traceback), the header stays the head. */
  @Test
  public void cutTracebackKeepsItsHeader() throws Exception {
    String cut = KEY_ERROR.substring(0, KEY_ERROR.indexOf("\nKeyError"));
    assertThat(template(cut)).isEqualTo("Traceback (most recent call last):");
  }
}
