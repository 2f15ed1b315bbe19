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
 * Syslog files' lines as the Ops Agent's default {@code syslog} receiver sends them from a VM,
 * whole in {@code textPayload}: one row per message whichever VM wrote it. Lines of GCE VMs as
 * their users pasted them in public issues (each named where it is used).
 */
@RunWith(JUnit4.class)
public class SyslogLinesTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private final LogEntryParser parser = new LogEntryParser();
  private final TextLineKeys keys = new TextLineKeys();

  // https://github.com/GoogleCloudPlatform/guest-agent/issues/139 (VM server-2)
  private static final String STARTED_SERVER_2 =
      "Oct 16 18:02:28 server-2 systemd[1]: Started Google Compute Engine Guest Agent.";
  private static final String LISTENING_SERVER_2 =
      "Oct 16 18:02:27 server-2 dhclient[620]: Listening on Socket/ens4";
  // https://github.com/GoogleCloudPlatform/guest-agent/issues/134 (VM xxx)
  private static final String STARTED_XXX =
      "Oct 06 20:52:08 xxx systemd[1]: Started Google Compute Engine Guest Agent.";
  private static final String LISTENING_XXX =
      "Oct 06 20:52:09 xxx dhclient[662]: Listening on Socket/ens4";

  private LogEvent vm(String text) throws Exception {
    String json =
        "{\"insertId\":\"y1\",\"logName\":\"projects/shop/logs/syslog\",\"resource\":{\"type\":"
            + "\"gce_instance\",\"labels\":{\"project_id\":\"shop\",\"instance_id\":"
            + "\"4712345678901234567\",\"zone\":\"us-central1-a\"}},"
            + "\"timestamp\":\"2021-10-16T18:02:28Z\",\"textPayload\":"
            + JSON.writeValueAsString(text)
            + "}";
    return parser.parse(json.getBytes(StandardCharsets.UTF_8));
  }

  /** The row's key; its suggested exclusion matches the entry. */
  private KV<NoisyKey, NoisyEntry> row(String text) throws Exception {
    LogEvent e = vm(text);
    return keys.row(e);
  }

  @Test
  public void hostIsNoPartOfTheTemplate() throws Exception {
    assertThat(row(STARTED_XXX).getValue().template())
        .isEqualTo("<*> systemd[<*>]: Started Google Compute Engine Guest Agent.");
    assertThat(row(STARTED_XXX).getKey()).isEqualTo(row(STARTED_SERVER_2).getKey());
    assertThat(row(LISTENING_XXX).getKey()).isEqualTo(row(LISTENING_SERVER_2).getKey());
    assertThat(row(LISTENING_XXX).getKey()).isNotEqualTo(row(STARTED_XXX).getKey());
    // rsyslog pads a one-digit day with a space.
    assertThat(row(STARTED_XXX.replace("Oct 06", "Oct  6")).getKey())
        .isEqualTo(row(STARTED_XXX).getKey());
  }

  /** A line that only starts like syslog (no program tag after the host) is mined as before. */
  @Test
  public void otherLinesAreMinedAsBefore() {
    TemplateMiner miner = new TemplateMiner();
    assertThat(miner.templateOf("Oct 06 20:52:08 xxx started the job"))
        .isEqualTo("<*> xxx started the job");
  }
}
