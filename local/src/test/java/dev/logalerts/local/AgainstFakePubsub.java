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
