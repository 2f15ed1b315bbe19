package dev.logalerts.local;

import dev.logalerts.testing.FakePubsubServer;
import java.io.IOException;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.rules.TemporaryFolder;

/**
 * What the streaming ITs share around each test: an in-test Pub/Sub endpoint, a folder for the job,
 * and the job they start against it ({@link LocalStreamingJob}), stopped after the test.
 */
abstract class AgainstFakePubsub {
  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  FakePubsubServer pubsub;

  /**
   * A rules file of one rule, {@code checkout-errors}: {@code threshold} entries of severity ERROR
   * or above per service in 2 minutes, evaluated every 10 s, page as critical.
   */
  static String checkoutErrorsRules(int threshold) {
    return "rules:\n"
        + "  - name: checkout-errors\n"
        + "    type: threshold\n"
        + "    filter: 'severity>=ERROR'\n"
        + "    groupBy: [service]\n"
        + "    window: 2m\n"
        + "    period: 10s\n"
        + "    threshold: "
        + threshold
        + "\n"
        + "    severity: critical\n";
  }

  LocalStreamingJob job;

  @Before
  public void startPubsub() throws IOException {
    pubsub = FakePubsubServer.start();
  }

  @After
  public void stopJobAndPubsub() throws InterruptedException {
    if (job != null) {
      job.close();
    }
    pubsub.close();
  }
}
