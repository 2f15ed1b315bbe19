package dev.logalerts.model;

/**
 * The GCP log family of an entry (audit, VPC flow, Kubernetes event…): families have their own
 * message and noisy-log template ({@code dev.logalerts.parse.LogFamilies} classifies them and
 * docs/log-families.md lists them); {@link #OTHER} keeps the general rules. The parser classifies
 * each entry once and the event carries the answer, so later steps do not classify it again.
 */
public enum LogFamily {
  AUDIT,
  K8S_EVENT,
  JOURNALD,
  VPC_FLOW,
  FIREWALL,
  CLOUD_DNS,
  CLOUD_NAT,
  LB_REQUEST,
  LB_PROXY,
  LB_PASSTHROUGH,
  SCHEDULER,
  TASKS,
  WORKFLOWS,
  GKE_AUTOSCALER,
  DATAPROC_AUTOSCALER,
  ACCESS_LOG,
  OTHER,
  // LogEventCoder writes the ordinal: a new family goes at the end.
  NETWORK_POLICY,
  IDS_THREAT,
  HEALTH_CHECK,
  ACCESS_TRANSPARENCY,
  IDS_TRAFFIC;

  private static final LogFamily[] VALUES = values();

  static LogFamily fromOrdinal(int ordinal) {
    return VALUES[ordinal];
  }
}
