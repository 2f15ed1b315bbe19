package dev.logalerts.tools;

import static dev.logalerts.tools.Draft.strings;
import static dev.logalerts.tools.LogSources.PROJECT;
import static dev.logalerts.tools.LogSources.REGION;

import java.util.ArrayList;
import java.util.List;

/**
 * The shop's CI: Cloud Build output of its deploy builds ({@code build}, log {@code cloudbuild},
 * one entry per output line) and the serial port output of the CI runner VMs as they boot ({@code
 * gce_instance}, log {@code serialconsole.googleapis.com/serial_port_1_output}), in the layout of
 * the fixtures under pipeline/src/test/resources/families/. Both are timed by {@link
 * FamilySources}, a burst of lines each.
 */
final class CiSources {
  private final Rng r;

  CiSources(Rng r) {
    this.r = r;
  }

  // ---------------------------------------------------------------- Cloud Build

  /** One build of a deploy trigger: its id, trigger and output lines ({step label, text}). */
  static final class Build {
    final String id;
    final String trigger;
    final List<String[]> lines = new ArrayList<>();

    Build(String id, String trigger) {
      this.id = id;
      this.trigger = trigger;
    }

    void line(String step, String text) {
      lines.add(new String[] {step, step == null ? text : step + ": " + text});
    }
  }

  /**
   * A deploy build: fetch, build the image, run the tests (which {@code failTests} fails), push.
   */
  Build newBuild(boolean failTests) {
    String repo = r.pick(new String[] {"checkout", "frontend", "pricing-api"});
    Build b = new Build(r.uuid(), repo + "-main");
    String sha = r.hex(40);
    String build = "Step #0 - \"build\"";
    String test = "Step #1 - \"test\"";
    String push = "Step #2 - \"push\"";
    String image =
        "europe-west1-docker.pkg.dev/" + PROJECT + "/shop/" + repo + ":" + sha.substring(0, 7);
    b.line(null, "starting build \"" + b.id + "\"");
    b.line(null, "FETCHSOURCE");
    b.line(null, "From https://github.com/acme-shop/" + repo);
    b.line(null, " * branch            " + sha + " -> FETCH_HEAD");
    b.line(
        null,
        "HEAD is now at "
            + sha.substring(0, 7)
            + " Merge pull request #"
            + r.between(400, 999)
            + " from acme-shop/"
            + r.pick(new String[] {"fix-retry", "bump-deps", "new-banner", "faster-cart"}));
    b.line(null, "BUILD");
    b.line(null, "Starting " + build);
    b.line(build, "Already have image (with digest): gcr.io/cloud-builders/docker");
    b.line(
        build,
        "Sending build context to Docker daemon  "
            + r.between(2, 90)
            + "."
            + r.between(1, 9)
            + "MB");
    b.line(build, "Step 1/9 : FROM golang:1.23 AS build");
    b.line(build, "Successfully built " + r.hex(12));
    b.line(build, "Successfully tagged " + image);
    b.line(null, "Finished " + build);
    b.line(null, "Starting " + test);
    for (String pkg : new String[] {"internal/api", "internal/store", "internal/payment"}) {
      b.line(
          test,
          "ok  \tgithub.com/acme-shop/"
              + repo
              + "/"
              + pkg
              + "\t"
              + r.between(0, 3)
              + "."
              + r.digits(3)
              + "s");
    }
    if (failTests) {
      b.line(test, "--- FAIL: TestCheckoutRetry (0." + r.digits(2) + "s)");
      b.line(test, "FAIL");
      b.line(null, "Finished " + test);
      b.line(null, "ERROR");
      b.line(
          null, "ERROR: build step 1 \"golang:1.23\" failed: step exited with non-zero status: 1");
      return b;
    }
    b.line(test, "PASS");
    b.line(null, "Finished " + test);
    b.line(null, "Starting " + push);
    b.line(push, "The push refers to repository [" + image.substring(0, image.indexOf(':')) + "]");
    b.line(push, sha.substring(0, 7) + ": digest: sha256:" + r.hex(64) + " size: 2417");
    b.line(null, "Finished " + push);
    b.line(null, "PUSH");
    b.line(null, "DONE");
    return b;
  }

  Draft buildLine(Build b, String[] line) {
    Draft d = new Draft();
    d.templateKey = "build:" + LogSources.truthKey(line[1]);
    d.insertId = r.uuid();
    d.textPayload = line[1];
    d.resourceType = "build";
    d.resourceLabels =
        strings("build_id", b.id, "build_trigger_id", b.trigger, "project_id", PROJECT);
    d.labels = line[0] == null ? null : strings("build_step", line[0]);
    d.severity = "INFO";
    d.logName = "projects/" + PROJECT + "/logs/cloudbuild";
    d.timestampDigits = 9;
    return d;
  }

  // ---------------------------------------------------------------- serial port output

  /** What a CI runner VM prints on its serial console while it boots. */
  List<String> bootLines(String vm) {
    List<String> lines = new ArrayList<>();
    lines.add("SeaBIOS (version 1.8.2-google)");
    lines.add("Booting from Hard Disk 0...");
    lines.add(
        "[    0.000000] Linux version 6.1.0-28-cloud-amd64 (debian-kernel@lists.debian.org)"
            + " (gcc-12 (Debian 12.2.0-14) 12.2.0, GNU ld (GNU Binutils for Debian) 2.40) #1 SMP"
            + " PREEMPT_DYNAMIC Debian 6.1.119-1 (2024-11-22)");
    lines.add(
        "[    0.000000] Command line: BOOT_IMAGE=/boot/vmlinuz-6.1.0-28-cloud-amd64"
            + " root=PARTUUID="
            + r.uuid()
            + " ro console=ttyS0,115200");
    lines.add(
        String.format("[    1.%06d] ", r.between(100000, 999999))
            + "EXT4-fs (sda1): mounted filesystem "
            + r.uuid()
            + " ro with ordered data mode. Quota mode: none.");
    lines.add("[  OK  ] Started systemd-journald.service - Journal Service.");
    lines.add("[  OK  ] Reached target network-online.target - Network is Online.");
    lines.add("[  OK  ] Started google-guest-agent.service - Google Compute Engine Guest Agent.");
    lines.add("[  OK  ] Started Google Compute Engine Startup Scripts.");
    lines.add(
        "google_metadata_script_runner["
            + r.between(600, 900)
            + "]: startup-script: Registering runner "
            + vm
            + " with https://ci.example.com");
    lines.add("Debian GNU/Linux 12 " + vm + " ttyS0");
    lines.add(vm + " login:");
    return lines;
  }

  Draft serialLine(String vm, String instanceId, String text) {
    Draft d = new Draft();
    d.templateKey = "serial:" + LogSources.truthKey(text.replace(vm, ""));
    d.insertId = r.alnum(12);
    d.textPayload = text;
    d.resourceType = "gce_instance";
    d.resourceLabels =
        strings("instance_id", instanceId, "project_id", PROJECT, "zone", REGION + "-c");
    d.labels = strings("compute.googleapis.com/resource_name", vm);
    d.logName = "projects/" + PROJECT + "/logs/serialconsole.googleapis.com%2Fserial_port_1_output";
    d.timestampDigits = 6;
    return d;
  }
}
