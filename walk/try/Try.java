import dev.logalerts.templates.TemplateMiner;
public class Try {
  public static void main(String[] a) throws Exception {
    TemplateMiner m = new TemplateMiner();
    java.io.BufferedReader r = new java.io.BufferedReader(new java.io.InputStreamReader(System.in));
    String l;
    while ((l = r.readLine()) != null) System.out.println(m.templateOf(l));
  }
}
