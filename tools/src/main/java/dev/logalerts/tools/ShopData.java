package dev.logalerts.tools;

/**
 * The fictional shop's fixed data the generator draws from: people's names, domains, products,
 * payment providers, user agents, search words, and its GKE workloads with their stable pods.
 */
final class ShopData {
  private ShopData() {}

  static final String[] FIRST = {
    "alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan", "judy", "mallory",
    "niaj", "olivia", "peggy", "rupert", "sybil", "trent", "victor", "walter", "yusuf"
  };
  static final String[] LAST = {
    "smith",
    "jones",
    "garcia",
    "muller",
    "rossi",
    "dubois",
    "novak",
    "kowalski",
    "silva",
    "tanaka",
    "okafor",
    "larsen"
  };
  static final String[] DOMAINS = {"example.com", "example.org", "mail.example.net"};
  static final String[] SKUS = {"TSHIRT", "HOODIE", "MUG", "CAP", "SOCKS", "BAG", "POSTER"};
  static final String[] PROVIDERS = {"stripe", "adyen", "paypal"};
  static final String[] CURRENCIES = {"EUR", "EUR", "EUR", "USD", "GBP"};
  static final String[] USER_AGENTS = {
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
  static final String[] SEARCH_WORDS = {
    "hoodie", "black+mug", "gift", "socks", "sale", "cap", "poster+a2", "bag"
  };

  /** A GKE workload: namespace, container, app label and three stable pods. */
  static final class Workload {
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
      this.pods =
          new String[] {
            container + "-" + hash + "-" + suffix(hash, 1),
            container + "-" + hash + "-" + suffix(hash, 2),
            container + "-" + hash + "-" + suffix(hash, 3)
          };
    }

    /** The GKE node the workload's pods run on. */
    String nodeName() {
      return "gke-"
          + LogSources.CLUSTER
          + "-default-pool-"
          + node
          + "9e1f-"
          + node.charAt(0)
          + "x7q";
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

  /** The shop's long-running GKE workloads (every one but the batch job). */
  static final Workload[] LONG_RUNNING = {
    FRONTEND, CART, CHECKOUT, INVENTORY, PAYMENTS, AUTH, RECOMMEND
  };
}
