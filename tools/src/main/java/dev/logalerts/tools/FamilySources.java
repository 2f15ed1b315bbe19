package dev.logalerts.tools;

import static dev.logalerts.tools.LogGenerator.HOUR;
import static dev.logalerts.tools.LogGenerator.MINUTE;
import static dev.logalerts.tools.LogGenerator.NANOS;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.LongFunction;

/**
 * The GCP log families the pipeline recognises by their structure (docs/log-families.md) as the
 * shop's project writes them: VPC logs ({@link NetworkSources}: flows, firewall rules, Cloud DNS,
 * Cloud NAT), load balancers ({@link EdgeSources}: network load balancers, Cloud Armor), node logs
 * ({@link NodeSources}: journald of GKE nodes and VMs, GKE events), control-plane and managed
 * service logs ({@link OpsSources}: Kubernetes audit, policy-denied audit, BigQuery jobs, Cloud
 * Scheduler, Cloud Tasks) and CI ({@link CiSources}: Cloud Build, serial port output).
 *
 * <p>They take background slots whose entry is not a request log, so the shop's request traffic
 * (which the load balancer and Cloud Run rules count) and every scheduled or planted entry stay
 * exactly as they are; they draw from their own {@link Rng}, so the other sources' draws do not
 * move either. Timed entries (scheduler runs, builds, VM boots) and one of each ERROR message,
 * placed in the first 40 minutes as {@link SchedulePlanner} does for the other sources, take the
 * first such slot at or after their time; the rest are drawn by {@link #SHARES}.
 */
final class FamilySources {

  /**
   * Percent of the eligible slots (background, not a request log: about 60% of all entries) each
   * family takes, in the order {@link #draw} tests them.
   */
  static final double[] SHARES = {
    7.0, // VPC flow logs
    5.0, // Cloud DNS queries
    5.0, // journald of the GKE nodes (kubelet, containerd)
    1.6, // journald of the VMs (Ops Agent)
    1.3, // firewall rules logging
    1.3, // Cloud NAT
    1.6, // GKE events
    2.4, // Kubernetes audit (activity)
    0.6, // passthrough network LB flows
    0.5, // proxy network LB connections
    0.5, // Cloud Armor decisions on load-balancer request logs
    0.9, // Cloud Tasks attempts
    0.5, // BigQuery jobs (a few fail)
    0.08, // policy-denied audit (VPC Service Controls, organization policy)
  };

  /** A timed entry: made when its slot comes (with the slot's time), so draws stay in order. */
  private static final class Timed {
    final long t;
    final int seq;
    final LongFunction<Draft> make;

    Timed(long t, int seq, LongFunction<Draft> make) {
      this.t = t;
      this.seq = seq;
      this.make = make;
    }
  }

  private final Rng r;
  private final NetworkSources network;
  private final EdgeSources edge;
  private final NodeSources node;
  private final OpsSources ops;
  private final CiSources ci;
  private final List<Timed> timed = new ArrayList<>();
  private int next;

  FamilySources(LogGenerator.Config config) {
    // Its own stream: the shop's sources draw exactly what they drew before these families existed.
    this.r = new Rng(config.seed ^ 0x6A09E667F3BCC908L);
    this.network = new NetworkSources(r);
    this.edge = new EdgeSources(r);
    this.node = new NodeSources(r);
    this.ops = new OpsSources(r);
    this.ci = new CiSources(r);
    plan(config.startNanos, config.startNanos + config.durationNanos);
  }

  /**
   * The family entry for a background slot at {@code t} whose own entry is not a request log, or
   * null to keep that entry.
   */
  Draft replace(long t) {
    if (next < timed.size() && timed.get(next).t <= t) {
      return timed.get(next++).make.apply(t);
    }
    double u = r.nextDouble() * 100;
    for (int k = 0; k < SHARES.length; k++) {
      u -= SHARES[k];
      if (u < 0) {
        return draw(k, t);
      }
    }
    return null;
  }

  private Draft draw(int family, long t) {
    switch (family) {
      case 0:
        return network.vpcFlow(t);
      case 1:
        return network.dns(t);
      case 2:
        return node.nodeJournal(t, -1);
      case 3:
        return node.vmJournal(t);
      case 4:
        return network.firewall(t);
      case 5:
        return network.nat(t);
      case 6:
        return node.event(t);
      case 7:
        return ops.k8sAudit(t);
      case 8:
        return edge.passthroughFlow(t);
      case 9:
        return edge.proxyConnection(t);
      case 10:
        return edge.armor(t);
      case 11:
        return ops.taskAttempt(t, r.chance(0.02) ? r.nextInt(2) : -1);
      case 12:
        return ops.bigQueryJob(t, r.chance(0.03) ? r.nextInt(2) : -1);
      default:
        return ops.policyDenied(t, r.nextInt(2));
    }
  }

  // ---------------------------------------------------------------- timed entries

  private void at(long t, LongFunction<Draft> make) {
    timed.add(new Timed(t, timed.size(), make));
  }

  private void plan(long start, long end) {
    // Warm-up: each ERROR message of these families once in the first 40 minutes, so that only
    // the planted incidents bring error templates never seen before.
    List<LongFunction<Draft>> warm = new ArrayList<>();
    for (int v = 0; v < OpsSources.TASK_FAILURES; v++) {
      int variant = v;
      warm.add(t -> ops.taskAttempt(t, variant));
    }
    for (int v = 0; v < OpsSources.JOB_FAILURES; v++) {
      int variant = v;
      warm.add(t -> ops.bigQueryJob(t, variant));
    }
    for (int v = 0; v < OpsSources.POLICY_DENIALS; v++) {
      int variant = v;
      warm.add(t -> ops.policyDenied(t, variant));
    }
    warm.add(t -> node.nodeJournal(t, NodeSources.KUBELET_ERROR));
    long w0 = start + 12 * MINUTE;
    for (int k = 0; k < warm.size(); k++) {
      at(w0 + 26 * MINUTE * k / warm.size(), warm.get(k));
    }

    // Cloud Scheduler: each job's runs at its schedule, attempt started then finished; each job's
    // failure shows in its first run after 15 minutes (the warm-up) and at random later.
    for (OpsSources.SchedulerJob job : OpsSources.SCHEDULER_JOBS) {
      long period = job.everyMinutes * MINUTE;
      long first = start - Math.floorMod(start, period) + job.offsetMinutes * MINUTE;
      boolean warmedUp = job.failure == null;
      for (long run = first; run < end; run += period) {
        if (run < start) {
          continue;
        }
        boolean fail = !warmedUp && run >= start + 15 * MINUTE;
        warmedUp |= fail;
        long scheduled = run;
        long finished = run + (long) (r.logNormal(2.5, 0.6) * NANOS);
        boolean failed = fail || (job.failure != null && r.chance(0.03));
        at(
            run + r.betweenLong(50_000_000L, 900_000_000L),
            slot -> ops.attemptStarted(job, scheduled));
        at(finished, slot -> ops.attemptFinished(job, failed));
      }
    }

    // Cloud Build: a deploy build every 70-110 minutes, one in five fails its tests.
    for (long t = start + r.betweenLong(20 * MINUTE, 50 * MINUTE);
        t < end;
        t += r.betweenLong(70 * MINUTE, 110 * MINUTE)) {
      CiSources.Build build = ci.newBuild(r.chance(0.2));
      long lineAt = t;
      for (String[] line : build.lines) {
        at(lineAt, slot -> ci.buildLine(build, line));
        lineAt += r.betweenLong(200_000_000L, 6 * NANOS);
      }
    }

    // Serial port output: a CI runner VM boots a few times a day (hourly at busy times).
    for (long t = start + r.betweenLong(30 * MINUTE, 90 * MINUTE);
        t < end;
        t += r.betweenLong(HOUR, 3 * HOUR)) {
      String vm = "ci-runner-" + r.alnum(5);
      String id = r.digits(19);
      long lineAt = t;
      for (String text : ci.bootLines(vm)) {
        at(lineAt, slot -> ci.serialLine(vm, id, text));
        lineAt += r.betweenLong(100_000_000L, 3 * NANOS);
      }
    }
    timed.sort(Comparator.comparingLong((Timed x) -> x.t).thenComparingInt(x -> x.seq));
  }
}
