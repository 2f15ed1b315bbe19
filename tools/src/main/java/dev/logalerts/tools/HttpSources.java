package dev.logalerts.tools;

import static dev.logalerts.tools.Draft.obj;
import static dev.logalerts.tools.Draft.strings;
import static dev.logalerts.tools.LogSources.API_BACKEND;
import static dev.logalerts.tools.LogSources.PROJECT;
import static dev.logalerts.tools.LogSources.PROJECT_NUMBER;
import static dev.logalerts.tools.LogSources.REGION;
import static dev.logalerts.tools.LogSources.RUN_IMAGE_SERVICE;
import static dev.logalerts.tools.LogSources.SLOW_RUN_SERVICE;
import static dev.logalerts.tools.LogSources.WEB_BACKEND;
import static dev.logalerts.tools.LogSources.duration;
import static dev.logalerts.tools.ShopData.CURRENCIES;
import static dev.logalerts.tools.ShopData.SEARCH_WORDS;
import static dev.logalerts.tools.ShopData.USER_AGENTS;

import java.util.List;

/**
 * HTTP request logs of the shop: the external HTTP(S) load balancer and Cloud Run (request and
 * application logs). Part of {@link LogSources}; draws from the same {@link Rng}.
 */
final class HttpSources {
  private final LogSources src;
  private final Rng r;

  HttpSources(LogSources src, Rng r) {
    this.src = src;
    this.r = r;
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
   * One request through the external load balancer. {@code backend} null picks one; {@code p503} is
   * the chance the backend answers 503 (the 5xx-burst incident raises it).
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
    long latencyMicros =
        status >= 500
            ? (long) (r.logNormal(300, 0.5) * 1000)
            : (long) (r.logNormal(45, 0.8) * 1000);
    if ("failed_to_connect_to_backend".equals(details)) {
      latencyMicros = r.between(1000, 5000);
    }
    String ip = src.publicIp();
    Draft d = new Draft();
    int query = route[1].indexOf('?');
    d.templateKey =
        "lb.request:" + route[0] + " " + (query < 0 ? route[1] : route[1].substring(0, query));
    d.insertId = r.alnum(14);
    d.jsonPayload =
        obj(
            "@type",
            "type.googleapis.com/google.cloud.loadbalancing.type.LoadBalancerLogEntry",
            "backendTargetProjectNumber",
            "projects/" + PROJECT_NUMBER,
            "cacheDecision",
            route[1].startsWith("/static")
                ? List.of("RESPONSE_HAS_CACHE_CONTROL", "CACHE_MODE_USE_ORIGIN_HEADERS")
                : null,
            "remoteIp",
            ip,
            "statusDetails",
            details);
    d.httpRequest =
        obj(
            "requestMethod",
            route[0],
            "requestUrl",
            "https://shop.example.com" + path,
            "requestSize",
            Integer.toString(route[0].equals("POST") ? r.between(400, 4000) : r.between(90, 900)),
            "status",
            status,
            "responseSize",
            Integer.toString(status == 304 ? 0 : r.between(180, 250000)),
            "userAgent",
            r.pick(USER_AGENTS),
            "remoteIp",
            ip,
            "serverIp",
            status == 503 && details.startsWith("failed") ? null : src.podIp(),
            "referer",
            r.chance(0.5) ? "https://shop.example.com/" : null,
            "latency",
            duration(latencyMicros * 1000),
            "protocol",
            r.chance(0.7) ? "HTTP/2.0" : "HTTP/1.1");
    d.resourceType = "http_load_balancer";
    d.resourceLabels =
        strings(
            "backend_service_name", backend,
            "forwarding_rule_name", "shop-https-forwarding-rule",
            "project_id", PROJECT,
            "target_proxy_name", "shop-https-proxy",
            "url_map_name", "shop-url-map",
            "zone", "global");
    d.severity = status >= 500 ? "WARNING" : "INFO";
    d.logName = "projects/" + PROJECT + "/logs/requests";
    d.trace = src.trace();
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
    d.resourceLabels =
        strings(
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
   * A Cloud Run request log; {@code slow} puts a quarter of the requests at 2–4 s and 12% at the 4
   * s timeout (504).
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
    String url =
        pricing ? "/v1/prices/" + src.sku() + "?currency=" + r.pick(CURRENCIES) : "/resize";
    int status =
        forcedStatus > 0
            ? forcedStatus
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
    Draft d =
        run(service, pricing ? "00042-xuq" : "00017-kef", "run.request:" + method + " " + route);
    d.httpRequest =
        obj(
            "requestMethod",
            method,
            "requestUrl",
            "https://" + service + "-x7kq2pq4a-ew.a.run.app" + url,
            "requestSize",
            Integer.toString(pricing ? r.between(300, 700) : r.between(20000, 900000)),
            "status",
            status,
            "responseSize",
            Integer.toString(pricing ? r.between(200, 900) : r.between(5000, 80000)),
            "userAgent",
            pricing ? "Go-http-client/2.0" : "okhttp/4.12.0",
            "remoteIp",
            src.podIp(),
            "serverIp",
            "216.239.3" + r.between(2, 8) + ".53",
            "latency",
            duration(latencyNanos),
            "protocol",
            "HTTP/1.1");
    d.severity = status >= 500 ? "ERROR" : status >= 400 ? "WARNING" : "INFO";
    d.logName = "projects/" + PROJECT + "/logs/run.googleapis.com%2Frequests";
    d.trace = src.trace();
    d.spanId = r.digits(19);
    d.traceSampled = r.chance(0.1) ? Boolean.TRUE : null;
    return d;
  }

  Draft runApp(long t) {
    Draft d;
    switch (r.nextInt(3)) {
      case 0:
        d = run(RUN_IMAGE_SERVICE, "00017-kef", "run.app.resized");
        d.textPayload =
            "Resized image gs://acme-shop-media/uploads/"
                + r.uuid()
                + ".jpg to "
                + r.pick(new String[] {"640x480", "1280x960", "320x240"})
                + " in "
                + r.between(40, 900)
                + "ms";
        d.severity = "INFO";
        break;
      case 1:
        d = run(SLOW_RUN_SERVICE, "00042-xuq", "run.app.price_cache");
        d.textPayload =
            "price cache refreshed: "
                + r.between(2000, 2400)
                + " skus, "
                + r.between(0, 40)
                + " changed";
        d.severity = "DEFAULT";
        break;
      default:
        d = run(SLOW_RUN_SERVICE, "00042-xuq", "run.app.listening");
        d.textPayload =
            "Listening on port 8080 (instance started in " + r.between(300, 2500) + "ms)";
        d.severity = "DEFAULT";
        break;
    }
    d.logName =
        "projects/"
            + PROJECT
            + "/logs/run.googleapis.com%2F"
            + (d.templateKey.equals("run.app.price_cache") ? "stderr" : "stdout");
    return d;
  }
}
