package dev.logalerts.templates;

import java.nio.file.*;

/** Prints the stateless template of each line of the file given. */
public class UserProbe {
  public static void main(String[] a) throws Exception {
    TemplateMiner m = new TemplateMiner();
    for (String l : Files.readAllLines(Path.of(a[0]))) {
      if (!l.isBlank()) System.out.println(m.templateOf(l));
    }
  }
}
