package dev.logalerts.templates;

import static com.google.common.truth.Truth.assertThat;

import java.util.List;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * java.util.logging's default console format (SimpleFormatter: {@code Aug 21, 2019 10:31:39 AM
 * <class> <method>}, then {@code LEVEL: message} on the next line), as users pasted it in public
 * issues (each named where it is used). A {@code new-template} rule reads these templates: the
 * 12-hour clock's AM/PM made every record a new template at noon, and the header alone as the
 * template hid every new message of a method behind the first one.
 */
@RunWith(JUnit4.class)
public class JulRecordsTest {
  private final TemplateMiner miner = new TemplateMiner();

  // https://github.com/milvus-io/milvus-sdk-java/issues/98
  private static final String ORPHAN_AM =
      "May 09, 2020 10:54:02 AM"
          + " io.grpc.internal.ManagedChannelOrphanWrapper$ManagedChannelReference cleanQueue\n"
          + "SEVERE: *~*~*~ Channel ManagedChannelImpl{logId=73, target=250.250.250.250:19530} was"
          + " not shutdown properly!!! ~*~*~*\n"
          + "    Make sure to call shutdown()/shutdownNow() and wait until awaitTermination()"
          + " returns true.\n"
          + "java.lang.RuntimeException: ManagedChannel allocation site\n"
          + "\tat io.grpc.internal.ManagedChannelOrphanWrapper$ManagedChannelReference.<init>"
          + "(ManagedChannelOrphanWrapper.java:94)";
  // https://github.com/hypertrace/hypertrace/issues/89 (docker compose's service column removed)
  private static final String ORPHAN_PM =
      "Oct 01, 2020 11:57:56 PM"
          + " io.grpc.internal.ManagedChannelOrphanWrapper$ManagedChannelReference cleanQueue\n"
          + "SEVERE: *~*~*~ Channel ManagedChannelImpl{logId=14, target=localhost:9001} was not"
          + " shutdown properly!!! ~*~*~*\n"
          + "    Make sure to call shutdown()/shutdownNow() and wait until awaitTermination()"
          + " returns true.\n"
          + "java.lang.RuntimeException: ManagedChannel allocation site\n"
          + "\tat io.grpc.internal.ManagedChannelOrphanWrapper$ManagedChannelReference.<init>"
          + "(ManagedChannelOrphanWrapper.java:93)";

  @Test
  public void aRecordInTheMorningAndInTheEveningIsOneTemplate() {
    assertThat(miner.mine(ORPHAN_PM).templateId()).isEqualTo(miner.mine(ORPHAN_AM).templateId());
    assertThat(miner.templateOf(ORPHAN_PM))
        .isEqualTo(
            "<*> io.grpc.internal.ManagedChannelOrphanWrapper$ManagedChannelReference cleanQueue"
                + " SEVERE: *~*~*~ Channel ManagedChannelImpl{logId=<*>, target=<*>} was not"
                + " shutdown properly!!! ~*~*~* | java.lang.RuntimeException");
  }

  /** An agent that sends each line as its own entry: the header line alone. */
  @Test
  public void headerLinesAloneAreOneTemplateMorningAndEvening() {
    String am = ORPHAN_AM.substring(0, ORPHAN_AM.indexOf('\n'));
    String pm = ORPHAN_PM.substring(0, ORPHAN_PM.indexOf('\n'));
    assertThat(miner.mine(pm).templateId()).isEqualTo(miner.mine(am).templateId());
    assertThat(miner.templateOf(pm)).isEqualTo("<*> cleanQueue");
  }

  /** Tomcat's records of one method: three messages, three templates. */
  @Test
  public void eachMessageOfOneMethodIsItsOwnTemplate() {
    // https://github.com/jaeksoft/opensearchserver/issues/406 (the indentation removed)
    String header =
        "Jan 26, 2014 6:09:51 PM org.apache.catalina.core.StandardContext startInternal\n";
    List<String> templates =
        List.of(
                "SEVERE: Error in resourceStart()",
                "SEVERE: Error getConfigured",
                "SEVERE: Context [/opensearchserver-1.5.1-b390] startup failed due to previous"
                    + " errors")
            .stream()
            .map(m -> miner.templateOf(header + m))
            .toList();
    assertThat(templates)
        .containsExactly(
            "<*> org.apache.catalina.core.StandardContext startInternal SEVERE: Error in"
                + " resourceStart()",
            "<*> org.apache.catalina.core.StandardContext startInternal SEVERE: Error"
                + " getConfigured",
            "<*> org.apache.catalina.core.StandardContext startInternal SEVERE: Context [<*>]"
                + " startup failed due to previous errors")
        .inOrder();
  }

  /** A record with its exception: the level line is the head, the trace gives the type. */
  @Test
  public void aRecordWithItsExceptionKeepsTheType() {
    // https://github.com/IMS-MAXIMS/openMAXIMS/issues/28
    String failed =
        "Aug 11, 2016 2:01:03 PM org.apache.catalina.core.ApplicationContext log\n"
            + "SEVERE: FAIL - Application at context path /openMAXIMS could not be started\n"
            + "org.apache.catalina.LifecycleException: Failed to start component"
            + " [StandardEngine[Catalina].StandardHost[localhost].StandardContext[/openMAXIMS]]\n"
            + "\tat org.apache.catalina.util.LifecycleBase.start(LifecycleBase.java:153)";
    String started =
        "Aug 11, 2016 2:01:03 PM org.apache.catalina.core.ApplicationContext log\n"
            + "INFO: HTMLManager: start: Starting web application '/openMAXIMS'";
    assertThat(miner.templateOf(failed))
        .isEqualTo(
            "<*> org.apache.catalina.core.ApplicationContext log SEVERE: FAIL - Application at"
                + " context path <*> could not be started |"
                + " org.apache.catalina.LifecycleException");
    assertThat(miner.mine(started).templateId()).isNotEqualTo(miner.mine(failed).templateId());
  }

  /** AM/PM is part of a time only after one: a leading "PM" (Loghub Mac, E288) stays a word. */
  @Test
  public void meridiemOnlyAfterATime() {
    assertThat(
            miner.templateOf(
                "2017-07-06 06:22:57.163367 PM [AirPlayUIAgent] BecomingInactive:"
                    + " NSWorkspaceWillSleepNotification"))
        .isEqualTo("<*> [AirPlayUIAgent] BecomingInactive: NSWorkspaceWillSleepNotification");
    assertThat(miner.templateOf("PM response took 2010 ms (54, powerd)"))
        .startsWith("PM response took <*>");
  }
}
