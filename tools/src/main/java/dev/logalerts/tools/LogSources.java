package dev.logalerts.tools;

import static dev.logalerts.tools.Draft.obj;
import static dev.logalerts.tools.Draft.strings;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The log sources of a fictional shop running on Google Cloud, each producing LogEntries in the
 * shape the real product writes them: GKE containers (plain text on stdout/stderr, structured
 * JSON, Java and Python stack traces), the external HTTP(S) load balancer, Cloud Run request and
 * application logs, Cloud Audit Logs, Cloud Composer (Airflow) task logs, Dataflow workers, GCE
 * syslog and Cloud Functions. Every message comes from a named template ({@link
 * Draft#templateKey}) whose variable parts (ids, IPs, durations, emails, secrets) are drawn from
 * the generator's {@link Rng}.
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

  private static final String[] FIRST =
      {"alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan", "judy", "mallory",
       "niaj", "olivia", "peggy", "rupert", "sybil", "trent", "victor", "walter", "yusuf"};
  private static final String[] LAST =
      {"smith", "jones", "garcia", "muller", "rossi", "dubois", "novak", "kowalski", "silva",
       "tanaka", "okafor", "larsen"};
  private static final String[] DOMAINS = {"example.com", "example.org", "mail.example.net"};
  private static final String[] SKUS = {"TSHIRT", "HOODIE", "MUG", "CAP", "SOCKS", "BAG", "POSTER"};
  private static final String[] PROVIDERS = {"stripe", "adyen", "paypal"};
  private static final String[] CURRENCIES = {"EUR", "EUR", "EUR", "USD", "GBP"};
  private static final String[] USER_AGENTS = {
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
        + " Chrome/131.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko)"
        + " Version/18.1 Safari/605.1.15",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like"
        + " Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (X11; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0",
    "okhttp/4.12.0",
    "Googlebot/2.1 (+http://www.google.com/bot.html)",
    "GoogleHC/1.0",
    "curl/8.5.0",
  };
  private static final String[] SEARCH_WORDS =
      {"hoodie", "black+mug", "gift", "socks", "sale", "cap", "poster+a2", "bag"};

  /** A GKE workload: namespace, container, app label and three stable pods. */
  private static final class Workload {
    final String namespace;
    final String container;
    final String app;
    final String[] pods;
    final String hash;
    final String node;

    Workload(String namespace, String container, String hash, String node) {
      this.namespace = namespace;
      this.container = container;
      this.app = container;
      this.hash = hash;
      this.node = node;
      this.pods = new String[] {
        container + "-" + hash + "-" + suffix(hash, 1),
        container + "-" + hash + "-" + suffix(hash, 2),
        container + "-" + hash + "-" + suffix(hash, 3)
      };
    }

    private static String suffix(String hash, int i) {
      String a = "bcdfghjklmnpqrstvwxz2456789";
      StringBuilder sb = new StringBuilder();
      int h = hash.hashCode() * 31 + i;
      for (int k = 0; k < 5; k++) {
        sb.append(a.charAt(Math.floorMod(h, a.length())));
        h = h * 131 + 7;
      }
      return sb.toString();
    }
  }

  static final Workload FRONTEND = new Workload("shop", "frontend", "6f7c9d8b4d", "a1b2");
  static final Workload CART = new Workload("shop", "cart", "5b8d7f6c9b", "a1b2");
  static final Workload CHECKOUT = new Workload("shop", "checkout", "7d9f8b6c5d", "c3d4");
  static final Workload INVENTORY = new Workload("shop", "inventory", "84c6d5f7b9", "c3d4");
  static final Workload PAYMENTS = new Workload("payments", "payments-api", "9c5b6d7f8d", "e5f6");
  static final Workload AUTH = new Workload("identity", "auth", "76d8c9b5f4", "e5f6");
  static final Workload RECOMMEND = new Workload("shop", "recommendations", "5f9c8d7b6", "a1b2");
  static final Workload BILLING = new Workload("batch", "nightly-billing", "28871430", "e5f6");

  private final Rng r;

  LogSources(Rng r) {
    this.r = r;
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
        return r.between(34, 109) + "." + r.between(0, 255) + "." + r.between(0, 255) + "."
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

  private static final Map<String, DateTimeFormatter> FORMATS = new ConcurrentHashMap<>();

  static String fmt(long nanos, String pattern) {
    return LocalDateTime.ofEpochSecond(
            Math.floorDiv(nanos, 1_000_000_000L), (int) Math.floorMod(nanos, 1_000_000_000L),
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
    String frac = LogGenerator.nineDigits(f);
    if (f % 1_000_000 == 0) {
      frac = frac.substring(0, 3);
    } else if (f % 1_000 == 0) {
      frac = frac.substring(0, 6);
    }
    return s + "." + frac + "s";
  }

  private Draft k8s(Workload w, boolean stderr, String key) {
    Draft d = new Draft();
    d.templateKey = key;
    d.insertId = r.alnum(16);
    String pod = r.pick(w.pods);
    d.resourceType = "k8s_container";
    d.resourceLabels = strings(
        "cluster_name", CLUSTER,
        "container_name", w.container,
        "location", REGION,
        "namespace_name", w.namespace,
        "pod_name", pod,
        "project_id", PROJECT);
    d.labels = strings(
        "compute.googleapis.com/resource_name",
            "gke-" + CLUSTER + "-default-pool-" + w.node + "9e1f-" + w.node.charAt(0) + "x7q",
        "k8s-pod/app", w.app,
        "k8s-pod/pod-template-hash", w.hash);
    d.logName = "projects/" + PROJECT + "/logs/" + (stderr ? "stderr" : "stdout");
    d.severity = stderr ? "ERROR" : "INFO";
    d.timestampDigits = 9;
    return d;
  }

  private Draft k8sText(Workload w, boolean stderr, String key, String text) {
    Draft d = k8s(w, stderr, key);
    d.textPayload = text;
    return d;
  }

  /** Structured logging: GKE lifts severity out of the JSON line and keeps the rest. */
  private Draft k8sJson(Workload w, String key, String severity, Map<String, Object> payload) {
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
        return k8sText(FRONTEND, false, "gke.frontend.render",
            "Rendered product page product_id=" + r.between(1000, 99999) + " in "
                + r.between(3, 180) + "ms");
      case 2:
        return k8sText(CART, false, "gke.cart.add",
            "Added item sku=" + sku() + " qty=" + r.between(1, 4) + " to cart cart_id="
                + r.uuid());
      case 3:
        return k8sText(CHECKOUT, false, "gke.checkout.start",
            "Checkout started order=" + orderId() + " user=" + email() + " items="
                + r.between(1, 9) + " total=" + amount() + " " + r.pick(CURRENCIES));
      case 4:
        return k8sText(CHECKOUT, false, "gke.checkout.completed",
            "Order " + orderId() + " completed, charged " + amount() + " EUR via "
                + r.pick(PROVIDERS));
      case 5:
        return k8sText(AUTH, false, "gke.auth.login",
            "User " + email() + " logged in from " + publicIp() + " (mfa=" + r.pick(
                new String[] {"totp", "webauthn", "none"}) + ")");
      case 6:
        return k8sText(INVENTORY, false, "gke.inventory.cache_miss",
            "Cache miss for key inventory:" + sku() + ", loaded from Spanner in "
                + r.between(2, 95) + "ms");
      case 7:
        return k8sText(INVENTORY, false, "gke.inventory.sync",
            "Synced " + r.between(10, 5000) + " inventory records from warehouse "
                + r.pick(new String[] {"AMS-1", "FRA-2", "DUB-1"}) + " in " + r.between(120, 9000)
                + "ms");
      case 8:
        return k8sText(FRONTEND, false, "gke.frontend.healthz",
            "GET /healthz 200 " + r.between(0, 3) + "ms uptime=" + r.between(60, 900000) + "s");
      case 9:
        return k8sText(AUTH, false, "gke.auth.db_connect",
            "Connecting to database host=10.20.3." + r.between(2, 40)
                + " port=5432 user=auth_svc password=" + r.alnum(6) + r.upper(4) + r.digits(2)
                + " dbname=identity sslmode=require");
      case 10:
        return k8sText(AUTH, false, "gke.auth.debug_headers",
            "DEBUG outgoing request to https://accounts.partner.example.com/v2/userinfo headers:"
                + " Authorization: Bearer " + bearer() + " X-Request-Id: " + r.uuid());
      case 11:
        return k8sText(CART, false, "gke.cart.expired",
            "Expired " + r.between(1, 300) + " abandoned carts older than 72h");
      default:
        return k8sText(RECOMMEND, false, "gke.recommend.served",
            "Served " + r.between(3, 12) + " recommendations for user_id=" + r.digits(7)
                + " model=v" + r.between(40, 43) + " in " + r.between(4, 60) + "ms");
    }
  }

  /** Errors and warnings written as plain text on stderr (GKE marks them ERROR). */
  Draft gkeStderr(long t, int variant) {
    switch (variant >= 0 ? variant : r.nextInt(4)) {
      case 0:
        return k8sText(RECOMMEND, true, "gke.recommend.deadline",
            "grpc call to recommendations.RecommendationService/ListRecommendations failed:"
                + " DEADLINE_EXCEEDED after " + r.between(500, 2000) + "ms");
      case 1:
        return k8sText(CART, true, "gke.cart.redis_reconnect",
            "redis: connection pool exhausted (pool_size=" + r.pick(new String[] {"32", "64"})
                + "), retrying in " + r.between(50, 500) + "ms");
      case 2:
        return k8sText(FRONTEND, true, "gke.frontend.template_warning",
            "WARN template product.html rendered with missing image for sku=" + sku());
      default:
        return paymentTimeout();
    }
  }

  /** The message the error-burst incident repeats. */
  Draft paymentTimeout() {
    return k8sText(CHECKOUT, true, "gke.checkout.payment_timeout",
        "payment provider timeout after 30s order=" + orderId());
  }

  /** The template that only appears late in the run (new-error incident). */
  Draft newError() {
    return k8sText(INVENTORY, true, "gke.inventory.deserialize_unknown_field",
        "Failed to deserialize event from topic inventory-updates: unknown field"
            + " \"warehouse_zone\" at offset " + r.between(100000, 999999) + " partition "
            + r.between(0, 11));
  }

  // ---------------------------------------------------------------- GKE structured JSON logs

  Draft gkeJson(long t) {
    switch (r.nextInt(8)) {
      case 0:
      case 1:
        return k8sJson(PAYMENTS, "json.payments.authorized", "INFO",
            obj("message", "payment authorized", "order_id", orderId(), "provider",
                r.pick(PROVIDERS), "amount_cents", r.between(500, 48000), "currency",
                r.pick(CURRENCIES), "latency_ms", r.between(80, 1400)));
      case 2:
        return k8sJson(PAYMENTS, "json.payments.declined", "WARNING",
            obj("message", "card declined: " + r.pick(new String[] {
                    "insufficient funds", "expired card", "do not honor"}),
                "order_id", orderId(), "provider", r.pick(PROVIDERS), "decline_code",
                "card_declined"));
      case 3:
        return k8sJson(CHECKOUT, "json.orders.state", "INFO",
            obj("msg", "order " + orderId() + " state changed from "
                    + r.pick(new String[] {"PENDING to PAID", "PAID to SHIPPED",
                        "SHIPPED to DELIVERED"}),
                "logger", "com.acme.orders.OrderStateMachine", "thread",
                "orders-worker-" + r.between(1, 8)));
      case 4:
        return k8sJson(INVENTORY, "json.worker.batch", "INFO",
            obj("message", "processed batch of " + r.between(1, 500)
                    + " events from topic orders-events in " + r.between(5, 900) + " ms",
                "component", "consumer", "offset", r.between(1000000, 9999999)));
      case 5:
        return k8sJson(FRONTEND, "json.envoy.upstream", "WARNING",
            obj("error", "upstream connect error or disconnect/reset before headers. reset"
                    + " reason: connection failure, transport failure reason: delayed connect"
                    + " error: 111",
                "upstream_cluster", "outbound|8080||cart.shop.svc.cluster.local",
                "response_code", 503));
      case 6:
        return k8sJson(PAYMENTS, "json.payments.partner_call", "DEBUG",
            obj("message", "calling partner API https://api.partner.example.com/v1/charges with"
                    + " api_key=sk_live_" + r.base64Url(24).replace('-', 'x').replace('_', 'y'),
                "attempt", r.between(1, 3)));
      default:
        return k8sJson(AUTH, "json.auth.token_issued", "INFO",
            obj("message", "issued access token for client " + r.pick(new String[] {
                    "web-shop", "ios-app", "android-app", "partner-portal"}),
                "user", obj("id", r.digits(7), "email", email()), "scopes",
                List.of("openid", "profile"), "ttl_s", 3600));
    }
  }

  // ---------------------------------------------------------------- stack traces

  Draft stackTrace(long t, int variant) {
    switch (variant >= 0 ? variant : r.nextInt(4)) {
      case 0:
        return k8sText(CART, true, "trace.java.npe",
            fmt(t, "yyyy-MM-dd HH:mm:ss.SSS") + " ERROR 1 --- [nio-8080-exec-" + r.between(1, 10)
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
        return k8sText(CHECKOUT, true, "trace.java.jdbc",
            "org.springframework.dao.DataAccessResourceFailureException: Unable to acquire JDBC"
                + " Connection; nested exception is java.sql.SQLTransientConnectionException:"
                + " HikariPool-1 - Connection is not available, request timed out after "
                + r.between(30000, 30050) + "ms.\n"
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
        return k8sText(RECOMMEND, true, "trace.python.keyerror",
            "Traceback (most recent call last):\n"
                + "  File \"/app/server.py\", line 118, in ListRecommendations\n"
                + "    features = self.store.features(request.user_id)\n"
                + "  File \"/app/store.py\", line 64, in features\n"
                + "    return row[\"segment_" + r.between(1, 9) + "\"]\n"
                + "KeyError: 'segment_" + r.between(1, 9) + "'");
      default:
        return k8sText(RECOMMEND, true, "trace.python.readtimeout",
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

  // ---------------------------------------------------------------- HTTP(S) load balancer

  private static final String[][] WEB_ROUTES = {
    {"GET", "/", "/"},
    {"GET", "/products/{id}", null},
    {"GET", "/static/js/app.{hash}.js", null},
    {"GET", "/search?q={q}", null},
    {"GET", "/cart", "/cart"},
  };
  private static final String[][] API_ROUTES = {
    {"GET", "/api/v1/cart/{id}", null},
    {"POST", "/api/v1/cart/items", "/api/v1/cart/items"},
    {"POST", "/api/v1/checkout", "/api/v1/checkout"},
    {"GET", "/api/v1/orders/{id}", null},
  };

  private String fill(String route) {
    return route
        .replace("{id}", r.digits(r.between(3, 6)))
        .replace("{hash}", r.hex(8))
        .replace("{q}", r.pick(SEARCH_WORDS));
  }

  /**
   * One request through the external load balancer. {@code backend} null picks one;
   * {@code p503} is the chance the backend answers 503 (the 5xx-burst incident raises it).
   */
  Draft lbRequest(long t, String backend, double p503) {
    if (backend == null) {
      backend = r.chance(0.6) ? WEB_BACKEND : API_BACKEND;
    }
    String[] route = r.pick(backend.equals(WEB_BACKEND) ? WEB_ROUTES : API_ROUTES);
    String path = fill(route[1]);
    int status;
    String details = "response_sent_by_backend";
    double u = r.nextDouble();
    if (r.chance(p503)) {
      status = 503;
      details = r.chance(0.7) ? "response_sent_by_backend" : "failed_to_connect_to_backend";
    } else if (u < 0.004) {
      status = 500;
    } else if (u < 0.03) {
      status = 404;
    } else if (u < 0.06 && route[0].equals("GET")) {
      status = 304;
    } else if (u < 0.065) {
      status = 499;
      details = "client_disconnected_before_any_response";
    } else {
      status = route[0].equals("POST") ? (r.chance(0.3) ? 201 : 200) : 200;
    }
    long latencyMicros = status >= 500 ? (long) (r.logNormal(300, 0.5) * 1000)
        : (long) (r.logNormal(45, 0.8) * 1000);
    if ("failed_to_connect_to_backend".equals(details)) {
      latencyMicros = r.between(1000, 5000);
    }
    String ip = publicIp();
    Draft d = new Draft();
    int query = route[1].indexOf('?');
    d.templateKey = "lb.request:" + route[0] + " "
        + (query < 0 ? route[1] : route[1].substring(0, query));
    d.insertId = r.alnum(14);
    d.jsonPayload = obj(
        "@type", "type.googleapis.com/google.cloud.loadbalancing.type.LoadBalancerLogEntry",
        "backendTargetProjectNumber", "projects/" + PROJECT_NUMBER,
        "cacheDecision", route[1].startsWith("/static") ? List.of("RESPONSE_HAS_CACHE_CONTROL",
            "CACHE_MODE_USE_ORIGIN_HEADERS") : null,
        "remoteIp", ip,
        "statusDetails", details);
    d.httpRequest = obj(
        "requestMethod", route[0],
        "requestUrl", "https://shop.example.com" + path,
        "requestSize", Integer.toString(route[0].equals("POST") ? r.between(400, 4000)
            : r.between(90, 900)),
        "status", status,
        "responseSize", Integer.toString(status == 304 ? 0 : r.between(180, 250000)),
        "userAgent", r.pick(USER_AGENTS),
        "remoteIp", ip,
        "serverIp", status == 503 && details.startsWith("failed") ? null : podIp(),
        "referer", r.chance(0.5) ? "https://shop.example.com/" : null,
        "latency", duration(latencyMicros * 1000),
        "protocol", r.chance(0.7) ? "HTTP/2.0" : "HTTP/1.1");
    d.resourceType = "http_load_balancer";
    d.resourceLabels = strings(
        "backend_service_name", backend,
        "forwarding_rule_name", "shop-https-forwarding-rule",
        "project_id", PROJECT,
        "target_proxy_name", "shop-https-proxy",
        "url_map_name", "shop-url-map",
        "zone", "global");
    d.severity = status >= 500 ? "WARNING" : "INFO";
    d.logName = "projects/" + PROJECT + "/logs/requests";
    d.trace = trace();
    d.spanId = r.hex(16);
    d.timestampDigits = 6;
    return d;
  }

  // ---------------------------------------------------------------- Cloud Run

  private Draft run(String service, String revisionSuffix, String key) {
    Draft d = new Draft();
    d.templateKey = key;
    d.insertId = r.alnum(12);
    d.resourceType = "cloud_run_revision";
    d.resourceLabels = strings(
        "configuration_name", service,
        "location", REGION,
        "project_id", PROJECT,
        "revision_name", service + "-" + revisionSuffix,
        "service_name", service);
    d.labels = strings("instanceId", "00f46b9285" + r.hex(6) + "c1f5e5d0a7cf2bb39e0bd4d1");
    d.timestampDigits = 6;
    return d;
  }

  /**
   * A Cloud Run request log; {@code slow} puts a quarter of the requests at 2–4 s and 12% at the
   * 4 s timeout (504).
   */
  Draft runRequest(long t, String service, boolean slow) {
    return runRequest(t, service, slow, 0);
  }

  /** As above; {@code forcedStatus} > 0 sets the HTTP status. */
  Draft runRequest(long t, String service, boolean slow, int forcedStatus) {
    if (service == null) {
      service = r.chance(0.65) ? SLOW_RUN_SERVICE : RUN_IMAGE_SERVICE;
    }
    boolean pricing = service.equals(SLOW_RUN_SERVICE);
    String method = pricing ? "GET" : "POST";
    String route = pricing ? "/v1/prices/{sku}" : "/resize";
    String url = pricing ? "/v1/prices/" + sku() + "?currency=" + r.pick(CURRENCIES)
        : "/resize";
    int status = forcedStatus > 0 ? forcedStatus
        : r.chance(0.02) ? 429 : 200; // no background 5xx: the 5xx-ratio rule stays quiet
    long latencyNanos;
    if (slow && r.chance(0.12)) {
      // The slow dependency also makes some requests hit the 4 s request timeout.
      status = 504;
      latencyNanos = r.betweenLong(3_900_000_000L, 4_000_000_000L);
    } else if (slow && r.chance(0.25)) {
      latencyNanos = r.betweenLong(2_000_000_000L, 4_000_000_000L);
    } else {
      latencyNanos = (long) (r.logNormal(pricing ? 0.040 : 0.180, 0.6) * 1e9);
      if (slow) {
        latencyNanos = latencyNanos * 4;
      }
    }
    Draft d = run(service, pricing ? "00042-xuq" : "00017-kef",
        "run.request:" + method + " " + route);
    d.httpRequest = obj(
        "requestMethod", method,
        "requestUrl", "https://" + service + "-x7kq2pq4a-ew.a.run.app" + url,
        "requestSize", Integer.toString(pricing ? r.between(300, 700) : r.between(20000, 900000)),
        "status", status,
        "responseSize", Integer.toString(pricing ? r.between(200, 900) : r.between(5000, 80000)),
        "userAgent", pricing ? "Go-http-client/2.0" : "okhttp/4.12.0",
        "remoteIp", podIp(),
        "serverIp", "216.239.3" + r.between(2, 8) + ".53",
        "latency", duration(latencyNanos),
        "protocol", "HTTP/1.1");
    d.severity = status >= 500 ? "ERROR" : status >= 400 ? "WARNING" : "INFO";
    d.logName = "projects/" + PROJECT + "/logs/run.googleapis.com%2Frequests";
    d.trace = trace();
    d.spanId = r.digits(19);
    d.traceSampled = r.chance(0.1) ? Boolean.TRUE : null;
    return d;
  }

  Draft runApp(long t) {
    Draft d;
    switch (r.nextInt(3)) {
      case 0:
        d = run(RUN_IMAGE_SERVICE, "00017-kef", "run.app.resized");
        d.textPayload = "Resized image gs://acme-shop-media/uploads/" + r.uuid() + ".jpg to "
            + r.pick(new String[] {"640x480", "1280x960", "320x240"}) + " in "
            + r.between(40, 900) + "ms";
        d.severity = "INFO";
        break;
      case 1:
        d = run(SLOW_RUN_SERVICE, "00042-xuq", "run.app.price_cache");
        d.textPayload = "price cache refreshed: " + r.between(2000, 2400) + " skus, "
            + r.between(0, 40) + " changed";
        d.severity = "DEFAULT";
        break;
      default:
        d = run(SLOW_RUN_SERVICE, "00042-xuq", "run.app.listening");
        d.textPayload = "Listening on port 8080 (instance started in " + r.between(300, 2500)
            + "ms)";
        d.severity = "DEFAULT";
        break;
    }
    d.logName = "projects/" + PROJECT + "/logs/run.googleapis.com%2F"
        + (d.templateKey.equals("run.app.price_cache") ? "stderr" : "stdout");
    return d;
  }

  // ---------------------------------------------------------------- Cloud Audit Logs

  /** An audit log entry; {@code deniedIam} forces a PERMISSION_DENIED SetIamPolicy (ERROR). */
  Draft audit(long t, boolean deniedIam) {
    String who = r.chance(0.6)
        ? r.pick(new String[] {"deployer", "terraform", "composer-worker", "dataflow-runner"})
            + "@" + PROJECT + ".iam.gserviceaccount.com"
        : email();
    String service;
    String method;
    String resourceName;
    String resourceType;
    Map<String, String> resourceLabels;
    String log = "activity";
    boolean denied = false;
    Map<String, Object> operation = null;
    switch (deniedIam ? 3 : r.nextInt(6)) {
      case 0:
        service = "storage.googleapis.com";
        method = "storage.objects.get";
        String bucket = r.pick(new String[] {"acme-shop-exports", "acme-shop-media"});
        resourceName = "projects/_/buckets/" + bucket + "/objects/" + fmt(t, "yyyy/MM/dd")
            + "/part-" + r.digits(5) + ".json";
        resourceType = "gcs_bucket";
        resourceLabels = strings("bucket_name", bucket, "location", REGION,
            "project_id", PROJECT);
        log = "data_access";
        break;
      case 1:
        service = "iam.googleapis.com";
        method = "google.iam.admin.v1.CreateServiceAccountKey";
        resourceName = "projects/-/serviceAccounts/1" + r.digits(20);
        resourceType = "service_account";
        resourceLabels = strings("email_id", "deployer@" + PROJECT + ".iam.gserviceaccount.com",
            "project_id", PROJECT, "unique_id", "1" + r.digits(20));
        break;
      case 2:
        service = "compute.googleapis.com";
        method = "v1.compute.instances.insert";
        String zone = REGION + "-" + r.pick(new String[] {"b", "c", "d"});
        String instanceId = r.digits(19);
        resourceName = "projects/" + PROJECT + "/zones/" + zone + "/instances/ci-runner-"
            + r.alnum(5);
        resourceType = "gce_instance";
        resourceLabels = strings("instance_id", instanceId, "project_id", PROJECT, "zone", zone);
        operation = obj("id", "operation-" + r.digits(13) + "-" + r.hex(12), "producer",
            "compute.googleapis.com", "first", Boolean.TRUE);
        break;
      case 3:
        service = "cloudresourcemanager.googleapis.com";
        method = "SetIamPolicy";
        resourceName = "projects/" + PROJECT;
        resourceType = "project";
        resourceLabels = strings("project_id", PROJECT);
        denied = deniedIam || r.chance(0.15);
        break;
      case 4:
        service = "bigquery.googleapis.com";
        method = "google.cloud.bigquery.v2.JobService.InsertJob";
        resourceName = "projects/" + PROJECT + "/jobs/bquxjob_" + r.hex(8) + "_" + r.hex(12);
        resourceType = "bigquery_project";
        resourceLabels = strings("location", "EU", "project_id", PROJECT);
        log = "data_access";
        break;
      default:
        service = "k8s.io";
        method = "io.k8s.core.v1.secrets.get";
        resourceName = "core/v1/namespaces/shop/secrets/checkout-db-credentials";
        resourceType = "k8s_cluster";
        resourceLabels = strings("cluster_name", CLUSTER, "location", REGION,
            "project_id", PROJECT);
        log = "data_access";
        break;
    }
    Draft d = new Draft();
    d.templateKey = "audit:" + method + (denied ? ":denied" : "");
    d.insertId = r.chance(0.5) ? "-" + r.alnum(12) : r.alnum(10) + "e" + r.alnum(3);
    d.protoPayload = obj(
        "@type", "type.googleapis.com/google.cloud.audit.AuditLog",
        "status", denied ? obj("code", 7, "message", "PERMISSION_DENIED") : obj(),
        "authenticationInfo", obj("principalEmail", who),
        "requestMetadata", obj(
            "callerIp", who.endsWith("gserviceaccount.com") ? podIp() : publicIp(),
            "callerSuppliedUserAgent", who.endsWith("gserviceaccount.com")
                ? "google-api-go-client/0.5 Terraform/1.9.8" : "gcloud/502.0.0 command/"
                    + "gcloud.projects.set-iam-policy",
            "requestAttributes", obj(),
            "destinationAttributes", obj()),
        "serviceName", service,
        "methodName", method,
        "authorizationInfo", List.of(obj(
            "resource", resourceName,
            "permission", permissionFor(method),
            "granted", !denied,
            "resourceAttributes", obj())),
        "resourceName", resourceName,
        "resourceLocation", obj("currentLocations", List.of(REGION)));
    d.resourceType = resourceType;
    d.resourceLabels = resourceLabels;
    d.severity = denied ? "ERROR" : log.equals("activity") ? "NOTICE" : "INFO";
    d.logName = "projects/" + PROJECT + "/logs/cloudaudit.googleapis.com%2F" + log;
    d.operation = operation;
    d.timestampDigits = 9;
    return d;
  }

  private static String permissionFor(String method) {
    switch (method) {
      case "storage.objects.get":
        return "storage.objects.get";
      case "google.iam.admin.v1.CreateServiceAccountKey":
        return "iam.serviceAccountKeys.create";
      case "v1.compute.instances.insert":
        return "compute.instances.create";
      case "SetIamPolicy":
        return "resourcemanager.projects.setIamPolicy";
      case "google.cloud.bigquery.v2.JobService.InsertJob":
        return "bigquery.jobs.create";
      default:
        return "io.k8s.core.v1.secrets.get";
    }
  }

  // ---------------------------------------------------------------- Cloud Composer (Airflow)

  static final String COMPOSER_ENV = "composer-prod";

  private Draft airflow(String dag, String task, long runNanos, int tryNumber, String logId,
      String key) {
    Draft d = new Draft();
    d.templateKey = key;
    d.insertId = r.alnum(15);
    d.resourceType = "cloud_composer_environment";
    d.resourceLabels = strings("environment_name", COMPOSER_ENV, "location", REGION,
        "project_id", PROJECT);
    d.labels = dag == null ? strings("process", "scheduler_job_runner.py:" + r.between(800, 990))
        : strings(
            "execution-date", fmt(runNanos, "yyyy-MM-dd'T'HH:mm:ss'+00:00'"),
            "task-id", task,
            "try-number", Integer.toString(tryNumber),
            "worker_id", "airflow-worker-" + r.pick(new String[] {"5b8c7", "7f2d9", "x2lq4"}),
            "workflow", dag);
    d.logName = "projects/" + PROJECT + "/logs/" + logId;
    d.severity = "INFO";
    d.timestampDigits = 3;
    return d;
  }

  /** The lines one Airflow task attempt writes; {@code outcome} SUCCESS, UP_FOR_RETRY or FAILED. */
  Draft[] airflowTask(String dag, String task, long runNanos, long startNanos, long endNanos,
      int tryNumber, String outcome) {
    String ts = "scheduled__" + fmt(runNanos, "yyyy-MM-dd'T'HH:mm:ss'+00:00'");
    String runId = fmt(runNanos, "yyyyMMdd'T'HHmmss");
    Draft running = airflow(dag, task, runNanos, tryNumber, "airflow-worker",
        "airflow.task.running");
    running.textPayload = "Running <TaskInstance: " + dag + "." + task + " " + ts
        + " [running]> on host airflow-worker-" + r.alnum(5);
    String marking = "Marking task as " + outcome + ". dag_id=" + dag + ", task_id=" + task
        + ", execution_date=" + runId + ", start_date=" + fmt(startNanos, "yyyyMMdd'T'HHmmss")
        + ", end_date=" + fmt(endNanos, "yyyyMMdd'T'HHmmss");
    Draft mark = airflow(dag, task, runNanos, tryNumber, "airflow-worker",
        "airflow.task.marking_" + outcome.toLowerCase(Locale.ROOT));
    mark.textPayload = marking;
    Draft exit = airflow(dag, task, runNanos, tryNumber, "airflow-worker",
        outcome.equals("SUCCESS") ? "airflow.task.exit_0" : "airflow.task.exit_1");
    exit.textPayload = "Task exited with return code " + (outcome.equals("SUCCESS") ? 0 : 1);
    if (outcome.equals("SUCCESS")) {
      return new Draft[] {running, mark, exit};
    }
    // Airflow logs "Marking task as ..." and the exit code at INFO; only the traceback is ERROR.
    Draft error = airflow(dag, task, runNanos, tryNumber, "airflow-worker",
        "airflow.task.error_bq");
    error.severity = "ERROR";
    error.textPayload = "Task failed with exception\nTraceback (most recent call last):\n"
        + "  File \"/opt/python3.11/lib/python3.11/site-packages/airflow/models/taskinstance.py\","
        + " line 465, in _execute_task\n"
        + "    result = _execute_callable(context=context, **execute_callable_kwargs)\n"
        + "google.api_core.exceptions.Forbidden: 403 Access Denied: Table " + PROJECT
        + ":exports.orders_" + runId.substring(0, 8) + ": Permission bigquery.tables.getData"
        + " denied on table";
    return new Draft[] {running, error, mark, exit};
  }

  /** Airflow scheduler chatter (no task labels). */
  Draft airflowScheduler(long t) {
    Draft d = airflow(null, null, 0, 0, "airflow-scheduler", "airflow.scheduler.heartbeat");
    if (r.chance(0.5)) {
      d.textPayload = "Sending Stats to StatsD: dag_processing.total_parse_time "
          + r.between(1, 9) + "." + r.digits(3);
      d.templateKey = "airflow.scheduler.parse_time";
    } else {
      d.textPayload = "Heartbeat recovered after " + r.between(5, 60) + "." + r.digits(2)
          + " seconds";
    }
    return d;
  }

  // ---------------------------------------------------------------- Dataflow

  Draft dataflow(long t) {
    String job = "orders-streaming-enrichment";
    String jobId = "2026-11-19_23_10_41-" + "1234567890123456789";
    Draft d = new Draft();
    d.insertId = r.alnum(12) + "_" + r.digits(2);
    d.resourceType = "dataflow_step";
    String step = r.pick(new String[] {"ReadFromPubSub", "ParseOrders", "EnrichWithCatalog",
        "WriteToBigQuery"});
    d.resourceLabels = strings("job_id", jobId, "job_name", job, "project_id", PROJECT,
        "region", REGION, "step_id", step);
    d.labels = strings(
        "compute.googleapis.com/resource_id", r.digits(19),
        "compute.googleapis.com/resource_name", job + "-11192310-" + r.alnum(4) + "-harness-"
            + r.alnum(4),
        "compute.googleapis.com/resource_type", "instance",
        "dataflow.googleapis.com/job_id", jobId,
        "dataflow.googleapis.com/job_name", job,
        "dataflow.googleapis.com/region", REGION);
    d.timestampDigits = 3;
    String message;
    switch (r.nextInt(4)) {
      case 0:
        d.templateKey = "dataflow.bq_insert";
        message = "Flushed " + r.between(1, 500) + " rows to BigQuery table " + PROJECT
            + ":orders.enriched in " + r.between(20, 900) + " ms";
        d.severity = "INFO";
        break;
      case 1:
        d.templateKey = "dataflow.autoscaling";
        message = "Autoscaling: Raised the number of workers to " + r.between(2, 6)
            + " based on the rate of progress in the currently running stage(s).";
        d.severity = "INFO";
        break;
      case 2:
        d.templateKey = "dataflow.catalog_retry";
        message = "Catalog lookup for sku " + sku() + " failed, retrying (attempt "
            + r.between(1, 3) + " of 3): io.grpc.StatusRuntimeException: UNAVAILABLE";
        d.severity = "WARNING";
        break;
      default:
        d.templateKey = "dataflow.gc";
        message = "Memory is used/total/max = " + r.between(800, 2900) + "/" + 3072 + "/"
            + 3072 + " MB, GC last/max = " + r.between(0, 40) + ".00/" + r.between(40, 90)
            + ".00 %, #pushbacks=0, gc thrashing=false";
        d.severity = "INFO";
        break;
    }
    d.jsonPayload = obj(
        "job", jobId,
        "logger", "org.apache.beam.runners.dataflow.worker.StreamingDataflowWorker",
        "message", message,
        "stage", "F" + r.between(10, 60),
        "step", step,
        "thread", r.between(20, 400) + "",
        "worker", job + "-11192310-" + r.alnum(4) + "-harness-" + r.alnum(4));
    d.logName = "projects/" + PROJECT + "/logs/dataflow.googleapis.com%2Fworker";
    return d;
  }

  // ---------------------------------------------------------------- GCE syslog

  /** A syslog line; {@code oom} forces the (rare) kernel OOM-killer ERROR. */
  Draft syslog(long t, boolean oom) {
    Draft d = new Draft();
    d.insertId = r.alnum(6) + r.digits(2) + r.alnum(4);
    d.resourceType = "gce_instance";
    // The legacy ERP box is the one that runs out of memory now and then.
    String host =
        oom ? "legacy-erp-1" : r.pick(new String[] {"bastion-1", "vpn-gw-1", "legacy-erp-1"});
    d.resourceLabels = strings("instance_id", host.equals("bastion-1") ? "4518834091283746512"
            : host.equals("vpn-gw-1") ? "8863120984512390117" : "2290117834501928341",
        "project_id", PROJECT, "zone", REGION + "-b");
    d.labels = strings("compute.googleapis.com/resource_name", host);
    d.logName = "projects/" + PROJECT + "/logs/syslog";
    d.timestampDigits = r.chance(0.5) ? 0 : 6;
    String prefix = fmt(t, "MMM d HH:mm:ss") + " " + host + " ";
    switch (oom ? 4 : r.nextInt(4)) {
      case 0:
        d.templateKey = "syslog.cron";
        d.textPayload = prefix + "CRON[" + r.between(1000, 65000) + "]: (root) CMD ("
            + "/usr/local/bin/backup.sh >/dev/null 2>&1)";
        break;
      case 1:
        d.templateKey = "syslog.sshd_accepted";
        d.textPayload = prefix + "sshd[" + r.between(1000, 65000) + "]: Accepted publickey for "
            + r.pick(FIRST) + " from " + publicIp() + " port " + r.between(30000, 65000)
            + " ssh2: ED25519 SHA256:" + r.base64Url(43);
        break;
      case 2:
        d.templateKey = "syslog.sshd_invalid_user";
        d.textPayload = prefix + "sshd[" + r.between(1000, 65000) + "]: Invalid user "
            + r.pick(new String[] {"admin", "test", "oracle", "ubuntu", "git"}) + " from "
            + publicIp() + " port " + r.between(30000, 65000);
        d.severity = "NOTICE";
        break;
      case 3:
        d.templateKey = "syslog.google_guest_agent";
        d.textPayload = prefix + "google_guest_agent[" + r.between(500, 900)
            + "]: Updating keys for user " + r.pick(FIRST) + ".";
        break;
      default:
        d.templateKey = "syslog.oom";
        d.textPayload = prefix + "kernel: [" + r.between(10000, 999999) + "." + r.digits(6)
            + "] Out of memory: Killed process " + r.between(1000, 65000) + " (java) total-vm:"
            + r.between(4000000, 9000000) + "kB, anon-rss:" + r.between(2000000, 4000000)
            + "kB, file-rss:0kB, shmem-rss:0kB, UID:1000 pgtables:" + r.between(4000, 9000)
            + "kB oom_score_adj:0";
        d.severity = "ERROR";
        break;
    }
    return d;
  }

  // ---------------------------------------------------------------- Cloud Functions

  Draft function(long t) {
    Draft d = new Draft();
    d.insertId = r.alnum(6) + "f" + r.alnum(6);
    d.resourceType = "cloud_function";
    String fn = r.chance(0.7) ? "thumbnail-on-upload" : "order-confirmation-mailer";
    d.resourceLabels = strings("function_name", fn, "project_id", PROJECT, "region", REGION);
    d.labels = strings("execution_id", r.alnum(12));
    d.logName = "projects/" + PROJECT + "/logs/cloudfunctions.googleapis.com%2Fcloud-functions";
    d.timestampDigits = 9;
    d.trace = r.chance(0.5) ? trace() : null;
    switch (r.nextInt(4)) {
      case 0:
        d.templateKey = "fn.started";
        d.textPayload = "Function execution started";
        d.severity = "DEBUG";
        break;
      case 1:
        d.templateKey = "fn.took";
        int status = r.chance(0.97) ? 200 : 500;
        d.textPayload = "Function execution took " + r.between(20, 3000)
            + " ms, finished with status code: " + status;
        d.severity = "DEBUG";
        break;
      case 2:
        if (fn.equals("thumbnail-on-upload")) {
          d.templateKey = "fn.thumbnail";
          d.textPayload = "Processed upload gs://acme-shop-media/uploads/" + r.uuid()
              + ".jpg (" + r.between(20000, 9000000) + " bytes)";
        } else {
          d.templateKey = "fn.mail_sent";
          d.textPayload = "Sent order confirmation for " + orderId() + " to " + email();
        }
        d.severity = "INFO";
        break;
      default:
        d.templateKey = "fn.smtp_auth";
        d.textPayload = "SMTP login to smtp.mail.example.net:587 as notifications@example.com"
            + " with password=" + r.alnum(10) + r.digits(3) + " ok";
        d.severity = "DEBUG";
        break;
    }
    return d;
  }

  // ---------------------------------------------------------------- batch jobs

  /** The hourly Cloud Run job's completion line (the batch-job-late absence rule's filter). */
  Draft exportCompleted(long runNanos) {
    Draft d = new Draft();
    d.templateKey = "batch.export.completed";
    d.insertId = r.alnum(12);
    d.resourceType = "cloud_run_job";
    d.resourceLabels = strings("job_name", "hourly-export", "location", REGION,
        "project_id", PROJECT);
    String execution = "hourly-export-" + r.alnum(5);
    d.labels = strings(
        "instanceId", "0087244a80" + r.hex(40),
        "run.googleapis.com/execution_name", execution,
        "run.googleapis.com/task_attempt", "0",
        "run.googleapis.com/task_index", "0");
    d.logName = "projects/" + PROJECT + "/logs/run.googleapis.com%2Fstdout";
    d.severity = "INFO";
    d.timestampDigits = 6;
    d.textPayload = "Export completed: " + r.between(2000, 40000) + " orders written to"
        + " gs://acme-shop-exports/orders/" + fmt(runNanos, "yyyy/MM/dd/HH") + "/ in "
        + r.between(40, 600) + "s";
    return d;
  }


  /** The nightly billing job's start line (written even when the job hangs). */
  Draft billingStarted(String runId) {
    return k8sText(BILLING, false, "batch.billing.started",
        "Job nightly_billing started run_id=" + runId);
  }

  /** The completion line the absence rule watches for (batch-late stops it). */
  Draft billingCompleted(String runId) {
    return k8sText(BILLING, false, "batch.billing.completed",
        "Job nightly_billing completed run_id=" + runId + " in " + r.between(180, 900) + "s, "
            + r.between(1000, 9000) + " invoices written");
  }
}
