package dev.logalerts.io;

import com.google.api.client.http.HttpResponseException;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One local reader's view of Pub/Sub not answering: which failed calls are worth repeating, and
 * telling the person running the job once when Pub/Sub stops answering and once when it answers
 * again (whichever of the job's readers sees it first and last).
 *
 * <p>Beam's client repeats a failed call for about three minutes, then the reader throws, and the
 * DirectRunner ends the whole job on a reader's exception: an emulator restarted, or Pub/Sub
 * throttling or unavailable for a few minutes, stopped a local streaming run (exit 3) with its open
 * windows and incidents. A Dataflow job retries its own source indefinitely.
 */
final class PubsubOutage {
  /** Readers whose last call failed, across the job: the notes are printed for the whole job. */
  private static final AtomicInteger FAILING = new AtomicInteger();

  private long sinceMillis;
  private int failures;

  /**
   * Throttled (429), a server error (5xx), or no HTTP answer at all (connection refused or reset, a
   * timeout): what a Pub/Sub incident or a restarting emulator looks like. Anything else (404: the
   * subscription was deleted; 403: permission removed) will not pass by itself and still ends the
   * job with its error.
   */
  static boolean isTransient(IOException e) {
    if (e instanceof HttpResponseException http) {
      return http.getStatusCode() == 429 || http.getStatusCode() >= 500;
    }
    return true;
  }

  /** Records a failed call; rethrows one that is not transient. */
  void failed(IOException e) throws IOException {
    if (!isTransient(e)) {
      throw e;
    }
    failures++;
    if (sinceMillis == 0) {
      sinceMillis = System.currentTimeMillis();
      if (FAILING.getAndIncrement() == 0) {
        // The local run shows only severe logs; this is for the person watching it.
        System.err.println(
            "warning: Pub/Sub does not answer ("
                + HttpErrors.oneLine(e)
                + "); retrying until it does. Unread messages wait on the subscription, and"
                + " windows stay open meanwhile.");
      }
    }
  }

  /** Whether this reader's last call failed. */
  boolean ongoing() {
    return sinceMillis != 0;
  }

  /** A call succeeded: ends this reader's outage. */
  void answered() {
    if (sinceMillis == 0) {
      return;
    }
    long seconds = (System.currentTimeMillis() - sinceMillis) / 1000;
    if (FAILING.decrementAndGet() == 0) {
      System.err.println(
          "Pub/Sub answers again after " + seconds + " s (" + failures + " failed calls).");
    }
    sinceMillis = 0;
    failures = 0;
  }
}
