package dev.logalerts.templates;

import static com.google.common.truth.Truth.assertWithMessage;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * Kubernetes Secrets in YAML over several lines of one entry (a Helm manifest, {@code kubectl get
 * -o yaml}): the manifests of gitleaks' {@code cmd/generate/config/rules/kubernetes.go} (commit
 * a7e2844d8c9af75ef7c086a1656b4ceca9a9182b, MIT), exactly, tabs included. The JSON forms are rows
 * of {@code redaction/real/leaks.tsv}.
 */
@RunWith(JUnit4.class)
public class KubernetesSecretsTest {
  private final Redactor redactor = new Redactor();

  /** Manifest, then the data values that must go. */
  private static final String[][] SECRETS = {
    {
      "apiVersion: v1\nkind: Secret\nmetadata:\n\tcreationTimestamp: '2022-06-28T17:44:13Z'\n"
          + "\tname: db-user-pass\n\tnamespace: default\ntype: Opaque\ndata:\n"
          + "\t# the data is abbreviated in this example\n\tpassword: UyFCXCpkJHpEc2I9\n"
          + "\tusername: YWRtaW4=\n",
      "UyFCXCpkJHpEc2I9",
      "YWRtaW4="
    },
    {
      "apiVersion: v1\ndata:\n\tpassword: UyFCXCpkJHpEc2I9\n\tusername: YWRtaW4=\nkind: Secret\n"
          + "metadata:\n\tcreationTimestamp: '2022-06-28T17:44:13Z'\n\tname: db-user-pass\n"
          + "\tnamespace: default\ntype: Opaque",
      "UyFCXCpkJHpEc2I9",
      "YWRtaW4="
    },
    {
      "apiVersion: 'v1'\nkind: 'Secret'\ndata:\n\tpassword: 'UyFCXCpkJHpEc2I9'\n"
          + "\tusername: 'YWRtaW4='\nmetadata:\n\tname: 'db-user-pass'\n\tnamespace: 'default'\n"
          + "type: 'Opaque'",
      "UyFCXCpkJHpEc2I9",
      "YWRtaW4="
    },
    {
      "apiVersion: v1\nkind: secret\ndata:\n\textra: YWRtaW46cGFzc3dvcmQ=\nmetadata:\n"
          + "\tname: secret-sa-sample\n\tannotations:\n"
          + "\t\tkubernetes.io/service-account.name: 'sa-name'",
      "YWRtaW46cGFzc3dvcmQ="
    },
    {
      "apiVersion: v1\nkind: Secret\nmetadata:\n  name: secret-dockercfg\n"
          + "type: kubernetes.io/dockercfg\ndata:\n  .dockercfg: |\n"
          + "    eyJhdXRocyI6eyJodHRwczovL2V4YW1wbGUvdjEvIjp7ImF1dGgiOiJvcGVuc2VzYW1lIn19fQo=\n",
      "eyJhdXRocyI6eyJodHRwczovL2V4YW1wbGUvdjEvIjp7ImF1dGgiOiJvcGVuc2VzYW1lIn19fQo="
    },
    {
      "apiVersion: v1\ndata:\n  .dockercfg: >\n"
          + "    eyJhdXRocyI6eyJodHRwczovL2V4YW1wbGUvdjEvIjp7ImF1dGgiOiJvcGVuc2VzYW1lIn19fQo=\n"
          + "metadata:\n  name: secret-dockercfg\ntype: kubernetes.io/dockercfg\nkind: Secret",
      "eyJhdXRocyI6eyJodHRwczovL2V4YW1wbGUvdjEvIjp7ImF1dGgiOiJvcGVuc2VzYW1lIn19fQo="
    },
  };

  /** Look-alikes: an empty value, a Helm placeholder, a ConfigMap-like SopsSecret's data. */
  private static final String[] STAY = {
    "apiVersion: v1            \nkind: Secret              \nmetadata:                 \n"
        + "  name: registry-auth-data\ntype: Opaque              \ndata:                     \n"
        + "  htpasswd: \"\"\n",
    "apiVersion: v1\n data:\n \tpassword: {{ .Values.Password }}\n kind: secret\n metadata:\n"
        + " \tname: secret-sa-sample\n \tannotations:\n"
        + " \t\tkubernetes.io/service-account.name: 'sa-name'",
    "apiVersion: isindir.github.com/v1alpha3\nspec:\n  secretTemplates:\n"
        + "    - name: my-secret-name-1\n      labels:\n        label1: value1\n"
        + "      annotations:\n        key1: value1\n      data:\n"
        + "        data-name1: ZGF0YS12YWx1ZTE=\n        data-nameM: ZGF0YS12YWx1ZU0=\n"
        + "kind: SopsSecret\nmetadata:\n  name: sopssecret-sample\n",
  };

  @Test
  public void yamlSecretsLoseTheirDataValues() {
    for (String[] row : SECRETS) {
      String out = redactor.redact(row[0]);
      for (int k = 1; k < row.length; k++) {
        assertWithMessage("%s", row[0]).that(out).doesNotContain(row[k]);
      }
      assertWithMessage("%s", row[0]).that(out).contains("[REDACTED:");
      assertWithMessage("every check").that(Redactor.redactWithEveryCheck(row[0])).isEqualTo(out);
      assertWithMessage("again").that(redactor.redact(out)).isEqualTo(out);
    }
  }

  @Test
  public void lookAlikesStay() {
    for (String text : STAY) {
      assertWithMessage("over-redacted").that(redactor.redact(text)).isEqualTo(text);
      assertWithMessage("every check").that(Redactor.redactWithEveryCheck(text)).isEqualTo(text);
    }
  }
}
