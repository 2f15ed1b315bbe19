package dev.logalerts.ruletest;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Rule-test results as JUnit XML (the {@code testsuites} form CI systems read): one {@code
 * testsuite} per test file, one {@code testcase} per test, the diff as the failure's text. Built
 * with the JDK's DOM so that every name and diff is escaped correctly.
 */
final class JUnitXml {
  private JUnitXml() {}

  /** One test file's results. */
  record Suite(Path file, List<RuleTestRunner.Outcome> outcomes) {}

  static void write(Path target, List<Suite> suites) throws IOException {
    Document doc;
    try {
      doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().newDocument();
    } catch (ParserConfigurationException e) {
      throw new IOException(e);
    }
    Element root = doc.createElement("testsuites");
    doc.appendChild(root);
    int tests = 0;
    int failures = 0;
    for (Suite s : suites) {
      Element suite = doc.createElement("testsuite");
      String name = s.file().toString();
      int suiteFailures = 0;
      long suiteMillis = 0;
      for (RuleTestRunner.Outcome o : s.outcomes()) {
        Element tc = doc.createElement("testcase");
        tc.setAttribute("classname", name);
        tc.setAttribute("name", o.test().name());
        tc.setAttribute("time", seconds(o.millis()));
        if (!o.verdict().passed()) {
          Element failure = doc.createElement("failure");
          failure.setAttribute("message", o.verdict().diff().get(0));
          failure.setAttribute("type", "AlertMismatch");
          failure.setTextContent(String.join("\n", RuleTestsCli.failureText(o)));
          tc.appendChild(failure);
          suiteFailures++;
        }
        suiteMillis += o.millis();
        suite.appendChild(tc);
      }
      suite.setAttribute("name", name);
      suite.setAttribute("tests", Integer.toString(s.outcomes().size()));
      suite.setAttribute("failures", Integer.toString(suiteFailures));
      suite.setAttribute("errors", "0");
      suite.setAttribute("skipped", "0");
      suite.setAttribute("time", seconds(suiteMillis));
      root.appendChild(suite);
      tests += s.outcomes().size();
      failures += suiteFailures;
    }
    root.setAttribute("name", "rule tests");
    root.setAttribute("tests", Integer.toString(tests));
    root.setAttribute("failures", Integer.toString(failures));
    root.setAttribute("errors", "0");
    Path parent = target.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    try (OutputStream out = Files.newOutputStream(target)) {
      Transformer t = TransformerFactory.newInstance().newTransformer();
      t.setOutputProperty(OutputKeys.INDENT, "yes");
      t.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
      t.transform(new DOMSource(doc), new StreamResult(out));
    } catch (TransformerException e) {
      throw new IOException(e);
    }
  }

  private static String seconds(long millis) {
    return String.format(Locale.ROOT, "%.3f", millis / 1000.0);
  }
}
