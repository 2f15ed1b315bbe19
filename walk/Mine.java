package dev.logalerts.templates;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/** Prints TemplateMiner's template of each stdin line (scratch). */
public class Mine {
  public static void main(String[] args) throws Exception {
    TemplateMiner m = new TemplateMiner();
    BufferedReader r = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String l; (l = r.readLine()) != null; ) {
      System.out.println(l + "\n  -> " + m.templateOf(l));
    }
  }
}
