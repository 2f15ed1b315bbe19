package dev.logalerts.pipeline;

import java.io.IOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import org.apache.beam.runners.direct.DirectRegistrar;
import org.apache.beam.sdk.io.gcp.pubsub.PubsubOptions;
import org.apache.beam.sdk.options.DefaultPipelineOptionsRegistrar;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.options.PipelineOptionsRegistrar;

/**
 * Registers with Beam only the options interfaces a local program accepts (the local run, the rule
 * tests and the other rules tools): the job's ({@link LogAlertsOptions}, which includes the Google
 * Cloud ones its sinks read), Beam's defaults, the DirectRunner's, and Pub/Sub's (a local streaming
 * run may point {@code --pubsubRootUrl} at an emulator).
 *
 * <p><b>Why.</b> On first use, {@link PipelineOptionsFactory} registers every {@link
 * PipelineOptionsRegistrar} on the classpath and checks each interface against all those registered
 * before it, so its cost grows with the square of their getters. With the Dataflow runner and
 * Google Cloud I/O on the classpath (the job's dependencies) that took 2.8 s of every local run's
 * start-up, before any entry was read; with this set, 1.4 s (docs/performance.md). The Flex
 * Template's launcher ({@link LogAlertsPipeline#main}) keeps Beam's full registry: only local
 * programs, which never run on Dataflow, leave the Dataflow runner's options out ({@code --region}
 * and the like are then refused by {@link CommandLine}, which says they belong to Dataflow).
 *
 * <p>Beam reads the registrars through the thread's context class loader, so they are hidden from
 * it while the factory initialises. When the factory was initialised before (a test JVM, a second
 * run in the same JVM), nothing changes: the full registry is a superset.
 */
public final class LocalOptionsRegistry {
  private static final String REGISTRARS =
      "META-INF/services/" + PipelineOptionsRegistrar.class.getName();

  private LocalOptionsRegistry() {}

  /** The interfaces a local run accepts on its command line, in registration order. */
  static List<Class<? extends PipelineOptions>> accepted() {
    // The job's interface first: it brings most of the others as its super-interfaces, checked
    // in one pass instead of one registration each.
    List<Class<? extends PipelineOptions>> all = new ArrayList<>();
    all.add(LogAlertsOptions.class);
    new DefaultPipelineOptionsRegistrar().getPipelineOptions().forEach(all::add);
    new DirectRegistrar.Options().getPipelineOptions().forEach(all::add);
    all.add(PubsubOptions.class);
    return all;
  }

  /**
   * Initialises Beam's options factory with {@link #accepted} only, if it is not initialised yet;
   * returns whether it was (false: the registry was already built, and stays as it is).
   */
  public static synchronized boolean install() {
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    ClassLoader own = LocalOptionsRegistry.class.getClassLoader();
    boolean fresh;
    thread.setContextClassLoader(new WithoutRegistrars(own));
    try {
      fresh = initialisedEmpty();
    } finally {
      thread.setContextClassLoader(previous);
    }
    for (Class<? extends PipelineOptions> iface : accepted()) {
      PipelineOptionsFactory.register(iface);
    }
    return fresh;
  }

  /**
   * Triggers the factory's initialisation (under the hiding class loader); true when it registered
   * nothing beyond {@link PipelineOptions} itself, i.e. it was initialised just now.
   */
  private static boolean initialisedEmpty() {
    return PipelineOptionsFactory.getRegisteredOptions().size() <= 1;
  }

  /** Its parent's resources and classes, minus the options registrars' service files. */
  private static final class WithoutRegistrars extends ClassLoader {
    WithoutRegistrars(ClassLoader parent) {
      super(parent);
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
      return REGISTRARS.equals(name) ? Collections.emptyEnumeration() : super.getResources(name);
    }
  }
}
