package dev.logalerts.io;

import com.google.api.client.http.HttpResponseException;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One local reader's or alert publisher's view of Pub/Sub not answering: which failed calls are
 * worth repeating, and telling the person running the job once when Pub/Sub stops answering and
 * once when it answers again (whichever of the job's readers, or publishers, sees it first).
 *
 * <p>Beam's client repeats a failed call for about three minutes, then the reader throws, and the
 * DirectRunner ends the whole job on a reader's exception: an emulator restarted, or Pub/Sub
 * throttling or unavailable for a few minutes, stopped a local streaming run (exit 3) with its open
 * windows and incidents. A Dataflow job retries its own source indefinitely.
 *
 * <p>Those three minutes of repeats were silent: a job started while Pub/Sub answered 503 showed "0
 * entries read" and nothing else. So a call that has not returned after {@code stallMillis} (a pull
 * returns at once, with or without messages) starts the outage too ({@link Watchdog}).
 *
 * <p>Reads and alert publishes are told apart ({@link Side}): the alert topic may refuse publishes
 * while the subscription answers, and the other way round.
 */
final class PubsubOutage {
  /**
   * What the notes are about, with its own outage across the job: it starts with the first reader
   * (or publisher) whose call fails or stalls and ends with the first call that succeeds. It used
   * to end when the last failing reader answered: with four readers, each in its client's backoff
   * (growing to a minute), "answers again" came 20 s after Pub/Sub did, 9 s after the alert the
   * waiting entries fired.
   */
  static final class Side {
    static final Side READS =
        new Side(
            "Pub/Sub does not answer",
            "Pub/Sub has not answered",
            "Unread messages wait on the subscription, and windows stay open meanwhile.",
            "Pub/Sub answers again");

    static final Side ALERT_PUBLISHES =
        new Side(
            "Pub/Sub does not take alerts",
            "Pub/Sub has not taken alerts",
            "Alerts wait meanwhile, and are published once it does.",
            "Pub/Sub takes alerts again");

    private final String refused;
    private final String stalled;
    private final String meanwhile;
    private final String answers;

    /** When the outage began; 0 when there is none. */
    private volatile long sinceMillis;

    private int failures;

    /** Whether a failed call's error was printed in this outage (a stall does not know why). */
    private boolean errorSaid;

    private Side(String refused, String stalled, String meanwhile, String answers) {
      this.refused = refused;
      this.stalled = stalled;
      this.meanwhile = meanwhile;
      this.answers = answers;
    }

    synchronized void failed(IOException e, long nowMillis) {
      failures++;
      if (sinceMillis == 0) {
        sinceMillis = nowMillis;
      }
      if (!errorSaid) {
        errorSaid = true;
        // The local run shows only severe logs; this is for the person watching it.
        System.err.println(
            "warning: "
                + refused
                + " ("
                + HttpErrors.oneLine(e)
                + "); retrying until it does. "
                + meanwhile);
      }
    }

    synchronized void stalled(long sinceCallMillis, long nowMillis) {
      if (sinceMillis != 0) {
        return;
      }
      sinceMillis = sinceCallMillis;
      System.err.println(
          "warning: "
              + stalled
              + " for "
              + (nowMillis - sinceCallMillis) / 1000
              + " s (its client repeats a call refused with 429 or 5xx, or not answered, for"
              + " about three minutes before it says why); waiting for it. "
              + meanwhile);
    }

    void answered() {
      if (sinceMillis == 0) {
        return; // the common case, without a lock or the clock: called for every message read
      }
      synchronized (this) {
        if (sinceMillis == 0) {
          return;
        }
        System.err.println(
            answers
                + " after "
                + (System.currentTimeMillis() - sinceMillis) / 1000
                + " s"
                + (failures == 0 ? "." : " (" + failures + " failed calls)."));
        sinceMillis = 0;
        failures = 0;
        errorSaid = false;
      }
    }
  }

  private final Side side;
  private final long stallMillis;

  /** When this reader's outage began (its watermark is held meanwhile); 0 when there is none. */
  private volatile long sinceMillis;

  /** When the call in progress started; 0 between calls. */
  private volatile long callSinceMillis;

  private boolean watched;

  /** A reader's. */
  PubsubOutage(long stallMillis) {
    this(Side.READS, stallMillis);
  }

  PubsubOutage(Side side, long stallMillis) {
    this.side = side;
    this.stallMillis = stallMillis;
  }

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

  /** A call to Pub/Sub starts (on the reader's thread). */
  void calling() {
    callSinceMillis = System.currentTimeMillis();
    if (!watched) {
      watched = true;
      Watchdog.WATCHED.add(this);
      Watchdog.ensureStarted();
    }
  }

  /** The call returned or threw. */
  void returned() {
    callSinceMillis = 0;
  }

  /**
   * The reader is closed: nothing more to watch. (The DirectRunner closes a reader now and then;
   * the job's outage ends with the next call that succeeds, whichever reader makes it.)
   */
  synchronized void close() {
    Watchdog.WATCHED.remove(this);
    sinceMillis = 0;
  }

  /** Records a failed call; rethrows one that is not transient. */
  synchronized void failed(IOException e) throws IOException {
    if (!isTransient(e)) {
      throw e;
    }
    long now = System.currentTimeMillis();
    if (sinceMillis == 0) {
      sinceMillis = now;
    }
    side.failed(e, now);
  }

  /** Called by the watchdog: a call that has not returned for a while starts the outage. */
  synchronized void checkStalled(long nowMillis) {
    long since = callSinceMillis;
    if (since == 0 || nowMillis - since < stallMillis || sinceMillis != 0) {
      return;
    }
    sinceMillis = since;
    side.stalled(since, nowMillis);
  }

  /** Whether this reader's last call failed, or its call in progress stalled. */
  synchronized boolean ongoing() {
    return sinceMillis != 0;
  }

  /** A call succeeded: ends this reader's outage, and the job's if it is the first to answer. */
  void answered() {
    if (sinceMillis != 0) {
      synchronized (this) {
        sinceMillis = 0;
      }
    }
    side.answered();
  }

  /** One daemon thread for the job's readers: looks for a call in progress for too long. */
  static final class Watchdog {
    static final Set<PubsubOutage> WATCHED = ConcurrentHashMap.newKeySet();

    private static final long TICK_MILLIS = 250;

    private static Thread thread;

    private Watchdog() {}

    static synchronized void ensureStarted() {
      if (thread != null) {
        return;
      }
      thread =
          new Thread(
              () -> {
                while (true) {
                  long now = System.currentTimeMillis();
                  for (PubsubOutage o : WATCHED) {
                    o.checkStalled(now);
                  }
                  try {
                    Thread.sleep(TICK_MILLIS);
                  } catch (InterruptedException e) {
                    return;
                  }
                }
              },
              "pubsub-watchdog");
      thread.setDaemon(true);
      thread.start();
    }
  }
}
