package dev.logalerts.reliability;

import java.nio.file.Path;
import java.util.Map;

/**
 * Child-JVM entry point of {@link BoundedMemoryIT}: runs the batch job over one input file and
 * prints the counters and the JVM's heap limit, one {@code key=value} per line, for the parent.
 */
public final class BoundedMemoryMain {
  private BoundedMemoryMain() {}

  public static void main(String[] args) throws Exception {
    Map<String, Long> counters = PipelineRuns.run(Path.of(args[0]), Path.of(args[1]));
    System.out.println("max_heap=" + Runtime.getRuntime().maxMemory());
    counters.forEach((k, v) -> System.out.println(k + "=" + v));
    System.out.flush();
    // Runner threads may linger; the run is over.
    System.exit(0);
  }
}
