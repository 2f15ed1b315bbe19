package dev.logalerts.tools;

import static dev.logalerts.tools.Draft.obj;
import static dev.logalerts.tools.Draft.strings;
import static dev.logalerts.tools.ShopData.AUTH;
import static dev.logalerts.tools.ShopData.CART;
import static dev.logalerts.tools.ShopData.CHECKOUT;
import static dev.logalerts.tools.ShopData.CURRENCIES;
import static dev.logalerts.tools.ShopData.DOMAINS;
import static dev.logalerts.tools.ShopData.FIRST;
import static dev.logalerts.tools.ShopData.FRONTEND;
import static dev.logalerts.tools.ShopData.INVENTORY;
import static dev.logalerts.tools.ShopData.LAST;
import static dev.logalerts.tools.ShopData.PAYMENTS;
import static dev.logalerts.tools.ShopData.PROVIDERS;
import static dev.logalerts.tools.ShopData.RECOMMEND;
import static dev.logalerts.tools.ShopData.SKUS;

import dev.logalerts.tools.ShopData.Workload;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The log sources of a fictional shop running on Google Cloud, each producing LogEntries in the
 * shape the real product writes them: GKE containers (plain text on stdout/stderr, structured JSON,
 * Java and Python stack traces), the external HTTP(S) load balancer, Cloud Run request and
 * application logs, Cloud Audit Logs, Cloud Composer (Airflow) task logs, Dataflow workers, GCE
 * syslog and Cloud Functions. Every message comes from a named template ({@link Draft#templateKey})
 * whose variable parts (ids, IPs, durations, emails, secrets) are drawn from the generator's {@link
 * Rng}.
 *
 * <p>This class holds the shared parts (project, variable values, the GKE container helpers) and
 * the GKE sources; {@link ShopData} the shop's fixed names and workloads, {@link #http} the load
 * balancer and Cloud Run, {@link #platform} audit, Dataflow, GCE and Cloud Functions, {@link
 * #batch} Airflow and the batch jobs. All draw from one Rng.
 */
final class LogSources {
  static final String PROJECT = "acme-shop-prod";
  static final String PROJECT_NUMBER = "412345678901";
  static final String REGION = "europe-west1";
  static final String CLUSTER = "prod-eu-1";

  /** The load balancer backend the 5xx-burst and traffic-drop incidents hit. */
  static final String WEB_BACKEND = "shop-web-backend";

  static final String API_BACKEND = "shop-api-backend";

  /** The Cloud Run service the slow incident hits. */
  static final String SLOW_RUN_SERVICE = "pricing-api";

  static final String RUN_IMAGE_SERVICE = "image-resizer";

  private final Rng r;

  /** Load balancer and Cloud Run request logs. */
  final HttpSources http;

  /** Audit, Dataflow, GCE and Cloud Functions logs. */
  final PlatformSources platform;

  /** Airflow and the batch jobs. */
  final BatchSources batch;

  LogSources(Rng r) {
    this.r = r;
    this.http = new HttpSources(this, r);
    this.platform = new PlatformSources(this, r);
    this.batch = new BatchSources(this, r);
  }

  // ---------------------------------------------------------------- shared variable parts

  String email() {
    return r.pick(FIRST) + "." + r.pick(LAST) + "@" + r.pick(DOMAINS);
  }

  String publicIp() {
    switch (r.nextInt(4)) {
      case 0:
        return "203.0.113." + r.between(1, 254);
      case 1:
        return "198.51.100." + r.between(1, 254);
      case 2:
        return "192.0.2." + r.between(1, 254);
      default:
        return r.between(34, 109)
            + "."
            + r.between(0, 255)
            + "."
            + r.between(0, 255)
            + "."
            + r.between(1, 254);
    }
  }

  String podIp() {
    return "10.8." + r.between(0, 15) + "." + r.between(2, 254);
  }

  String orderId() {
    return "ord-" + r.digits(8);
  }

  String sku() {
    return r.pick(SKUS) + "-" + r.between(100, 999);
  }

  String amount() {
    return r.between(5, 480) + "." + r.between(10, 99);
  }

  String bearer() {
    // A JWT: header.payload.signature (base64url), as an Authorization header would carry.
    return "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJ" + r.base64Url(58) + "." + r.base64Url(43);
  }

  String trace() {
    return "projects/" + PROJECT + "/traces/" + r.hex(32);
  }

  /**
   * A truth-file template key from a fixed line's text: ids, hashes and numbers left out, and only
   * characters that need no JSON escaping kept.
   */
  static String truthKey(String text) {
    return text.replaceAll("[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}|[0-9a-f]{7,}|[0-9]", "")
        .replaceAll("[^A-Za-z #:/._-]", "")
        .trim();
  }

  private static final Map<String, DateTimeFormatter> FORMATS = new ConcurrentHashMap<>();

  static String fmt(long nanos, String pattern) {
    return LocalDateTime.ofEpochSecond(
            Math.floorDiv(nanos, 1_000_000_000L),
            (int) Math.floorMod(nanos, 1_000_000_000L),
            ZoneOffset.UTC)
        .format(FORMATS.computeIfAbsent(pattern, p -> DateTimeFormatter.ofPattern(p, Locale.ROOT)));
  }

  /** Protobuf JSON Duration: 0, 3, 6 or 9 fractional digits, as the value needs. */
  static String duration(long nanos) {
    long s = nanos / 1_000_000_000L;
    long f = nanos % 1_000_000_000L;
    if (f == 0) {
      return s + "s";
    }
    String frac = Long.toString(f + 1_000_000_000L).substring(1); // nine digits
    if (f % 1_000_000 == 0) {
      frac = frac.substring(0, 3);
    } else if (f % 1_000 == 0) {
      frac = frac.substring(0, 6);
    }
    return s + "." + frac + "s";
  }

  Draft k8s(Workload w, boolean stderr, String key) {
    Draft d = new Draft();
    d.templateKey = key;
    d.insertId = r.alnum(16);
    String pod = r.pick(w.pods);
    d.resourceType = "k8s_container";
    d.resourceLabels =
        strings(
            "cluster_name", CLUSTER,
            "container_name", w.container,
            "location", REGION,
            "namespace_name", w.namespace,
            "pod_name", pod,
            "project_id", PROJECT);
    d.labels =
        strings(
            "compute.googleapis.com/resource_name", w.nodeName(),
            "k8s-pod/app", w.app,
            "k8s-pod/pod-template-hash", w.hash);
    d.logName = "projects/" + PROJECT + "/logs/" + (stderr ? "stderr" : "stdout");
    d.severity = stderr ? "ERROR" : "INFO";
    d.timestampDigits = 9;
    return d;
  }

  Draft k8sText(Workload w, boolean stderr, String key, String text) {
    Draft d = k8s(w, stderr, key);
    d.textPayload = text;
    return d;
  }

  /** Structured logging: GKE lifts severity out of the JSON line and keeps the rest. */
  Draft k8sJson(Workload w, String key, String severity, Map<String, Object> payload) {
    Draft d = k8s(w, false, key);
    d.severity = severity;
    d.jsonPayload = payload;
    return d;
  }

  // ---------------------------------------------------------------- GKE plain-text app logs

  Draft gkeText(long t) {
    switch (r.nextInt(13)) {
      case 0:
      case 1:
        return k8sText(
            FRONTEND,
            false,
            "gke.frontend.render",
            "Rendered product page product_id="
                + r.between(1000, 99999)
                + " in "
                + r.between(3, 180)
                + "ms");
      case 2:
        return k8sText(
            CART,
            false,
            "gke.cart.add",
            "Added item sku=" + sku() + " qty=" + r.between(1, 4) + " to cart cart_id=" + r.uuid());
      case 3:
        return k8sText(
            CHECKOUT,
            false,
            "gke.checkout.start",
            "Checkout started order="
                + orderId()
                + " user="
                + email()
                + " items="
                + r.between(1, 9)
                + " total="
                + amount()
                + " "
                + r.pick(CURRENCIES));
      case 4:
        return k8sText(
            CHECKOUT,
            false,
            "gke.checkout.completed",
            "Order "
                + orderId()
                + " completed, charged "
                + amount()
                + " EUR via "
                + r.pick(PROVIDERS));
      case 5:
        return k8sText(
            AUTH,
            false,
            "gke.auth.login",
            "User "
                + email()
                + " logged in from "
                + publicIp()
                + " (mfa="
                + r.pick(new String[] {"totp", "webauthn", "none"})
                + ")");
      case 6:
        return k8sText(
            INVENTORY,
            false,
            "gke.inventory.cache_miss",
            "Cache miss for key inventory:"
                + sku()
                + ", loaded from Spanner in "
                + r.between(2, 95)
                + "ms");
      case 7:
        return k8sText(
            INVENTORY,
            false,
            "gke.inventory.sync",
            "Synced "
                + r.between(10, 5000)
                + " inventory records from warehouse "
                + r.pick(new String[] {"AMS-1", "FRA-2", "DUB-1"})
                + " in "
                + r.between(120, 9000)
                + "ms");
      case 8:
        return k8sText(
            FRONTEND,
            false,
            "gke.frontend.healthz",
            "GET /healthz 200 " + r.between(0, 3) + "ms uptime=" + r.between(60, 900000) + "s");
      case 9:
        return k8sText(
            AUTH,
            false,
            "gke.auth.db_connect",
            "Connecting to database host=10.20.3."
                + r.between(2, 40)
                + " port=5432 user=auth_svc password="
                + r.alnum(6)
                + r.upper(4)
                + r.digits(2)
                + " dbname=identity sslmode=require");
      case 10:
        return k8sText(
            AUTH,
            false,
            "gke.auth.debug_headers",
            "DEBUG outgoing request to https://accounts.partner.example.com/v2/userinfo headers:"
                + " Authorization: Bearer "
                + bearer()
                + " X-Request-Id: "
                + r.uuid());
      case 11:
        return k8sText(
            CART,
            false,
            "gke.cart.expired",
            "Expired " + r.between(1, 300) + " abandoned carts older than 72h");
      default:
        return k8sText(
            RECOMMEND,
            false,
            "gke.recommend.served",
            "Served "
                + r.between(3, 12)
                + " recommendations for user_id="
                + r.digits(7)
                + " model=v"
                + r.between(40, 43)
                + " in "
                + r.between(4, 60)
                + "ms");
    }
  }

  /** Errors and warnings written as plain text on stderr (GKE marks them ERROR). */
  Draft gkeStderr(long t, int variant) {
    switch (variant >= 0 ? variant : r.nextInt(4)) {
      case 0:
        return k8sText(
            RECOMMEND,
            true,
            "gke.recommend.deadline",
            "grpc call to recommendations.RecommendationService/ListRecommendations failed:"
                + " DEADLINE_EXCEEDED after "
                + r.between(500, 2000)
                + "ms");
      case 1:
        return k8sText(
            CART,
            true,
            "gke.cart.redis_reconnect",
            "redis: connection pool exhausted (pool_size="
                + r.pick(new String[] {"32", "64"})
                + "), retrying in "
                + r.between(50, 500)
                + "ms");
      case 2:
        return k8sText(
            FRONTEND,
            true,
            "gke.frontend.template_warning",
            "WARN template product.html rendered with missing image for sku=" + sku());
      default:
        return paymentTimeout();
    }
  }

  /** The message the error-burst incident repeats. */
  Draft paymentTimeout() {
    return k8sText(
        CHECKOUT,
        true,
        "gke.checkout.payment_timeout",
        "payment provider timeout after 30s order=" + orderId());
  }

  /** The template that only appears late in the run (new-error incident). */
  Draft newError() {
    return k8sText(
        INVENTORY,
        true,
        "gke.inventory.deserialize_unknown_field",
        "Failed to deserialize event from topic inventory-updates: unknown field"
            + " \"warehouse_zone\" at offset "
            + r.between(100000, 999999)
            + " partition "
            + r.between(0, 11));
  }

  // ---------------------------------------------------------------- GKE structured JSON logs

  Draft gkeJson(long t) {
    switch (r.nextInt(8)) {
      case 0:
      case 1:
        return k8sJson(
            PAYMENTS,
            "json.payments.authorized",
            "INFO",
            obj(
                "message",
                "payment authorized",
                "order_id",
                orderId(),
                "provider",
                r.pick(PROVIDERS),
                "amount_cents",
                r.between(500, 48000),
                "currency",
                r.pick(CURRENCIES),
                "latency_ms",
                r.between(80, 1400)));
      case 2:
        return k8sJson(
            PAYMENTS,
            "json.payments.declined",
            "WARNING",
            obj(
                "message",
                "card declined: "
                    + r.pick(new String[] {"insufficient funds", "expired card", "do not honor"}),
                "order_id",
                orderId(),
                "provider",
                r.pick(PROVIDERS),
                "decline_code",
                "card_declined"));
      case 3:
        return k8sJson(
            CHECKOUT,
            "json.orders.state",
            "INFO",
            obj(
                "msg",
                "order "
                    + orderId()
                    + " state changed from "
                    + r.pick(
                        new String[] {
                          "PENDING to PAID", "PAID to SHIPPED", "SHIPPED to DELIVERED"
                        }),
                "logger",
                "com.acme.orders.OrderStateMachine",
                "thread",
                "orders-worker-" + r.between(1, 8)));
      case 4:
        return k8sJson(
            INVENTORY,
            "json.worker.batch",
            "INFO",
            obj(
                "message",
                "processed batch of "
                    + r.between(1, 500)
                    + " events from topic orders-events in "
                    + r.between(5, 900)
                    + " ms",
                "component",
                "consumer",
                "offset",
                r.between(1000000, 9999999)));
      case 5:
        return k8sJson(
            FRONTEND,
            "json.envoy.upstream",
            "WARNING",
            obj(
                "error",
                "upstream connect error or disconnect/reset before headers. reset"
                    + " reason: connection failure, transport failure reason: delayed connect"
                    + " error: 111",
                "upstream_cluster",
                "outbound|8080||cart.shop.svc.cluster.local",
                "response_code",
                503));
      case 6:
        return k8sJson(
            PAYMENTS,
            "json.payments.partner_call",
            "DEBUG",
            obj(
                "message",
                "calling partner API https://api.partner.example.com/v1/charges with"
                    + " api_key=sk_live_"
                    + r.base64Url(24).replace('-', 'x').replace('_', 'y'),
                "attempt",
                r.between(1, 3)));
      default:
        return k8sJson(
            AUTH,
            "json.auth.token_issued",
            "INFO",
            obj(
                "message",
                "issued access token for client "
                    + r.pick(new String[] {"web-shop", "ios-app", "android-app", "partner-portal"}),
                "user",
                obj("id", r.digits(7), "email", email()),
                "scopes",
                List.of("openid", "profile"),
                "ttl_s",
                3600));
    }
  }

  // ---------------------------------------------------------------- stack traces

  Draft stackTrace(long t, int variant) {
    switch (variant >= 0 ? variant : r.nextInt(4)) {
      case 0:
        return k8sText(
            CART,
            true,
            "trace.java.npe",
            fmt(t, "yyyy-MM-dd HH:mm:ss.SSS")
                + " ERROR 1 --- [nio-8080-exec-"
                + r.between(1, 10)
                + "] o.a.c.c.C.[.[.[/].[dispatcherServlet]    : Servlet.service() for servlet"
                + " [dispatcherServlet] threw exception\n"
                + "java.lang.NullPointerException: Cannot invoke \"com.acme.cart.Cart.getItems()\""
                + " because \"cart\" is null\n"
                + "\tat com.acme.cart.CartService.total(CartService.java:87)\n"
                + "\tat com.acme.cart.CartController.summary(CartController.java:42)\n"
                + "\tat java.base/jdk.internal.reflect.DirectMethodHandleAccessor.invoke("
                + "DirectMethodHandleAccessor.java:103)\n"
                + "\tat org.springframework.web.servlet.FrameworkServlet.service("
                + "FrameworkServlet.java:885)\n"
                + "\tat org.apache.catalina.core.ApplicationFilterChain.doFilter("
                + "ApplicationFilterChain.java:166)\n"
                + "\tat java.base/java.lang.Thread.run(Thread.java:1583)");
      case 1:
        return k8sText(
            CHECKOUT,
            true,
            "trace.java.jdbc",
            "org.springframework.dao.DataAccessResourceFailureException: Unable to acquire JDBC"
                + " Connection; nested exception is java.sql.SQLTransientConnectionException:"
                + " HikariPool-1 - Connection is not available, request timed out after "
                + r.between(30000, 30050)
                + "ms.\n"
                + "\tat org.springframework.orm.jpa.vendor.HibernateJpaDialect"
                + ".convertHibernateAccessException(HibernateJpaDialect.java:277)\n"
                + "\tat com.acme.checkout.OrderRepository.save(OrderRepository.java:58)\n"
                + "\tat com.acme.checkout.CheckoutService.placeOrder(CheckoutService.java:131)\n"
                + "Caused by: java.sql.SQLTransientConnectionException: HikariPool-1 - Connection"
                + " is not available, request timed out after 30000ms.\n"
                + "\tat com.zaxxer.hikari.pool.HikariPool.createTimeoutException("
                + "HikariPool.java:696)\n"
                + "\t... 42 common frames omitted");
      case 2:
        return k8sText(
            RECOMMEND,
            true,
            "trace.python.keyerror",
            "Traceback (most recent call last):\n"
                + "  File \"/app/server.py\", line 118, in ListRecommendations\n"
                + "    features = self.store.features(request.user_id)\n"
                + "  File \"/app/store.py\", line 64, in features\n"
                + "    return row[\"segment_"
                + r.between(1, 9)
                + "\"]\n"
                + "KeyError: 'segment_"
                + r.between(1, 9)
                + "'");
      default:
        return k8sText(
            RECOMMEND,
            true,
            "trace.python.readtimeout",
            "Traceback (most recent call last):\n"
                + "  File \"/usr/local/lib/python3.12/site-packages/urllib3/connectionpool.py\","
                + " line 537, in _make_request\n"
                + "    response = conn.getresponse()\n"
                + "  File \"/app/clients/catalog.py\", line 31, in fetch\n"
                + "    return self.session.get(url, timeout=10).json()\n"
                + "requests.exceptions.ReadTimeout: HTTPSConnectionPool(host='catalog.internal"
                + ".example.com', port=443): Read timed out. (read timeout=10)");
    }
  }
}
